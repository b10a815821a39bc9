"""/quyen-rieng-tu: the privacy notice, a request about one's rating (by its reference code), and
the status of one's requests. Plain forms (no script needed), CSRF-protected and rate-limited; the
answers are personal, so never cached."""
from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _

from app.clients import BROWSER_COOKIE_DAYS
from app.extensions import limiter
from app.privacy.forms import RequestForm, StatusForm
from app.queries.privacy import requests_by_reference
from app.services.privacy_requests import RequestError, receive
from app.services.reference_codes import grouped, reference_hash
from app.search import nfc

bp = Blueprint("privacy", __name__)


def privacy_rate_limit() -> str:
    return current_app.config["PRIVACY_RATE_LIMIT"]


def notice_page(request_form=None, status_form=None, status: int = 200, **context):
    """The notice with its two forms (fresh ones unless a form with errors is shown again)."""
    return render_template("privacy/notice.html", request_form=request_form or RequestForm(prefix="req"),
                           status_form=status_form or StatusForm(prefix="st"),
                           browser_cookie_days=BROWSER_COOKIE_DAYS, **context), status


@bp.get("/quyen-rieng-tu")
def notice():
    """Who keeps what, why, for how long, who sees it, the rights and how to use them."""
    return notice_page()


@bp.post("/quyen-rieng-tu/yeu-cau")
@limiter.limit(privacy_rate_limit)
def make_request():
    """Record a request for the rating of a code; then show the code's requests with their deadlines."""
    form = RequestForm(prefix="req")
    if not form.validate_on_submit():
        return notice_page(request_form=form, status=400)
    try:
        receive(form.code.data, form.kind.data, nfc(form.details.data) or None)
    except RequestError:
        form.code.errors.append(_("Không có đánh giá nào với mã này (hoặc đánh giá đã được xóa). "
                                  "Hãy kiểm tra lại mã."))
        return notice_page(request_form=form, status=404)
    return status_page(form.code.data, created=True)


@bp.post("/quyen-rieng-tu/tinh-trang")
@limiter.limit(privacy_rate_limit)
def request_status():
    """The requests made with a code, their status and deadlines."""
    form = StatusForm(prefix="st")
    if not form.validate_on_submit():
        return notice_page(status_form=form, status=400)
    return status_page(form.code.data)


def status_page(code: str, created: bool = False):
    requests = requests_by_reference(reference_hash(code))
    return render_template("privacy/status.html", requests=requests, created=created,
                           code=grouped(code)), 200 if requests else 404


"""The queue of privacy requests: each with its deadlines in working days and overdue flag; erase
what it asks (one button), mark a correction done, or refuse with a reason; every step audited."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.forms import PrivacyDecisionForm
from app.admin.helpers import acting_user
from app.clock import today_local
from app.extensions import db
from app.models import PrivacyRequest
from app.models.privacy import REQUEST_STATUSES
from app.permissions import staff_required
from app.queries.privacy import request_queue
from app.search import nfc
from app.services import privacy_requests
from app.services.privacy_requests import ERASES, RequestError


@bp.get("/privacy")
@staff_required("privacy")
def privacy_queue():
    """Open requests by nearest deadline (or the closed ones), with the forms to act on them."""
    status = request.args.get("status", "received")
    if status not in (*REQUEST_STATUSES, "all"):
        abort(400)
    items = request_queue(None if status == "all" else status)
    return render_template("admin/privacy.html", items=items, status=status, today=today_local(),
                           form=PrivacyDecisionForm(), erases=ERASES)


@bp.post("/privacy/<int:request_id>/<action>")
@staff_required("privacy")
def privacy_decide(request_id: int, action: str):
    """Carry out (erase), mark done (with what was done) or refuse (with the reason)."""
    item = db.session.get(PrivacyRequest, request_id) or abort(404)
    form = PrivacyDecisionForm()
    if action not in ("carry-out", "done", "refuse") or not form.validate_on_submit():
        abort(400)
    outcome = nfc(form.outcome.data) or None
    try:
        if action == "carry-out":
            privacy_requests.carry_out(item, acting_user())
            flash(_("Đã xóa dữ liệu theo yêu cầu."), "info")
        elif not outcome:
            flash(_("Hãy ghi đã làm gì hoặc lý do từ chối."), "error")
        elif action == "done":
            privacy_requests.mark_done(item, acting_user(), outcome)
            flash(_("Đã đánh dấu yêu cầu là đã thực hiện."), "info")
        else:
            privacy_requests.refuse(item, acting_user(), outcome)
            flash(_("Đã từ chối yêu cầu."), "info")
    except RequestError:
        db.session.rollback()
        flash(_("Yêu cầu này đã được xử lý hoặc cần làm thủ công."), "error")
    return redirect(url_for("admin.privacy_queue") + f"#request-{request_id}", 303)

"""Citizen feedback: the rating form, its thank-you page, refusals, and the published comments."""
from datetime import datetime

from flask import (Blueprint, abort, after_this_request, current_app, make_response, redirect, render_template,
                   request, session, url_for)
from jinja2_fragments.flask import render_block
from markupsafe import Markup

from app.clients import client_hash, client_key, network_hash, remember_browser
from app.extensions import limiter
from app.feedback.forms import FeedbackForm, ReportForm
from app.feedback.input_rules import plain_submission
from app.rate_limits import moment_of, refusal, seconds_until
from app.htmx import render_page, wants_fragment
from app.queries.feedback import last_rating_since, published_comment, services_of_point
from app.search import nfc
from app.services.reports import report_comment
from app.queries.points import point_by_slug
from app.public.moved import moved_or_gone
from app.cache import cached_page
from app.database import reads_before_writes
from app.urls import page_arg
from app.queries.quality import comments_page, point_quality
from app.services import visit_codes
from app.services.feedback import REPEAT_WINDOW, open_rating, submit_feedback
from app.services.visit_codes import SlipState
from app.clock import to_local, utcnow

bp = Blueprint("feedback", __name__)

PAGE = "feedback/page.html"
REFERENCE_KEY = "rating_reference"
PANEL_BLOCKS = {"feedback-panel": "feedback_panel"}


def load_point(slug: str):
    """The active point of the URL; a former slug redirects, a point no longer in operation is 410."""
    return point_by_slug(slug) or moved_or_gone(slug)


@limiter.request_filter
def counted_by_the_view() -> bool:
    """The rating form counts its posts itself (app/rate_limits.py), and Flask-Limiter has no limit
    of its own for it: its hook need not look for one on every rating posted."""
    return request.endpoint == "feedback.form"


@bp.route("/points/<slug>/feedback", methods=["GET", "POST"])
@reads_before_writes
def form(slug: str):
    """The rating form; a valid POST stores the rating and answers 303 (or, for htmx, the fragment).
    Posts count against the client's FEEDBACK_RATE_LIMIT, whatever they hold (app/rate_limits.py)."""
    after_this_request(remember_browser)
    if request.method == "GET":
        return show_form(load_point(slug))
    retry_at = refusal(current_app.config["FEEDBACK_RATE_LIMIT"], "feedback", client_key())
    if retry_at is not None:
        return too_many_ratings(slug, retry_at)
    # A rating posted reads only the point's id and services: the point is loaded when a page is drawn.
    client = client_hash()
    point_id, services = open_rating(slug, client) or moved_or_gone(slug)
    submission = plain_submission(request.form, {str(service.id) for service in services})
    if submission is None:  # something is off: the form says what (CSRF is checked before the view)
        form = FeedbackForm(services)
        if not form.validate_on_submit():
            return render_panel(load_point(slug), "form", form=form)
        if form.is_bot:  # looks accepted, so the robot learns nothing; nothing is stored
            return finished(slug, comment_status="none")
        submission = form.submission()
    outcome = submit_feedback(point_id, submission, client, network_hash(),
                              slip=request.form.get("slip") or None)
    if outcome.slip_state:
        return slip_refused(load_point(slug), outcome.slip_state)
    if outcome.repeat_until:
        return render_panel(load_point(slug), "repeat", status=409, repeat_until=local_time(outcome.repeat_until))
    if outcome.budget_until:
        return render_panel(load_point(slug), "limited", status=429, retry_at=local_time(outcome.budget_until))
    return finished(slug, comment_status=outcome.comment_status, held=outcome.held, reference=outcome.reference)


def show_form(point):
    """The empty form, or why this browser cannot rate now (said before the form is filled in)."""
    previous = last_rating_since(point.id, client_hash(), utcnow() - REPEAT_WINDOW)
    if previous is not None:
        return render_panel(point, "repeat", repeat_until=local_time(previous + REPEAT_WINDOW))
    slip = request.args.get("slip")
    if slip and (state := visit_codes.find(point.id, slip)[0]) is not SlipState.VALID:
        return slip_refused(point, state)
    form = FeedbackForm(services_of_point(point.id))
    form.src.data = request.args.get("src", "")
    form.slip.data = request.args.get("slip", "")
    return render_panel(point, "form", form=form)


@bp.get("/points/<slug>/feedback/thanks")
def thanks(slug: str):
    """The thank-you page after a rating, with the point's updated score."""
    point = load_point(slug)
    # The reference code rides in the signed session cookie for the one redirect, never in a URL
    # (logs, history); the page shows it once.
    reference = session.pop(REFERENCE_KEY, None)
    return render_panel(point, "thanks", comment_status=request.args.get("comment", "none"),
                        rating_held=request.args.get("rating") == "held", reference=reference)


@bp.get("/points/<slug>/comments")
@cached_page
def comments(slug: str):
    """The point's published comments, a page at a time (htmx appends the next page in place)."""
    point = load_point(slug)
    page = page_arg(request.args.get("page"))
    items, has_more = comments_page(point.id, page)
    return render_page("feedback/comments.html", {"comments-more": "comment_items"}, point=point,
                       comments=items, has_more=has_more, page=page, slug=point.slug)


def report_rate_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


@bp.route("/points/<slug>/comments/<int:feedback_id>/report", methods=["GET", "POST"])
@limiter.limit(report_rate_limit, methods=["POST"])
def report(slug: str, feedback_id: int):
    """Report a published comment (a page of its own, so the point page stays the same for all)."""
    point = load_point(slug)
    feedback = published_comment(point.id, feedback_id) or abort(404)
    after_this_request(remember_browser)
    form = ReportForm()
    if form.validate_on_submit():
        outcome = report_comment(feedback, form.reason.data, nfc(form.note.data) or None, client_hash(),
                                 network_hash())
        return render_template("feedback/reported.html", point=point, outcome=outcome.value)
    status = 400 if form.errors else 200
    return render_template("feedback/report.html", point=point, feedback=feedback, form=form), status


@bp.errorhandler(429)
def too_many(error):
    """Past a per-client limit of Flask-Limiter's (reports): a page that says why and when to come back."""
    current = limiter.current_limit
    retry_at = moment_of(current.reset_at) if current else None
    return too_many_ratings((request.view_args or {}).get("slug", ""), retry_at, retry_after=False)


def too_many_ratings(slug: str, retry_at: datetime | None, retry_after: bool = True):
    """429 with the page (or, for htmx, the panel) that says why and when to come back; with
    retry_after, the Retry-After header too (Flask-Limiter sets its own)."""
    point = point_by_slug(slug)
    if point is None:
        response = make_response(render_template("errors/error.html", status=429), 429)
    else:
        response = make_response(render_panel(point, "limited", status=429, retry_at=local_time(retry_at)))
    if retry_after and retry_at is not None:
        response.headers["Retry-After"] = str(seconds_until(retry_at))
    return response


def slip_refused(point, state: SlipState):
    """A counter slip that cannot be used: spent or expired (410), or not this point's (404)."""
    status = 404 if state is SlipState.UNKNOWN else 410
    return render_panel(point, "slip", status=status, slip_state=state.value)


def finished(slug: str, comment_status: str, held: bool = False, reference: str | None = None):
    """After a rating: 303 to the thank-you page, or for htmx the thank-you and the new score."""
    if not wants_fragment():
        if reference:
            session[REFERENCE_KEY] = reference
        extra = {"rating": "held"} if held else {}
        return redirect(url_for("feedback.thanks", slug=slug, comment=comment_status, **extra), 303)
    point = load_point(slug)
    quality = point_quality(point)
    panel = render_block(PAGE, "feedback_panel", point=point, panel="thanks",
                         comment_status=comment_status, quality=quality, rating_held=held, reference=reference)
    score = render_template("feedback/_quality_block.html", quality=quality, quality_oob=True)
    return Markup(panel) + Markup(score)


def render_panel(point, panel: str, status: int = 200, **context):
    """The feedback page with one panel (form, thanks, repeat, limited), or just the panel for htmx."""
    panel_only = wants_fragment() and request.headers.get("HX-Target") in PANEL_BLOCKS
    quality = None if panel_only else point_quality(point)
    return render_page(PAGE, PANEL_BLOCKS, point=point, panel=panel, quality=quality, **context), status


def local_time(moment: datetime | None) -> str | None:
    """A stored naive-UTC moment as the local "HH:MM dd/mm/yyyy" people read."""
    return to_local(moment).strftime("%H:%M %d/%m/%Y") if moment else None

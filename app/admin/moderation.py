"""Moderation: the queue of held comments and the publish / hide / reply actions (POST, 303)."""
from flask import abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin.contacts import audited, contacts_for
from app.admin.forms import ActionForm, HideForm, ReplyForm
from app.admin.helpers import acting_user, flash_error, see_other
from app.admin import bp
from app.permissions import staff_required
from app.queries.point_review import feedback_by_id, held_bursts, held_comments
from app.queries.points import point_by_slug
from app.services import held_ratings, moderation
from app.services.moderation import ModerationError
from app.templating import number_text


@bp.get("/moderation")
@staff_required("moderate")
def moderation_queue():
    """Held ratings by point (bursts, many from one network), then held comments, oldest first,
    with the rule that held each."""
    held = held_comments()
    shown = contacts_for(held)
    return audited(render_template("admin/moderation.html", held=held, bursts=held_bursts(),
                                   form=ActionForm(), shown_contacts=shown), shown)


def _decide_held(slug: str, decide, done):
    """Apply a decision to every held rating of a point, say how many (done(n, name)), back to the
    queue (303)."""
    point = point_by_slug(slug, active_only=False) or abort(404)
    if ActionForm().validate_on_submit():
        flash(done(decide(point.id, acting_user()), point.name), "success")
    return see_other(url_for("admin.moderation_queue"))


# `count` carries the Babel-written number; ngettext keeps `num` for choosing the plural form.
def _released(n: int, name: str) -> str:
    return ngettext("Đã tính %(count)s đánh giá của %(name)s vào điểm số.",
                    "Đã tính %(count)s đánh giá của %(name)s vào điểm số.", n,
                    count=number_text(n), name=name)


def _discarded(n: int, name: str) -> str:
    return ngettext("Đã loại %(count)s đánh giá của %(name)s.", "Đã loại %(count)s đánh giá của %(name)s.",
                    n, count=number_text(n), name=name)


@bp.post("/points/<slug>/held-ratings/release")
@staff_required("moderate")
def release_held_ratings(slug: str):
    """Count every held rating of a point."""
    return _decide_held(slug, held_ratings.release, _released)


@bp.post("/points/<slug>/held-ratings/discard")
@staff_required("moderate")
def discard_held_ratings(slug: str):
    """Set aside every held rating of a point: they never count."""
    return _decide_held(slug, held_ratings.discard, _discarded)


def _moderate(feedback_id: int, form, apply, done):
    """Validate the form, apply the action, say how it went (done: the message, or a function of
    what the action returned that gives it) and go back (303)."""
    feedback = feedback_by_id(feedback_id) or abort(404)
    if form.validate_on_submit():
        try:
            outcome = apply(feedback, form)
            flash(done(outcome) if callable(done) else done, "success")
        except ModerationError as error:
            flash_error(error)
    else:
        flash(_("Vui lòng điền đủ thông tin: %(fields)s.", fields=", ".join(
            str(form[name].label.text) for name in form.errors)), "error")
    fallback = url_for("admin.point", slug=feedback.point.slug, _anchor=f"fb-{feedback.id}")
    return see_other(fallback, form.next.data)


@bp.post("/feedback/<int:feedback_id>/publish")
@staff_required("moderate")
def publish_feedback(feedback_id: int):
    """Publish a held or hidden comment."""
    return _moderate(feedback_id, ActionForm(), lambda fb, _form: moderation.publish(fb, acting_user()),
                     _("Đã công bố ý kiến."))


@bp.post("/feedback/<int:feedback_id>/hide")
@staff_required("moderate")
def hide_feedback(feedback_id: int):
    """Hide a comment, with the reason."""
    return _moderate(feedback_id, HideForm(),
                     lambda fb, form: moderation.hide(fb, form.reason.data, acting_user()),
                     _("Đã ẩn ý kiến."))


@bp.post("/feedback/<int:feedback_id>/reply")
@staff_required("moderate")
def reply_feedback(feedback_id: int):
    """Reply in public under a comment; the rater's contact goes with it (CONTACT_ERASE_AFTER_REPLY)."""
    return _moderate(feedback_id, ReplyForm(), _reply, _replied)


def _reply(feedback, form) -> bool:
    """Save the reply; True when the rater's contact was erased with it."""
    had_contact = feedback.contact is not None
    moderation.reply(feedback, form.reply.data, acting_user())
    return had_contact and feedback.contact is None


def _replied(contact_erased: bool) -> str:
    if contact_erased:
        return _("Đã lưu câu trả lời công khai. Đã xóa liên hệ riêng của người đánh giá vì đã trả lời.")
    return _("Đã lưu câu trả lời công khai.")

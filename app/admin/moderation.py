"""Moderation: the queue of held comments and the actions on one item: publish, hide, reply, erase the
rater's contact once answered (POST: the item swapped in place for htmx, else 303 back to it)."""
from urllib.parse import urlsplit

from flask import Response, abort, flash, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin.contacts import audited, contacts_for
from app.admin.forms import ActionForm, HideForm, ReplyForm
from app.admin.helpers import acting_user, see_other
from app.admin import bp
from app.htmx import wants_fragment
from app.permissions import staff_required
from app.queries.point_review import feedback_by_id, held_after, held_bursts, held_comments
from app.queries.points import point_by_slug
from app.services import contacts, held_ratings, moderation
from app.services.moderation import ModerationError
from app.templating import number_text
from app.urls import safe_next


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
    """Validate the form, apply the action and say how it went (done: the message, or a function
    of what the action returned that gives it). htmx gets the item re-rendered, to swap in place;
    a plain form goes back to its page at the item (303 to #fb-<id>)."""
    feedback = feedback_by_id(feedback_id) or abort(404)
    if form.validate_on_submit():
        try:
            outcome = apply(feedback, form)
            notice = ("success", done(outcome) if callable(done) else done)
        except ModerationError as error:
            notice = ("error", _(error.template, **error.params))
    else:
        notice = ("error", _("Vui lòng điền đủ thông tin: %(fields)s.", fields=", ".join(
            str(form[name].label.text) for name in form.errors)))
    page = urlsplit(safe_next(form.next.data) or url_for("admin.point", slug=feedback.point.slug))
    page = page._replace(fragment="").geturl()
    if wants_fragment() and request.headers.get("HX-Target") == f"fb-{feedback.id}":
        return item_fragment(feedback, page, notice)
    flash(notice[1], notice[0])
    return vary_on_htmx(see_other(f"{page}#{place_after(feedback, page)}"))


def item_fragment(feedback, page: str, notice: tuple[str, str]) -> Response:
    """One feedback item in its new state, with the outcome said inside it (htmx swaps it in place)."""
    shown = contacts_for([feedback])
    html = render_template("admin/_feedback_item.html", fb=feedback, next_url=page, notice=notice,
                           show_point=in_queue(page), shown_contacts=shown)
    return vary_on_htmx(make_response(audited(html, shown)))


def in_queue(page: str) -> bool:
    """Whether a page is the moderation queue (whose items name their point)."""
    return urlsplit(page).path == url_for("admin.moderation_queue")


def place_after(feedback, page: str) -> str:
    """The anchor to come back to: the item, or in the queue, once it left it, the next one there."""
    if in_queue(page) and feedback.comment_status != "held":
        following = held_after(feedback)
        return f"fb-{following}" if following else "held-title"
    return f"fb-{feedback.id}"


def vary_on_htmx(response: Response) -> Response:
    """The same URL answers an item for htmx and a redirect otherwise."""
    response.vary.add("HX-Request")
    return response


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


@bp.post("/feedback/<int:feedback_id>/contact/erase")
@staff_required("view_contacts")
def erase_contact(feedback_id: int):
    """The rater was answered by phone or e-mail: erase their contact now (audited)."""
    return _moderate(feedback_id, ActionForm(),
                     lambda fb, _form: contacts.erase_after_contacting(fb, acting_user()), _contact_erased)


def _contact_erased(erased: bool) -> str:
    return _("Đã xóa liên hệ riêng của người đánh giá.") if erased else _("Đánh giá này không có liên hệ riêng.")


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

"""Moderation of citizens' comments: publish, hide with a reason, reply in public.

Each action changes the feedback row and writes its audit entry in one commit. Hiding a comment
hides the text only: the rating keeps counting in the scores."""
from flask import current_app

from app.extensions import db
from app.models import AdminUser, Feedback
from app.services import contacts
from app.services.errors import N_, ServiceError
from app.services.audit import record, snapshot
from app.clock import utcnow

MODERATION_FIELDS = ("comment_status", "hidden_reason", "reply_text")
MAX_REASON_LENGTH = 300
MAX_REPLY_LENGTH = 2000


class ModerationError(ServiceError):
    """A moderation action that cannot apply."""


def _require_comment(feedback: Feedback) -> None:
    if not (feedback.comment or "").strip() or feedback.comment_status == "none":
        raise ModerationError(N_("Đánh giá này không có ý kiến để kiểm duyệt."))


def _moderate(feedback: Feedback, actor: AdminUser, action: str, **changes) -> Feedback:
    _require_comment(feedback)
    before = snapshot(feedback, MODERATION_FIELDS)
    for name, value in changes.items():
        setattr(feedback, name, value)
    feedback.moderated_at, feedback.moderated_by_id = utcnow(), actor.id
    record(actor, action, feedback, before, snapshot(feedback, MODERATION_FIELDS))
    db.session.commit()
    return feedback


def publish(feedback: Feedback, actor: AdminUser) -> Feedback:
    """Show a held or hidden comment on the point's public page."""
    return _moderate(feedback, actor, "publish_comment", comment_status="published", hidden_reason=None)


def hide(feedback: Feedback, reason: str, actor: AdminUser) -> Feedback:
    """Take a comment off the public page, saying why (kept for the audit and the author's rights)."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(N_("Cần ghi lý do ẩn ý kiến."))
    if len(reason) > MAX_REASON_LENGTH:
        raise ModerationError(N_("Lý do quá dài (tối đa %(n)s ký tự)."), n=MAX_REASON_LENGTH)
    return _moderate(feedback, actor, "hide_comment", comment_status="hidden", hidden_reason=reason)


def reply(feedback: Feedback, text: str, actor: AdminUser) -> Feedback:
    """Answer a comment in public: the reply shows under it, with its date, once published; the
    rater's contact is erased with it (CONTACT_ERASE_AFTER_REPLY), in the same commit."""
    text = (text or "").strip()
    if not text:
        raise ModerationError(N_("Nội dung trả lời đang trống."))
    if len(text) > MAX_REPLY_LENGTH:
        raise ModerationError(N_("Trả lời quá dài (tối đa %(n)s ký tự)."), n=MAX_REPLY_LENGTH)
    _require_comment(feedback)
    before = snapshot(feedback, MODERATION_FIELDS)
    feedback.reply_text, feedback.replied_at, feedback.replied_by_id = text, utcnow(), actor.id
    record(actor, "reply_comment", feedback, before, snapshot(feedback, MODERATION_FIELDS))
    if current_app.config["CONTACT_ERASE_AFTER_REPLY"]:  # the contact's purpose is met
        contacts.drop(feedback, actor, contacts.REPLIED)
    db.session.commit()
    return feedback

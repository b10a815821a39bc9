"""Requests people make about their own rating, found by its reference code: erasure, correction,
withdrawing consent; each with the deadlines it must be answered and carried out by."""
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.checks import one_of

REQUEST_KINDS = ("erase_rating", "erase_comment", "erase_contact", "withdraw_consent", "correct")
REQUEST_STATUSES = ("received", "done", "refused")


class PrivacyRequest(db.Model):
    """One request: what is asked, for which rating (None once the rating is erased), by when."""

    __tablename__ = "privacy_requests"
    __table_args__ = (one_of("kind", REQUEST_KINDS), one_of("status", REQUEST_STATUSES))
    id: Mapped[int] = mapped_column(primary_key=True)
    reference_hash: Mapped[str] = mapped_column(String(64), index=True)
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    details: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="received", server_default="received", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reply_due: Mapped[date] = mapped_column(Date)
    complete_due: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    outcome: Mapped[str | None] = mapped_column(Text)  # what was done, or why it was refused

    feedback: Mapped["Feedback | None"] = relationship()  # noqa: F821

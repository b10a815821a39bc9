"""Citizens' ratings, their private contact details, and the score aggregates they feed."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.checks import one_of
from app.clock import utcnow

COMMENT_STATUSES = ("none", "published", "held", "hidden")
# Whether a rating counts in the scores: counted, held for review (a burst, many from one
# network: staff release or discard it), or discarded by staff.
RATING_STATUSES = ("counted", "held", "discarded")
CHANNELS = ("web", "qr")
ORIGINS = ("citizen", "demo", "synthetic")


class Feedback(db.Model):
    """One rating of one point: overall satisfaction, optional SIPAS factors and comment."""

    __tablename__ = "feedback"
    __table_args__ = (
        one_of("comment_status", COMMENT_STATUSES), one_of("channel", CHANNELS), one_of("origin", ORIGINS),
        one_of("rating_status", RATING_STATUSES),
        Index("ix_feedback_point_client_created", "point_id", "client_hash", "created_at"),
        Index("ix_feedback_point_network_created", "point_id", "network_hash", "created_at"),
        Index("ix_feedback_network_created", "network_hash", "created_at"),
        Index("ix_feedback_point_created", "point_id", "created_at"),  # a point's last hour (the burst rule)
        Index("ix_feedback_rating_status_point", "rating_status", "point_id"),
        Index("ix_feedback_point_status_created", "point_id", "comment_status", "created_at"),
        Index("ix_feedback_status_created", "comment_status", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    visit_date: Mapped[date] = mapped_column(Date)
    quarter: Mapped[int] = mapped_column(Integer)  # year*10+q of the visit, e.g. 20264
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    overall: Mapped[int] = mapped_column(SmallInteger)
    access: Mapped[int | None] = mapped_column(SmallInteger)
    procedure: Mapped[int | None] = mapped_column(SmallInteger)
    staff: Mapped[int | None] = mapped_column(SmallInteger)
    result: Mapped[int | None] = mapped_column(SmallInteger)
    complaints: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    comment_status: Mapped[str] = mapped_column(String(10), default="none")
    hold_reason: Mapped[str | None] = mapped_column(String(200))
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    moderated_at: Mapped[datetime | None] = mapped_column(DateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    reply_text: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    channel: Mapped[str] = mapped_column(String(10), default="web")
    # The browser (a keyed hash of its random cookie id; of its network when it refuses cookies) and
    # the network (a keyed hash of the IPv4 address or IPv6 /64): never the raw address or agent.
    client_hash: Mapped[str] = mapped_column(String(64))
    network_hash: Mapped[str | None] = mapped_column(String(32))
    rating_status: Mapped[str] = mapped_column(String(10), default="counted", server_default="counted")
    rating_hold: Mapped[str | None] = mapped_column(String(20))  # why held: "burst", "network"
    verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())  # by a counter slip
    origin: Mapped[str] = mapped_column(String(10), default="citizen", index=True)
    # The rating's reference code, as a keyed hash (app/services/reference_codes.py): the rater
    # alone holds the code, which lets them ask for its erasure or correction.
    reference_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    point: Mapped["Point"] = relationship()  # noqa: F821
    service: Mapped["Service | None"] = relationship()  # noqa: F821
    contact: Mapped["FeedbackContact | None"] = relationship(
        back_populates="feedback", cascade="all, delete-orphan", uselist=False
    )
    reports: Mapped[list["CommentReport"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CommentReport.id")


class FeedbackContact(db.Model):
    """A rater's optional phone or e-mail, kept apart: admins only, never public, erased in time."""

    __tablename__ = "feedback_contacts"
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    contact: Mapped[str] = mapped_column(String(200))
    consent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    erase_after: Mapped[date] = mapped_column(Date, index=True)

    feedback: Mapped[Feedback] = relationship(back_populates="contact")


class ScoreAggregate(db.Model):
    """Count, sum and sum of squares of one criterion's ratings for one point in one quarter."""

    __tablename__ = "score_aggregates"
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"), primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    criterion: Mapped[str] = mapped_column(String(12), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[float] = mapped_column(Float, default=0)
    total_sq: Mapped[float] = mapped_column(Float, default=0)


class VisitCode(db.Model):
    """A counter slip: a one-time link to a point's rating form, handed out after a transaction.
    Only a hash of its token is kept; the rating it gave is a verified visit."""

    __tablename__ = "visit_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(200))


REPORT_REASONS = ("abuse", "personal", "spam", "false", "other")


class CommentReport(db.Model):
    """A citizen's report that a published comment breaks the rules: why, and who (keyed hashes)."""

    __tablename__ = "comment_reports"
    __table_args__ = (one_of("reason", REPORT_REASONS),
                      Index("ix_comment_reports_feedback_client", "feedback_id", "client_hash"))
    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    client_hash: Mapped[str] = mapped_column(String(64))
    network_hash: Mapped[str | None] = mapped_column(String(32))

"""A closed quarter of the ranking (thi đua) and the snapshot of its ranking, frozen when closed."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.checks import one_of

# closed: frozen, staff only; published: frozen and on /minh-bach; reopened: open again (the
# snapshot is gone, the row keeps who reopened it and why).
QUARTER_STATES = ("closed", "published", "reopened")


class QuarterClosing(db.Model):
    """Who closed, published or reopened a quarter and when, with the province figures it froze."""

    __tablename__ = "quarter_closings"
    __table_args__ = (one_of("state", QUARTER_STATES),)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(String(10))
    closed_at: Mapped[datetime] = mapped_column(DateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    # The province summary and the moderation figures of the quarter as they stood when closed.
    summary: Mapped[dict | None] = mapped_column(JSON)

    closed_by: Mapped["AdminUser | None"] = relationship(foreign_keys=[closed_by_id])  # noqa: F821
    published_by: Mapped["AdminUser | None"] = relationship(foreign_keys=[published_by_id])  # noqa: F821
    reopened_by: Mapped["AdminUser | None"] = relationship(foreign_keys=[reopened_by_id])  # noqa: F821

    @property
    def is_frozen(self) -> bool:
        """Whether the quarter's ranking comes from the snapshot (closed or published)."""
        return self.state in ("closed", "published")


class QuarterRanking(db.Model):
    """One point's frozen place in a closed quarter: names as they were, scores, grades, rank."""

    __tablename__ = "quarter_rankings"
    quarter: Mapped[int] = mapped_column(
        ForeignKey("quarter_closings.quarter", ondelete="CASCADE"), primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    unit_name: Mapped[str] = mapped_column(String(200))
    rank: Mapped[int | None] = mapped_column(Integer)
    previous_rank: Mapped[int | None] = mapped_column(Integer)
    citizen_value: Mapped[float | None] = mapped_column(Float)  # the Bayesian score, 1..5
    citizen_count: Mapped[int] = mapped_column(Integer, default=0)
    citizen_mean: Mapped[float | None] = mapped_column(Float)
    citizen_low: Mapped[float | None] = mapped_column(Float)  # 95% interval of the mean
    citizen_high: Mapped[float | None] = mapped_column(Float)
    delivery: Mapped[float | None] = mapped_column(Float)
    public_utility: Mapped[float | None] = mapped_column(Float)
    model_office: Mapped[float | None] = mapped_column(Float)
    combined: Mapped[float | None] = mapped_column(Float)

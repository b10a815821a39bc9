"""Reads of closed quarters: their state, the frozen ranking rows and the published list."""
from sqlalchemy import select

from app.extensions import db
from app.models import QuarterClosing, QuarterRanking


def closing_of(quarter: int) -> QuarterClosing | None:
    """The closing record of a quarter (closed, published or reopened), None if never closed."""
    return db.session.get(QuarterClosing, quarter)


def is_frozen(quarter: int) -> bool:
    """Whether the quarter is closed or published, so its ranking comes from the snapshot."""
    closing = closing_of(quarter)
    return bool(closing and closing.is_frozen)


def snapshot_rows(quarter: int) -> list[QuarterRanking]:
    """The frozen ranking of a closed quarter, best first, unranked points last."""
    stmt = (select(QuarterRanking).where(QuarterRanking.quarter == quarter)
            .order_by(QuarterRanking.rank.is_(None), QuarterRanking.rank, QuarterRanking.name))
    return list(db.session.scalars(stmt))


def published_quarters() -> list[QuarterClosing]:
    """The quarters whose ranking is public on /minh-bach, newest first."""
    stmt = (select(QuarterClosing).where(QuarterClosing.state == "published")
            .order_by(QuarterClosing.quarter.desc()))
    return list(db.session.scalars(stmt))


def published_closing(quarter: int) -> QuarterClosing | None:
    """The closing of a published quarter; None when the quarter is not public."""
    closing = closing_of(quarter)
    return closing if closing and closing.state == "published" else None

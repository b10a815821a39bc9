"""The public transparency figures: per quarter, what citizens sent and what became of it."""
import statistics
from dataclasses import dataclass

from sqlalchemy import String, case, cast, func, select

from app.extensions import db
from app.models import AuditLog, Feedback

QUARTERS_SHOWN = 8
# Only citizens' activity is counted: load-test rows and the seed's demo ratings are not theirs
# (the page says how many demo ratings it leaves out).
EXCLUDED_ORIGINS = ("synthetic", "demo")


@dataclass
class QuarterFigures:
    """One quarter: ratings and comments received, their fate, replies and the median delay."""

    quarter: int
    ratings: int
    comments: int
    published: int
    held: int
    hidden: int
    replied: int
    median_reply_hours: float | None = None


def _count_status(status: str):
    return func.sum(case((Feedback.comment_status == status, 1), else_=0))


def _figures_statement():
    return (select(Feedback.quarter, func.count(),
                   func.sum(case((Feedback.comment_status != "none", 1), else_=0)),
                   _count_status("published"), _count_status("held"), _count_status("hidden"),
                   func.count(Feedback.replied_at))
            .where(Feedback.origin.not_in(EXCLUDED_ORIGINS)).group_by(Feedback.quarter))


def _with_delays(figures: list[QuarterFigures]) -> list[QuarterFigures]:
    delays = reply_delays([f.quarter for f in figures])
    for f in figures:
        if delays.get(f.quarter):
            f.median_reply_hours = round(statistics.median(delays[f.quarter]), 1)
    return figures


def quarter_figures(limit: int = QUARTERS_SHOWN) -> list[QuarterFigures]:
    """The latest quarters with feedback, newest first (two queries)."""
    stmt = _figures_statement().order_by(Feedback.quarter.desc()).limit(limit)
    return _with_delays([QuarterFigures(q, *(int(v or 0) for v in values)) for q, *values in db.session.execute(stmt)])


def figures_of(quarter: int) -> QuarterFigures:
    """One quarter's figures (zeros when nothing was received)."""
    found = db.session.execute(_figures_statement().where(Feedback.quarter == quarter)).first()
    values = (int(v or 0) for v in found[1:]) if found else (0,) * 6
    return _with_delays([QuarterFigures(quarter, *values)])[0]


def first_replies():
    """When each comment was first answered: its first reply in the audit log (replied_at moves
    with each correction of the reply)."""
    return (select(AuditLog.target_id, func.min(AuditLog.at).label("at"))
            .where(AuditLog.action == "reply_comment", AuditLog.target_type == "feedback")
            .group_by(AuditLog.target_id).subquery())


def reply_delays(quarters: list[int]) -> dict[int, list[float]]:
    """Hours from each comment to its first public reply, per quarter."""
    if not quarters:
        return {}
    first = first_replies()
    stmt = (select(Feedback.quarter, Feedback.created_at, func.coalesce(first.c.at, Feedback.replied_at))
            .outerjoin(first, first.c.target_id == cast(Feedback.id, String))
            .where(Feedback.quarter.in_(quarters), Feedback.replied_at.is_not(None),
                   Feedback.origin.not_in(EXCLUDED_ORIGINS)))
    delays: dict[int, list[float]] = {}
    for quarter, created, replied in db.session.execute(stmt):
        delays.setdefault(quarter, []).append(max(0.0, (replied - created).total_seconds() / 3600))
    return delays


def demo_total() -> int:
    """How many demo ratings the site holds (left out of the figures, and said so)."""
    return int(db.session.scalar(select(func.count()).select_from(Feedback).where(Feedback.origin == "demo")) or 0)

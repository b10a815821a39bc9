"""Closing, publishing and reopening a quarter of the ranking, each audited.

Closing freezes the quarter's ranking (every point's scores, grades, rank and movement) and its
province figures into a snapshot; publishing puts the frozen ranking on /minh-bach; reopening (an
administrator's act, with a reason) drops the snapshot so the ranking is live again. Ratings are
counted in the quarter they are received, and only quarters that have ended can be closed, so a
rating sent after closing always counts in the open quarter."""
from sqlalchemy import delete

from app.clock import current_quarter, utcnow
from app.extensions import db
from app.models import AdminUser, QuarterClosing, QuarterRanking
from app.queries.quarters import closing_of
from app.queries.ranking import RankingRow, live_ranking
from app.queries.report import province_summary
from app.scoring import quarter_label
from app.services.audit import record
from app.services.errors import N_, ServiceError

REASON_MIN_LENGTH = 10


class QuarterError(ServiceError):
    """A quarter that cannot be closed, published or reopened now."""


def close_quarter(quarter: int, actor: AdminUser) -> QuarterClosing:
    """Freeze a finished quarter's ranking and figures into a snapshot (commits, audited)."""
    if quarter >= current_quarter():
        raise QuarterError(N_("Chỉ đóng được quý đã kết thúc."))
    closing = closing_of(quarter)
    if closing and closing.is_frozen:
        raise QuarterError(N_("Quý %(quarter)s đã được đóng."), quarter=quarter_label(quarter))
    rows, summary = live_ranking(quarter), province_summary(quarter)
    if closing is None:
        closing = QuarterClosing(quarter=quarter)
        db.session.add(closing)
    closing.state, closing.closed_at, closing.closed_by_id = "closed", utcnow(), actor.id
    closing.published_at = closing.published_by_id = None
    closing.summary = summary
    db.session.add_all(_frozen(quarter, row) for row in rows)
    ranked = sum(1 for row in rows if row.rank is not None)
    record(actor, "close_quarter", ("quarter_closings", quarter), None,
           {"quarter": quarter_label(quarter), "state": "closed", "points": len(rows), "ranked": ranked})
    db.session.commit()
    return closing


def publish_quarter(quarter: int, actor: AdminUser) -> QuarterClosing:
    """Make a closed quarter's frozen ranking public on /minh-bach (commits, audited)."""
    closing = closing_of(quarter)
    if closing is None or closing.state != "closed":
        raise QuarterError(N_("Chỉ công bố được quý đã đóng và chưa công bố."))
    closing.state, closing.published_at, closing.published_by_id = "published", utcnow(), actor.id
    record(actor, "publish_quarter", ("quarter_closings", quarter), {"state": "closed"}, {"state": "published"})
    db.session.commit()
    return closing


def reopen_quarter(quarter: int, actor: AdminUser, reason: str | None) -> QuarterClosing:
    """Drop a closed quarter's snapshot (and its publication) for a stated reason (commits, audited)."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise QuarterError(N_("Hãy ghi lý do mở lại quý (ít nhất %(n)s ký tự)."), n=REASON_MIN_LENGTH)
    closing = closing_of(quarter)
    if closing is None or not closing.is_frozen:
        raise QuarterError(N_("Quý %(quarter)s đang mở."), quarter=quarter_label(quarter))
    before = {"state": closing.state, "reason": None}
    db.session.execute(delete(QuarterRanking).where(QuarterRanking.quarter == quarter))
    closing.state, closing.reopened_at, closing.reopened_by_id = "reopened", utcnow(), actor.id
    closing.reopen_reason, closing.summary = reason, None
    record(actor, "reopen_quarter", ("quarter_closings", quarter), before,
           {"state": "reopened", "reason": reason})
    db.session.commit()
    return closing


def _frozen(quarter: int, row: RankingRow) -> QuarterRanking:
    citizen, interval = row.citizen, row.interval or (None, None)
    return QuarterRanking(
        quarter=quarter, point_id=row.point_id, slug=row.slug, code=row.code, name=row.name, type=row.type,
        unit_name=row.unit_name, rank=row.rank, previous_rank=row.previous_rank,
        citizen_value=citizen.value if citizen else None, citizen_count=citizen.count if citizen else 0,
        citizen_mean=citizen.mean if citizen else None, citizen_low=interval[0], citizen_high=interval[1],
        combined=row.combined, **row.grades)

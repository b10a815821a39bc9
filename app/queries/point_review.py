"""Reads of the staff's point quality page and moderation queue: score history, criteria,
channels, the feedback with its private contact, and the held comments."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import Feedback, Point, ScoreAggregate
from app.models.feedback import COMMENT_STATUSES
from app.pagination import Page, paginate
from app.queries.scores import NEUTRAL_MEAN, province_means, score_of, tallies
from app.scoring import CRITERIA, Score, Tally

FEEDBACK_PER_PAGE = 20
QUEUE_LIMIT = 100


@dataclass
class QuarterScore:
    """A point's overall score in one quarter (value None below the minimum count)."""

    quarter: int
    score: Score


@dataclass
class CriterionBreakdown:
    """One criterion over the period: the score, its tally and the 95% interval of the mean."""

    criterion: str
    score: Score | None
    tally: Tally | None

    @property
    def interval(self) -> tuple[float, float] | None:
        """The normal-approximation 95% interval of the plain mean, if there are two ratings."""
        return self.tally.interval95() if self.tally else None


def score_history(point_id: int, quarters: tuple[int, ...]) -> list[QuarterScore]:
    """The point's overall score in each quarter, oldest first (two queries)."""
    agg = ScoreAggregate
    mine = select(agg.quarter, agg.count, agg.total, agg.total_sq).where(
        agg.point_id == point_id, agg.criterion == "overall", agg.quarter.in_(quarters))
    province = (select(agg.quarter, func.sum(agg.count), func.sum(agg.total))
                .where(agg.criterion == "overall", agg.quarter.in_(quarters)).group_by(agg.quarter))
    tallies_by_quarter = {q: Tally(int(n), float(t), float(sq)) for q, n, t, sq in db.session.execute(mine)}
    means = defaultdict(lambda: NEUTRAL_MEAN,
                        {q: float(t) / int(n) for q, n, t in db.session.execute(province) if n})
    return [QuarterScore(q, score_of(tallies_by_quarter.get(q, Tally()), means[q])) for q in sorted(quarters)]


def criteria_breakdown(point_id: int, quarters: tuple[int, ...]) -> list[CriterionBreakdown]:
    """Each criterion's score and tally for the point over the quarters (two queries)."""
    counts, means = tallies(quarters, [point_id]), province_means(quarters)
    rows = []
    for criterion in CRITERIA:
        tally = counts.get((point_id, criterion))
        rows.append(CriterionBreakdown(criterion, score_of(tally, means[criterion]) if tally else None, tally))
    return rows


def channel_split(point_id: int, quarters: tuple[int, ...]) -> dict[str, int]:
    """How many of the point's ratings came by the web form and by the counter's QR code."""
    stmt = (select(Feedback.channel, func.count()).where(
        Feedback.point_id == point_id, Feedback.quarter.in_(quarters)).group_by(Feedback.channel))
    split = {"web": 0, "qr": 0}
    split.update({channel: int(n) for channel, n in db.session.execute(stmt)})
    return split


def point_feedback(point_id: int, status: str | None = None, page: int = 1) -> Page:
    """One page of the point's feedback (optionally of one comment status), newest first, with
    each rating's service and private contact loaded."""
    stmt = (select(Feedback).where(Feedback.point_id == point_id)
            .options(selectinload(Feedback.contact), joinedload(Feedback.service))
            .order_by(Feedback.created_at.desc(), Feedback.id.desc()))
    if status in COMMENT_STATUSES:
        stmt = stmt.where(Feedback.comment_status == status)
    return paginate(stmt, page, FEEDBACK_PER_PAGE)


def held_comments(limit: int = QUEUE_LIMIT) -> list[Feedback]:
    """Comments waiting for moderation, oldest first, with their point and contact."""
    stmt = (select(Feedback).where(Feedback.comment_status == "held")
            .options(joinedload(Feedback.point), selectinload(Feedback.contact), selectinload(Feedback.reports))
            .order_by(Feedback.created_at, Feedback.id).limit(limit))
    return list(db.session.scalars(stmt))


def held_after(feedback: Feedback) -> int | None:
    """The id of the held comment that follows this one in the queue (None at its end)."""
    later = ((Feedback.created_at > feedback.created_at)
             | ((Feedback.created_at == feedback.created_at) & (Feedback.id > feedback.id)))
    stmt = (select(Feedback.id).where(Feedback.comment_status == "held", later)
            .order_by(Feedback.created_at, Feedback.id).limit(1))
    return db.session.scalar(stmt)


def held_count() -> int:
    """How many comments wait for moderation (shown in the staff navigation)."""
    stmt = select(func.count()).select_from(Feedback).where(Feedback.comment_status == "held")
    return db.session.scalar(stmt) or 0


def feedback_by_id(feedback_id: int) -> Feedback | None:
    """One feedback row with its point."""
    return db.session.scalar(select(Feedback).options(joinedload(Feedback.point))
                             .where(Feedback.id == feedback_id))


@dataclass(frozen=True)
class HeldBurst:
    """The held ratings of one point: how many, why, when, from how many networks, and their mean
    against the point's counted mean (what staff weigh before releasing or discarding them)."""

    point_id: int
    slug: str
    name: str
    held: int
    reasons: str  # "burst;network"
    first_at: datetime
    last_at: datetime
    networks: int
    mean: float


def held_bursts() -> list[HeldBurst]:
    """Every point with held ratings, the most held first."""
    stmt = (select(Feedback.point_id, Point.slug, Point.name, func.count(),
                   func.min(Feedback.rating_hold), func.max(Feedback.rating_hold),
                   func.min(Feedback.created_at), func.max(Feedback.created_at),
                   func.count(func.distinct(Feedback.network_hash)), func.avg(Feedback.overall))
            .join(Point, Point.id == Feedback.point_id)
            .where(Feedback.rating_status == "held")
            .group_by(Feedback.point_id, Point.slug, Point.name)
            .order_by(func.count().desc(), Feedback.point_id))
    return [HeldBurst(pid, slug, name, n, ";".join(sorted({low, high})), first, last, nets, float(mean))
            for pid, slug, name, n, low, high, first, last, nets, mean in db.session.execute(stmt)]


def held_ratings_total() -> int:
    """How many ratings wait for staff to release or discard them (the overview's alert)."""
    stmt = select(func.count()).select_from(Feedback).where(Feedback.rating_status == "held")
    return db.session.scalar(stmt) or 0

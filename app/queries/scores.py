"""Reads of the score aggregates: per point and province-wide, per quarter or rolling 12 months."""
from collections import defaultdict
from datetime import date

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import ScoreAggregate
from app.scoring import CRITERIA, Score, Tally, quarter_of, rolling_quarters, score
from app.timeutil import to_local, utcnow

NEUTRAL_MEAN = 3.0  # the prior when the province has no rating yet: the middle of the scale


def current_quarter(today: date | None = None) -> int:
    """The quarter of today in Vietnam time."""
    return quarter_of(today or to_local(utcnow()).date())


def tallies(quarters: tuple[int, ...], point_ids=None) -> dict[tuple[int, str], Tally]:
    """Summed tallies per (point, criterion) over the given quarters, in one query."""
    agg = ScoreAggregate
    stmt = (
        select(agg.point_id, agg.criterion, func.sum(agg.count), func.sum(agg.total),
               func.sum(agg.total_sq))
        .where(agg.quarter.in_(quarters))
        .group_by(agg.point_id, agg.criterion)
    )
    if point_ids is not None:
        stmt = stmt.where(agg.point_id.in_(point_ids))
    return {(pid, crit): Tally(int(n), float(t), float(sq))
            for pid, crit, n, t, sq in db.session.execute(stmt)}


def province_means(quarters: tuple[int, ...]) -> dict[str, float]:
    """The province mean of each criterion over the given quarters (the Bayesian prior)."""
    agg = ScoreAggregate
    stmt = (select(agg.criterion, func.sum(agg.count), func.sum(agg.total))
            .where(agg.quarter.in_(quarters)).group_by(agg.criterion))
    means: dict[str, float] = defaultdict(lambda: NEUTRAL_MEAN)
    for criterion, n, total in db.session.execute(stmt):
        if n:
            means[criterion] = float(total) / int(n)
    return means


def point_scores(quarters: tuple[int, ...], criterion: str = "overall", point_ids=None) -> dict[int, Score]:
    """Each point's score on one criterion over the given quarters (points without ratings absent)."""
    cfg = current_app.config
    prior = province_means(quarters)[criterion]
    return {
        pid: score(tally, prior, cfg["SCORE_PRIOR_WEIGHT"], cfg["SCORE_MIN_RATINGS"])
        for (pid, crit), tally in tallies(quarters, point_ids).items() if crit == criterion
    }


def rolling_scores(criterion: str = "overall", point_ids=None) -> dict[int, Score]:
    """Scores over the rolling 12 months (the current quarter and the three before)."""
    return point_scores(rolling_quarters(current_quarter()), criterion, point_ids)


def criteria_scores(point_id: int, quarters: tuple[int, ...]) -> dict[str, Score]:
    """One point's score on every criterion over the given quarters, in two queries."""
    cfg = current_app.config
    prior = province_means(quarters)
    point_tallies = tallies(quarters, [point_id])
    return {
        criterion: score(point_tallies.get((point_id, criterion), Tally()), prior[criterion],
                         cfg["SCORE_PRIOR_WEIGHT"], cfg["SCORE_MIN_RATINGS"])
        for criterion in CRITERIA
    }


def aggregate_rows() -> list[tuple]:
    """Every aggregate row as a plain sorted tuple (to compare incremental and rebuilt states)."""
    agg = ScoreAggregate
    stmt = select(agg.point_id, agg.quarter, agg.criterion, agg.count, agg.total, agg.total_sq)
    return sorted((p, q, c, int(n), float(t), float(sq)) for p, q, c, n, t, sq in db.session.execute(stmt))

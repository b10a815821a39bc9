"""Reads of the score aggregates: per point and province-wide, per quarter or rolling 12 months."""
import threading
import time
from collections import defaultdict

from flask import current_app
from sqlalchemy import case, func, select

from app.extensions import db
from app.models import Feedback, ScoreAggregate
from app.clock import current_quarter
from app.scoring import CRITERIA, Satisfaction, Score, Tally, rolling_quarters, score

NEUTRAL_MEAN = 3.0  # the prior when the province has no rating yet: the middle of the scale
PROVINCE_MEANS_TTL = 30.0  # seconds another worker may show a prior that lacks the newest ratings
_means_cache: dict[tuple, tuple[float, dict[str, tuple[int, float]]]] = {}
_means_lock = threading.Lock()


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
    """The province mean of each criterion over the given quarters (the Bayesian prior).

    The sums behind it are cached per process for PROVINCE_MEANS_TTL seconds, so a page does not
    scan every aggregate row; the feedback services fold each rating they commit into the cache
    (count_in_province_means), so this process stays exact and other workers catch up in time."""
    key = (str(db.engine.url), tuple(quarters))
    with _means_lock:
        hit = _means_cache.get(key)
    if hit is None or time.monotonic() - hit[0] >= PROVINCE_MEANS_TTL:
        hit = (time.monotonic(), _province_sums(quarters))
        with _means_lock:
            _means_cache[key] = hit
    with _means_lock:
        sums = dict(hit[1])
    means: dict[str, float] = defaultdict(lambda: NEUTRAL_MEAN)
    means.update({criterion: total / n for criterion, (n, total) in sums.items() if n > 0})
    return means


def _province_sums(quarters: tuple[int, ...]) -> dict[str, tuple[int, float]]:
    agg = ScoreAggregate
    stmt = (select(agg.criterion, func.sum(agg.count), func.sum(agg.total))
            .where(agg.quarter.in_(quarters)).group_by(agg.criterion))
    return {criterion: (int(n or 0), float(total or 0)) for criterion, n, total in db.session.execute(stmt)}


def count_in_province_means(quarter: int, ratings: dict[str, int], sign: int = 1) -> None:
    """Fold one committed rating (sign=-1: a deleted one) into this process's cached sums."""
    url = str(db.engine.url)
    with _means_lock:
        for (cached_url, quarters), (_stamp, sums) in _means_cache.items():
            if cached_url != url or quarter not in quarters:
                continue
            for criterion, value in ratings.items():
                n, total = sums.get(criterion, (0, 0.0))
                sums[criterion] = (n + sign, total + sign * value)


def forget_province_means() -> None:
    """Drop the cached sums (after a rebuild, a direct write to the aggregates, and between tests)."""
    with _means_lock:
        _means_cache.clear()


def scorer():
    """score_of with the settings read once: for the pages that score every point."""
    cfg = current_app.config
    weight, minimum = cfg["SCORE_PRIOR_WEIGHT"], cfg["SCORE_MIN_RATINGS"]
    return lambda tally, prior_mean: score(tally, prior_mean, weight, minimum)


def score_of(tally: Tally, prior_mean: float) -> Score:
    """A tally as a displayed Score, with the prior weight and minimum count of the settings."""
    return scorer()(tally, prior_mean)


def point_scores(quarters: tuple[int, ...], criterion: str = "overall", point_ids=None) -> dict[int, Score]:
    """Each point's score on one criterion over the given quarters (points without ratings absent)."""
    prior, score_with = province_means(quarters)[criterion], scorer()
    return {pid: score_with(tally, prior)
            for (pid, crit), tally in tallies(quarters, point_ids).items() if crit == criterion}


def rolling_scores(criterion: str = "overall", point_ids=None) -> dict[int, Score]:
    """Scores over the rolling 12 months (the current quarter and the three before)."""
    return point_scores(rolling_quarters(current_quarter()), criterion, point_ids)


def criteria_scores(point_id: int, quarters: tuple[int, ...]) -> dict[str, Score]:
    """One point's score on every criterion over the given quarters (count 0 where not rated), in
    two queries."""
    prior = province_means(quarters)
    point_tallies = tallies(quarters, [point_id])
    return {criterion: score_of(point_tallies.get((point_id, criterion), Tally()), prior[criterion])
            for criterion in CRITERIA}


def rolling_criteria_scores(point_id: int) -> dict[str, Score]:
    """One point's score on every criterion over the rolling 12 months."""
    return criteria_scores(point_id, rolling_quarters(current_quarter()))


def aggregate_rows() -> list[tuple]:
    """Every aggregate row as a plain sorted tuple (to compare incremental and rebuilt states)."""
    agg = ScoreAggregate
    stmt = select(agg.point_id, agg.quarter, agg.criterion, agg.count, agg.total, agg.total_sq)
    return sorted((p, q, c, int(n), float(t), float(sq)) for p, q, c, n, t, sq in db.session.execute(stmt))


def verified_counts(point_ids=None) -> dict[int, int]:
    """Counted ratings given through a counter slip over the rolling 12 months, by point."""
    stmt = (select(Feedback.point_id, func.count())
            .where(Feedback.verified.is_(True), Feedback.rating_status == "counted",
                   Feedback.quarter.in_(rolling_quarters(current_quarter())))
            .group_by(Feedback.point_id))
    if point_ids is not None:
        stmt = stmt.where(Feedback.point_id.in_(list(point_ids)))
    return dict(db.session.execute(stmt).all())


def satisfaction(point_id: int) -> Satisfaction:
    """The point's counted ratings over the rolling 12 months, and how many were 4 or 5."""
    stmt = (select(func.count(), func.coalesce(func.sum(case((Feedback.overall >= 4, 1), else_=0)), 0))
            .where(Feedback.point_id == point_id, Feedback.rating_status == "counted",
                   Feedback.quarter.in_(rolling_quarters(current_quarter()))))
    n, satisfied = db.session.execute(stmt).one()
    return Satisfaction(int(satisfied or 0), int(n or 0))


def demo_ratings(point_id: int) -> int:
    """How many of the point's counted ratings over the rolling 12 months are demo ratings (the
    seed's, labelled wherever they show)."""
    stmt = (select(func.count())
            .where(Feedback.point_id == point_id, Feedback.rating_status == "counted", Feedback.origin == "demo",
                   Feedback.quarter.in_(rolling_quarters(current_quarter()))))
    return int(db.session.scalar(stmt) or 0)

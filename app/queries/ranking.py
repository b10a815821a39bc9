"""The quarterly quality ranking (thi đua): the citizens' score of the quarter combined with the
post office's own grades, weighted by RANKING_WEIGHTS; ranks and movement since the quarter before.
A closed quarter's ranking is read from its snapshot (app/models/quarter.py), never recomputed."""
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Assessment, Point, QuarterRanking, Unit
from app.queries.quarters import is_frozen, snapshot_rows
from app.queries.scores import point_scores, tallies
from app.scoring import Score, combine_ranking, previous_quarter, score_pct

GRADES = ("delivery", "public_utility", "model_office")


@dataclass
class RankingRow:
    """One point's place in a quarter's ranking."""

    point_id: int
    slug: str
    code: str
    name: str
    type: str
    unit_name: str
    citizen: Score | None = None
    grades: dict[str, float | None] = field(default_factory=dict)
    note: str | None = None
    combined: float | None = None
    rank: int | None = None
    previous_rank: int | None = None
    interval: tuple[float, float] | None = None  # 95% interval of the citizens' mean (1..5)

    @property
    def citizen_pct(self) -> int | None:
        """The citizens' score on 0..100, None below the minimum number of ratings."""
        return score_pct(self.citizen.value) if self.citizen else None

    @property
    def movement(self) -> int | None:
        """Places gained (positive) or lost since the quarter before; None if unranked in either."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def _points() -> list[RankingRow]:
    stmt = (select(Point.id, Point.slug, Point.code, Point.name, Point.type, Unit.name)
            .join(Unit, Unit.code == Point.unit_code)
            .where(Point.is_active.is_(True)).order_by(Point.name, Point.id))
    return [RankingRow(*row) for row in db.session.execute(stmt)]


def _assessments(quarters: tuple[int, ...]) -> dict[tuple[int, int], Assessment]:
    stmt = select(Assessment).where(Assessment.quarter.in_(quarters))
    return {(a.point_id, a.quarter): a for a in db.session.scalars(stmt)}


def _combined(citizen: Score | None, assessment: Assessment | None) -> float | None:
    grades = {g: getattr(assessment, g) if assessment else None for g in GRADES}
    value = citizen.value if citizen else None
    return combine_ranking(value, grades, current_app.config["RANKING_WEIGHTS"])


def assign_ranks(values: dict[int, float | None]) -> dict[int, int]:
    """Standard competition ranks (1, 2, 2, 4) by value, highest first; None values unranked."""
    ordered = sorted((v, pid) for pid, v in values.items() if v is not None)
    ordered.reverse()
    ranks: dict[int, int] = {}
    for position, (value, pid) in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        ranks[pid] = ranks[previous[1]] if previous and previous[0] == value else position
    return ranks


def ranking(quarter: int) -> list[RankingRow]:
    """Every point ranked for the quarter, best first; unranked points (no data) last. A closed
    quarter gives its snapshot; an open one every active point, scored now."""
    if is_frozen(quarter):
        return [_frozen_row(row) for row in snapshot_rows(quarter)]
    return live_ranking(quarter)


def live_ranking(quarter: int) -> list[RankingRow]:
    """The quarter's ranking computed from the current scores and grades (what closing freezes)."""
    before = previous_quarter(quarter)
    citizens, citizens_before = point_scores((quarter,)), point_scores((before,))
    overall = {pid: tally for (pid, criterion), tally in tallies((quarter,)).items() if criterion == "overall"}
    assessments = _assessments((quarter, before))
    rows = _points()
    previous_values = {}
    for row in rows:
        assessment = assessments.get((row.point_id, quarter))
        row.citizen = citizens.get(row.point_id)
        row.interval = overall[row.point_id].interval95() if row.point_id in overall else None
        row.grades = {g: getattr(assessment, g) if assessment else None for g in GRADES}
        row.note = assessment.note if assessment else None
        row.combined = _combined(row.citizen, assessment)
        previous_values[row.point_id] = _combined(citizens_before.get(row.point_id),
                                                  assessments.get((row.point_id, before)))
    ranks = assign_ranks({row.point_id: row.combined for row in rows})
    previous_ranks = _previous_ranks(before, previous_values)
    for row in rows:
        row.rank, row.previous_rank = ranks.get(row.point_id), previous_ranks.get(row.point_id)
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.name))


def _previous_ranks(before: int, values: dict[int, float | None]) -> dict[int, int]:
    """The ranks of the quarter before: as frozen if it was closed, else computed from values."""
    if is_frozen(before):
        return {row.point_id: row.rank for row in snapshot_rows(before) if row.rank is not None}
    return assign_ranks(values)


def _frozen_row(frozen: QuarterRanking) -> RankingRow:
    citizen = None
    if frozen.citizen_count:
        citizen = Score(value=frozen.citizen_value, count=frozen.citizen_count, mean=frozen.citizen_mean,
                        enough=frozen.citizen_value is not None)
    interval = (frozen.citizen_low, frozen.citizen_high) if frozen.citizen_low is not None else None
    return RankingRow(frozen.point_id, frozen.slug, frozen.code, frozen.name, frozen.type, frozen.unit_name,
                      citizen=citizen, grades={g: getattr(frozen, g) for g in GRADES},
                      combined=frozen.combined, rank=frozen.rank, previous_rank=frozen.previous_rank,
                      interval=interval)

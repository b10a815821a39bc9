"""The quarterly quality ranking (thi đua): the citizens' score of the quarter combined with the
post office's own grades, weighted by RANKING_WEIGHTS; ranks and movement since the quarter before."""
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Assessment, Point, Unit
from app.queries.scores import point_scores
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
    """Every active point ranked for the quarter, best first; unranked points (no data) last."""
    before = previous_quarter(quarter)
    citizens, citizens_before = point_scores((quarter,)), point_scores((before,))
    assessments = _assessments((quarter, before))
    rows = _points()
    previous_values = {}
    for row in rows:
        assessment = assessments.get((row.point_id, quarter))
        row.citizen = citizens.get(row.point_id)
        row.grades = {g: getattr(assessment, g) if assessment else None for g in GRADES}
        row.note = assessment.note if assessment else None
        row.combined = _combined(row.citizen, assessment)
        previous_values[row.point_id] = _combined(citizens_before.get(row.point_id),
                                                  assessments.get((row.point_id, before)))
    ranks = assign_ranks({row.point_id: row.combined for row in rows})
    previous_ranks = assign_ranks(previous_values)
    for row in rows:
        row.rank, row.previous_rank = ranks.get(row.point_id), previous_ranks.get(row.point_id)
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.name))

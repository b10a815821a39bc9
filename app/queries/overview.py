"""The staff quality overview: every point's scores per criterion for a quarter or the rolling
12 months, the change since the period before, and the province summary.

Reads only the score aggregates (never the feedback rows), in a handful of queries whatever the
number of points or ratings: two per period (tallies, province means) and one for the points."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db
from app.models import Point, ScoreAggregate, Unit
from app.clock import current_quarter
from app.queries.scores import province_means, score_of, scorer, tallies
from app.search import fold
from app.scoring import CRITERIA, Score, Tally, previous_quarter, rolling_quarters

SORT_KEYS = ("name", "type", "unit", "count", "change", *CRITERIA)


@dataclass(frozen=True)
class OverviewFilters:
    """What the overview shows: the period (a quarter, or None for 12 months), filters and order."""

    quarter: int | None = None
    type: str | None = None
    unit: str | None = None
    below: float | None = None
    falling: bool = False
    not_enough: bool = False
    sort: str = "overall"
    desc: bool = False

    def period_quarters(self) -> tuple[int, ...]:
        """The quarters the scores cover."""
        return (self.quarter,) if self.quarter else rolling_quarters(current_quarter())

    def previous_quarters(self) -> tuple[int, ...]:
        """The same span one quarter earlier, for the change column."""
        return tuple(previous_quarter(q) for q in self.period_quarters())


@dataclass
class OverviewRow:
    """One point with its scores per criterion in the period and the change of its overall score."""

    point_id: int
    slug: str
    code: str
    name: str
    type: str
    unit_code: str
    unit_name: str
    lat: float
    lon: float
    scores: dict[str, Score] = field(default_factory=dict)
    change: float | None = None

    @property
    def overall(self) -> Score | None:
        """The overall score, None when the point has no rating in the period."""
        return self.scores.get("overall")

    @property
    def count(self) -> int:
        """How many ratings the overall score rests on."""
        return self.overall.count if self.overall else 0


@dataclass
class ProvinceSummary:
    """The province in the period: mean rating, ratings, points without enough ratings."""

    mean: float | None
    ratings: int
    points: int
    not_enough: int


@dataclass
class Overview:
    """The rows shown, the province summary and each unit's score (for the map)."""

    rows: list[OverviewRow]
    summary: ProvinceSummary
    unit_scores: dict[str, Score]


PeriodScores = tuple[dict[tuple[int, str], Tally], dict[int, dict[str, Score]], dict[str, float]]


def period_scores(quarters: tuple[int, ...]) -> PeriodScores:
    """The tallies, each point's Score per criterion and the province means over some quarters."""
    means, counts, score_with = province_means(quarters), tallies(quarters), scorer()
    scores: dict[int, dict[str, Score]] = defaultdict(dict)
    for (point_id, criterion), tally in counts.items():
        scores[point_id][criterion] = score_with(tally, means[criterion])
    return counts, scores, means


def point_rows() -> list[OverviewRow]:
    """Every active point with its unit's name, by name (one query)."""
    stmt = (select(Point.id, Point.slug, Point.code, Point.name, Point.type, Point.unit_code, Unit.name,
                   Point.lat, Point.lon)
            .join(Unit, Unit.code == Point.unit_code)
            .where(Point.is_active.is_(True)).order_by(Point.name, Point.id))
    return [OverviewRow(*row) for row in db.session.execute(stmt)]


def overview(filters: OverviewFilters) -> Overview:
    """The overview rows matching the filters, sorted, with the province summary."""
    counts, scores, means = period_scores(filters.period_quarters())
    _, previous, _ = period_scores(filters.previous_quarters())
    rows = point_rows()
    for row in rows:
        row.scores = scores.get(row.point_id, {})
        row.change = _change(row.overall, previous.get(row.point_id, {}).get("overall"))
    summary = _summary(rows, counts)
    unit_scores = _unit_scores(rows, counts, means["overall"])
    return Overview(sort_rows(filter_rows(rows, filters), filters), summary, unit_scores)


def _change(now: Score | None, before: Score | None) -> float | None:
    if now is None or before is None or now.value is None or before.value is None:
        return None
    return round(now.value - before.value, 2)


def _summary(rows: list[OverviewRow], counts: dict[tuple[int, str], Tally]) -> ProvinceSummary:
    total = sum((t for (_, c), t in counts.items() if c == "overall"), Tally())
    not_enough = sum(1 for row in rows if not (row.overall and row.overall.enough))
    return ProvinceSummary(total.mean, total.count, len(rows), not_enough)


def _unit_scores(rows: list[OverviewRow], counts, prior: float) -> dict[str, Score]:
    """Each unit's score: its points' ratings pooled, pulled toward the province like a point's."""
    pooled: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        tally = counts.get((row.point_id, "overall"))
        if tally:
            pooled[row.unit_code] = pooled[row.unit_code] + tally
    return {code: score_of(t, prior) for code, t in pooled.items()}


def filter_rows(rows: list[OverviewRow], filters: OverviewFilters) -> list[OverviewRow]:
    """The rows that pass every filter."""
    def keep(row: OverviewRow) -> bool:
        value = row.overall.value if row.overall else None
        return ((not filters.type or row.type == filters.type)
                and (not filters.unit or row.unit_code == filters.unit)
                and (filters.below is None or (value is not None and value < filters.below))
                and (not filters.falling or (row.change is not None and row.change < 0))
                and (not filters.not_enough or value is None))
    return [row for row in rows if keep(row)]


def sort_rows(rows: list[OverviewRow], filters: OverviewFilters) -> list[OverviewRow]:
    """Rows in the chosen order; rows without a value come last either way."""
    def value(row: OverviewRow):
        if filters.sort in CRITERIA:
            found = row.scores.get(filters.sort)
            return found.value if found else None
        # Folded text sorts "Đồng Đăng" among the D's, as Vietnamese readers expect.
        return {"name": fold(row.name), "type": row.type, "unit": fold(row.unit_name),
                "count": row.count, "change": row.change}[filters.sort]
    present = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    present.sort(key=lambda row: (value(row), fold(row.name)), reverse=filters.desc)
    return present + missing


def latest_rated_quarter(quarters: tuple[int, ...]) -> int | None:
    """The latest of these quarters in which some point was rated (None when none was)."""
    stmt = select(func.max(ScoreAggregate.quarter)).where(
        ScoreAggregate.quarter.in_(quarters), ScoreAggregate.criterion == "overall", ScoreAggregate.count > 0)
    return db.session.scalar(stmt)


def unit_shapes() -> list[tuple[str, str, str]]:
    """(code, name, GeoJSON geometry text) of every commune/ward, for the map (one query)."""
    return list(db.session.execute(select(Unit.code, Unit.name, Unit.geometry).order_by(Unit.code)))

"""The quarterly report: the province summary, the ranking with movement, the communes/wards,
and the moderation figures of a quarter; a closed quarter's come from its snapshot."""
from dataclasses import asdict, dataclass, field

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import Feedback, QuarterClosing
from app.queries.quarters import closing_of
from app.queries.ranking import RankingRow, ranking
from app.queries.transparency import QuarterFigures, figures_of
from app.scoring import Satisfaction


@dataclass
class UnitLine:
    """One commune/ward: its points in the ranking, how many ranked, their mean combined score."""

    name: str
    rows: list[RankingRow] = field(default_factory=list)

    @property
    def ranked(self) -> list[RankingRow]:
        return [row for row in self.rows if row.rank is not None]

    @property
    def mean_combined(self) -> float | None:
        ranked = self.ranked
        return round(sum(row.combined for row in ranked) / len(ranked), 2) if ranked else None


@dataclass
class QuarterReport:
    """Everything the report of one quarter shows, in the order it shows it."""

    quarter: int
    closing: QuarterClosing | None
    ratings: int
    mean: float | None
    satisfaction: Satisfaction
    rows: list[RankingRow]
    units: list[UnitLine]
    moderation: QuarterFigures

    @property
    def frozen(self) -> bool:
        return bool(self.closing and self.closing.is_frozen)


def province_summary(quarter: int) -> dict:
    """The quarter's counted ratings: how many, their mean and how many were 4–5; and what became
    of the citizens' comments (the figures of /minh-bach)."""
    stmt = (select(func.count(), func.avg(Feedback.overall),
                   func.coalesce(func.sum(case((Feedback.overall >= 4, 1), else_=0)), 0))
            .where(Feedback.quarter == quarter, Feedback.rating_status == "counted"))
    n, mean, satisfied = db.session.execute(stmt).one()
    return {"ratings": int(n or 0), "mean": float(mean) if mean is not None else None,
            "satisfied": int(satisfied or 0), "moderation": asdict(figures_of(quarter))}


def quarter_report(quarter: int) -> QuarterReport:
    """The report of a quarter: frozen figures for a closed quarter, current ones otherwise."""
    closing = closing_of(quarter)
    summary = closing.summary if closing and closing.is_frozen and closing.summary else province_summary(quarter)
    rows = ranking(quarter)
    return QuarterReport(quarter=quarter, closing=closing, ratings=summary["ratings"], mean=summary["mean"],
                         satisfaction=Satisfaction(summary["satisfied"], summary["ratings"]), rows=rows,
                         units=_units(rows), moderation=QuarterFigures(**summary["moderation"]))


def _units(rows: list[RankingRow]) -> list[UnitLine]:
    units: dict[str, UnitLine] = {}
    for row in rows:
        units.setdefault(row.unit_name, UnitLine(row.unit_name)).rows.append(row)
    return sorted(units.values(), key=lambda unit: unit.name)

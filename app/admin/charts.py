"""Server-rendered SVG charts: the geometry is computed here, the template draws it."""
from dataclasses import dataclass

from app.queries.point_review import QuarterScore
from app.scoring import MAX_RATING, MIN_RATING, quarter_label

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 24, 40  # margins for the axis labels


@dataclass
class Bar:
    """One quarter's bar: its label, value (None without enough ratings), count and box."""

    label: str
    value: float | None
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Chart:
    """The chart's size, bars, horizontal grid lines (y, label) and the plot's bottom."""

    width: int
    height: int
    bars: list[Bar]
    grid: list[tuple[float, str]]
    bottom: float
    left: int


def _y(value: float) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return TOP + plot * (MAX_RATING - value) / (MAX_RATING - MIN_RATING)


def score_chart(history: list[QuarterScore]) -> Chart:
    """Bars of a point's overall score per quarter on the 1..5 scale, oldest quarter first."""
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(history))
    bars = []
    for index, item in enumerate(history):
        value = item.score.value
        top = _y(value) if value is not None else _y(MIN_RATING)
        bars.append(Bar(quarter_label(item.quarter), value, item.score.count,
                        round(LEFT + index * slot + slot * 0.2, 1), round(top, 1),
                        round(slot * 0.6, 1), round(_y(MIN_RATING) - top, 1)))
    grid = [(round(_y(v), 1), str(v)) for v in range(MIN_RATING, MAX_RATING + 1)]
    return Chart(WIDTH, HEIGHT, bars, grid, round(_y(MIN_RATING), 1), LEFT)

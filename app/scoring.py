"""Score formulas: quarters, Bayesian averages, running tallies and the quarterly ranking.

Pure functions and values only (no Flask, no database) so the incremental update on each new
rating and the full recomputation share one definition and can be tested on their own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

CRITERIA = ("overall", "access", "procedure", "staff", "result", "complaints")

# The five levels of the rating scale, best first (their words: app/labels.py LEVEL_LABELS).
LEVELS = (5, 4, 3, 2, 1)

MIN_RATING, MAX_RATING = 1, 5
# Key of the citizens' score in the ranking weights; the other keys are the grade names.
CITIZEN_KEY = "citizen"

_QUARTER_FORMS = (
    re.compile(r"(\d{4})-?[Qq]([1-4])"),  # 2026-Q4, 2026Q4
    re.compile(r"(\d{4})([1-4])"),  # 20264, the stored int form
    re.compile(r"[Qq]([1-4])/(\d{4})"),  # Q4/2026, as quarter_label shows it
)


# --- Quarters: stored as year*10 + q so they sort and compare as plain ints -----------------


def _split_quarter(q: int) -> tuple[int, int]:
    year, number = divmod(q, 10)
    if not 1 <= number <= 4 or year < 1:
        raise ValueError(f"not a quarter: {q!r} (expected year*10+q, e.g. 20264)")
    return year, number


def quarter_of(d: date) -> int:
    """Return the quarter (year*10+q) a date falls in."""
    return d.year * 10 + (d.month - 1) // 3 + 1


def quarter_label(q: int) -> str:
    """Return the display label of a quarter, e.g. 20264 -> "Q4/2026"."""
    year, number = _split_quarter(q)
    return f"Q{number}/{year}"


def parse_quarter(text: str) -> int:
    """Read "2026-Q4", "20264" or "Q4/2026" into a quarter int; ValueError otherwise."""
    cleaned = str(text).strip()
    for index, form in enumerate(_QUARTER_FORMS):
        match = form.fullmatch(cleaned)
        if match:
            year, number = (match[2], match[1]) if index == 2 else (match[1], match[2])
            return int(year) * 10 + int(number)
    raise ValueError(f"Quý không hợp lệ: '{text}' (dạng 2026-Q4)")


def previous_quarter(q: int) -> int:
    """Return the quarter before q, crossing year boundaries."""
    year, number = _split_quarter(q)
    return (year - 1) * 10 + 4 if number == 1 else q - 1


def rolling_quarters(q: int, n: int = 4) -> tuple[int, ...]:
    """Return q and the n-1 quarters before it, newest first (the rolling 12 months for n=4)."""
    _split_quarter(q)
    quarters = [q]
    while len(quarters) < n:
        quarters.append(previous_quarter(quarters[-1]))
    return tuple(quarters)


def quarter_bounds(q: int) -> tuple[date, date]:
    """Return the first day of quarter q and the first day after it."""
    year, number = _split_quarter(q)
    start = date(year, 3 * number - 2, 1)
    end = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return start, end


# --- Averages ----------------------------------------------------------------------------


def bayesian(count: int, total: float, prior_mean: float, m: float) -> float:
    """Return (v·R + m·C)/(v + m): the mean of count ratings pulled toward prior_mean."""
    if count < 0 or m < 0:
        raise ValueError("count and m must not be negative")
    if count == 0:
        return prior_mean
    return (total + m * prior_mean) / (count + m)


@dataclass(frozen=True)
class Tally:
    """Running count, sum and sum of squares of ratings; merged with + (order does not matter)."""

    count: int = 0
    total: float = 0
    total_sq: float = 0

    @classmethod
    def of(cls, values: Iterable[float]) -> Tally:
        """Build a tally from a list of ratings."""
        tally = cls()
        for value in values:
            tally = tally.add(value)
        return tally

    def add(self, value: float) -> Tally:
        """Return a tally that also counts one rating."""
        if not MIN_RATING <= value <= MAX_RATING:
            raise ValueError(f"rating must be {MIN_RATING}..{MAX_RATING}, got {value!r}")
        return Tally(self.count + 1, self.total + value, self.total_sq + value * value)

    def remove(self, value: float) -> Tally:
        """Return a tally without one rating that was counted before (e.g. deleted as spam)."""
        if self.count < 1:
            raise ValueError("cannot remove a rating from an empty tally")
        return Tally(self.count - 1, self.total - value, self.total_sq - value * value)

    def __add__(self, other: Tally) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        return Tally(
            self.count + other.count, self.total + other.total, self.total_sq + other.total_sq
        )

    @property
    def mean(self) -> float | None:
        """Plain mean of the ratings, None when there are none."""
        return self.total / self.count if self.count else None

    def interval95(self) -> tuple[float, float] | None:
        """Normal-approximation 95% interval of the mean, clipped to 1..5; None below 2 ratings."""
        if self.count < 2:
            return None
        mean = self.total / self.count
        # Rounding can push a zero variance slightly negative.
        variance = max(0.0, (self.total_sq - self.total * mean) / (self.count - 1))
        half = 1.96 * math.sqrt(variance / self.count)
        return max(float(MIN_RATING), mean - half), min(float(MAX_RATING), mean + half)


@dataclass(frozen=True)
class Score:
    """A displayed score: value is None ("Chưa đủ đánh giá") below the minimum count."""

    value: float | None
    count: int
    mean: float | None
    enough: bool


def score(tally: Tally, prior_mean: float, m: float, min_count: int) -> Score:
    """Turn a tally into a Score, withholding the value below min_count ratings."""
    enough = tally.count >= min_count
    value = round(bayesian(tally.count, tally.total, prior_mean, m), 2) if enough else None
    return Score(value=value, count=tally.count, mean=tally.mean, enough=enough)


@dataclass(frozen=True)
class Satisfaction:
    """The share of ratings at 4 or 5 ("hài lòng", as SIPAS counts satisfaction), its n and a 95%
    Wilson interval; share, low and high are None without ratings."""

    satisfied: int
    n: int

    @property
    def share(self) -> float | None:
        return self.satisfied / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | tuple[None, None]:
        return wilson_interval(self.satisfied, self.n)


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float] | tuple[None, None]:
    """The Wilson score interval of a proportion (95% by default): sound for small n and for shares
    near 0 or 1, where the normal approximation is not."""
    if n <= 0:
        return None, None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def score_pct(value: float | None) -> int | None:
    """Map a 1..5 score to 0..100 for display (half up); None stays None."""
    if value is None:
        return None
    # math.floor(x + 0.5) instead of round(): round() sends 62.5 to 62 (banker's rounding).
    return math.floor((value - MIN_RATING) / (MAX_RATING - MIN_RATING) * 100 + 0.5)


def combine_ranking(
    citizen_score_5: float | None,
    grades: Mapping[str, float | None],
    weights: Mapping[str, float],
) -> float | None:
    """Weighted mean (0..100) of the citizens' score and the grades present; None if none."""
    parts = {CITIZEN_KEY: score_pct(citizen_score_5), **grades}
    present = {key: value for key, value in parts.items() if value is not None}
    for key in present:
        if key not in weights:
            raise ValueError(f"no ranking weight for {key!r}")
        if weights[key] < 0:
            raise ValueError(f"ranking weight for {key!r} is negative")
    weight_sum = sum(weights[key] for key in present)
    if weight_sum == 0:
        return None
    # Missing components drop out and the others' weights are renormalised to sum to 1.
    return round(sum(weights[k] * v for k, v in present.items()) / weight_sum, 2)

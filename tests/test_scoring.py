"""Tests for app.scoring: quarters, Bayesian averages, tallies and the ranking."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.scoring import (
    CITIZEN_KEY,
    CRITERIA,
    LEVELS,
    Score,
    Tally,
    bayesian,
    combine_ranking,
    parse_quarter,
    previous_quarter,
    quarter_bounds,
    quarter_label,
    quarter_of,
    rolling_quarters,
    score,
    score_pct,
)

ratings = st.lists(st.integers(1, 5), max_size=60)


def test_labels_cover_every_criterion_and_level(app) -> None:
    from app.labels import CRITERION_HINTS, CRITERION_LABELS, LEVEL_LABELS, label

    assert set(CRITERION_LABELS) == set(CRITERIA) == set(CRITERION_HINTS)
    assert set(LEVEL_LABELS) == set(LEVELS)
    with app.test_request_context():
        assert label(CRITERION_LABELS, "staff") == "Giao dịch viên"
        assert "niêm yết" in label(CRITERION_HINTS, "procedure")
        assert [label(LEVEL_LABELS, n) for n in (5, 1)] == ["Rất hài lòng", "Rất không hài lòng"]


# --- Quarters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "quarter"),
    [(date(2026, 1, 1), 20261), (date(2026, 3, 31), 20261), (date(2026, 4, 1), 20262),
     (date(2026, 9, 30), 20263), (date(2026, 12, 31), 20264)],
)  # fmt: skip
def test_quarter_of(day: date, quarter: int) -> None:
    assert quarter_of(day) == quarter


def test_quarter_label_and_parse() -> None:
    assert quarter_label(20264) == "Q4/2026"
    for text in ("2026-Q4", "2026-q4", " 2026Q4 ", "20264", "Q4/2026"):
        assert parse_quarter(text) == 20264


@pytest.mark.parametrize("text", ["2026-Q5", "20265", "20260", "2026", "Q4-2026", "", "abc"])
def test_parse_quarter_rejects_bad_text(text: str) -> None:
    with pytest.raises(ValueError):
        parse_quarter(text)


def test_bad_quarter_ints_are_refused() -> None:
    for bad in (20265, 20260):
        with pytest.raises(ValueError):
            quarter_label(bad)
        with pytest.raises(ValueError):
            previous_quarter(bad)


def test_previous_and_rolling_quarters_cross_years() -> None:
    assert previous_quarter(20263) == 20262
    assert previous_quarter(20261) == 20254
    assert rolling_quarters(20264) == (20264, 20263, 20262, 20261)
    assert rolling_quarters(20262) == (20262, 20261, 20254, 20253)
    assert rolling_quarters(20261, n=6) == (20261, 20254, 20253, 20252, 20251, 20244)
    assert rolling_quarters(20261, n=1) == (20261,)


def test_quarter_bounds() -> None:
    assert quarter_bounds(20261) == (date(2026, 1, 1), date(2026, 4, 1))
    assert quarter_bounds(20263) == (date(2026, 7, 1), date(2026, 10, 1))
    assert quarter_bounds(20264) == (date(2026, 10, 1), date(2027, 1, 1))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_is_inside_its_quarter_bounds(day: date) -> None:
    start, end = quarter_bounds(quarter_of(day))
    assert start <= day < end
    assert quarter_of(start) == quarter_of(day) == previous_quarter(quarter_of(end))
    assert parse_quarter(quarter_label(quarter_of(day))) == quarter_of(day)


# --- Bayesian average and scores ---------------------------------------------------------


def test_bayesian_hand_computed() -> None:
    # v=4 ratings of mean 5, province mean 3.5, m=10: (4·5 + 10·3.5) / 14 = 55/14.
    assert bayesian(4, 20, 3.5, 10) == pytest.approx(3.9286, abs=5e-5)
    assert bayesian(0, 0, 3.5, 10) == 3.5
    assert bayesian(10, 20, 4.0, 10) == pytest.approx(3.0)  # mean 2 and prior 4, equal weight
    assert bayesian(3, 12, 3.0, 0) == 4.0  # m = 0: the plain mean


def test_bayesian_rejects_negative_inputs() -> None:
    with pytest.raises(ValueError):
        bayesian(-1, 0, 3.5, 10)
    with pytest.raises(ValueError):
        bayesian(1, 5, 3.5, -1)


def test_score_withholds_value_below_min_count() -> None:
    few = score(Tally.of([5, 5, 5, 5]), prior_mean=3.5, m=10, min_count=5)
    assert few == Score(value=None, count=4, mean=5.0, enough=False)
    enough = score(Tally.of([5, 5, 5, 5, 4]), prior_mean=3.5, m=10, min_count=5)
    # (24 + 35) / 15 = 3.9333…
    assert enough == Score(value=3.93, count=5, mean=4.8, enough=True)
    empty = score(Tally(), prior_mean=3.5, m=10, min_count=0)
    assert empty == Score(value=3.5, count=0, mean=None, enough=True)


def test_score_pct() -> None:
    assert [score_pct(v) for v in (1, 5, 3, 3.93)] == [0, 100, 50, 73]
    assert score_pct(3.5) == 63  # 62.5 rounds half up; round() would give the even 62
    assert score_pct(1.1) == 3  # 2.5 -> 3, not 2
    assert score_pct(None) is None


# --- Tally -------------------------------------------------------------------------------


def test_tally_add_mean_and_merge() -> None:
    tally = Tally().add(4).add(5)
    assert tally == Tally(count=2, total=9, total_sq=41)
    assert tally.mean == 4.5
    assert Tally().mean is None
    assert tally + Tally.of([1]) == Tally.of([4, 5, 1])
    assert tally.remove(5) == Tally.of([4])


def test_tally_refuses_out_of_range_ratings() -> None:
    for bad in (0, 6, -1):
        with pytest.raises(ValueError):
            Tally().add(bad)
    with pytest.raises(ValueError):
        Tally().remove(3)


def test_interval95_hand_computed() -> None:
    # Ratings 3,4,5: mean 4, sample sd 1, half-width 1.96/√3 = 1.13161.
    low, high = Tally.of([3, 4, 5]).interval95()
    assert low == pytest.approx(4 - 1.131607, abs=1e-6)
    assert high == 5.0  # 4 + 1.1316 is clipped to the top of the scale
    assert Tally.of([1, 5]).interval95() == (1.0, 5.0)
    assert Tally.of([4, 4, 4]).interval95() == (4.0, 4.0)
    assert Tally.of([4]).interval95() is None
    assert Tally().interval95() is None


def test_interval95_unclipped() -> None:
    values = [3, 4] * 10  # mean 3.5, sample sd √(5/19)
    low, high = Tally.of(values).interval95()
    half = 1.96 * (5 / 19) ** 0.5 / 20**0.5
    assert (low, high) == pytest.approx((3.5 - half, 3.5 + half))


@given(ratings, st.data())
def test_merge_of_split_equals_whole(values: list[int], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(values)))
    assert Tally.of(values[:cut]) + Tally.of(values[cut:]) == Tally.of(values)


@given(ratings, ratings, ratings)
def test_merge_is_associative_and_commutative(a: list[int], b: list[int], c: list[int]) -> None:
    ta, tb, tc = Tally.of(a), Tally.of(b), Tally.of(c)
    assert (ta + tb) + tc == ta + (tb + tc)
    assert ta + tb == tb + ta
    assert ta + Tally() == ta


@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=60),
    st.floats(1, 5),
    st.floats(0, 100),
)
def test_bayesian_lies_between_mean_and_prior(values: list[int], prior: float, m: float) -> None:
    tally = Tally.of(values)
    result = bayesian(tally.count, tally.total, prior, m)
    low, high = sorted((tally.mean, prior))
    assert low - 1e-9 <= result <= high + 1e-9


@given(st.lists(st.integers(1, 5), min_size=2, max_size=60))
def test_interval_contains_mean_and_stays_on_scale(values: list[int]) -> None:
    tally = Tally.of(values)
    low, high = tally.interval95()
    assert 1 <= low <= tally.mean + 1e-9 and tally.mean - 1e-9 <= high <= 5


# --- Ranking -----------------------------------------------------------------------------

WEIGHTS = {CITIZEN_KEY: 0.4, "delivery": 0.3, "public_utility": 0.2, "model_office": 0.1}


def test_combine_ranking_all_present() -> None:
    grades = {"delivery": 80.0, "public_utility": 90.0, "model_office": 100.0}
    # citizen 4.0/5 -> 75; 0.4·75 + 0.3·80 + 0.2·90 + 0.1·100 = 82
    assert combine_ranking(4.0, grades, WEIGHTS) == pytest.approx(82.0)


def test_combine_ranking_renormalises_missing_components() -> None:
    grades = {"delivery": 80.0, "public_utility": None}
    # Only citizen (75, weight 0.4) and delivery (80, weight 0.3): (30 + 24) / 0.7 = 77.142…
    assert combine_ranking(4.0, grades, WEIGHTS) == 77.14
    assert combine_ranking(None, {"delivery": 80.0}, WEIGHTS) == 80.0
    assert combine_ranking(4.0, {}, WEIGHTS) == 75.0


def test_combine_ranking_nothing_present() -> None:
    assert combine_ranking(None, {"delivery": None}, WEIGHTS) is None
    assert combine_ranking(None, {}, WEIGHTS) is None
    assert combine_ranking(4.0, {}, {CITIZEN_KEY: 0.0}) is None


def test_combine_ranking_refuses_unknown_or_negative_weights() -> None:
    with pytest.raises(ValueError, match="no ranking weight for 'typo'"):
        combine_ranking(4.0, {"typo": 50.0}, WEIGHTS)
    with pytest.raises(ValueError, match="negative"):
        combine_ranking(4.0, {}, {CITIZEN_KEY: -1.0})

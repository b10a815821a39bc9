"""Aggregates: the incremental updates of submit, hold, release, discard and delete equal what
`recompute-scores` rebuilds, for random streams (hypothesis), and the scores match values computed
by hand."""
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from app.extensions import db
from app.models import Feedback, FeedbackContact, ScoreAggregate
from app.queries.scores import (
    aggregate_rows,
    criteria_scores,
    current_quarter,
    forget_province_means,
    province_means,
    rolling_scores,
)
from app.scoring import CRITERIA, Tally, bayesian, rolling_quarters, score
from app.services import held_ratings
from app.services.feedback import delete_feedback, submit_feedback
from app.services.scores import add_to_aggregates, rebuild_aggregates
from app.clock import utcnow
from tests.factories import add_feedback, make_point, rows_from_raw_feedback, seeded_point, submission, today

FACTORS = CRITERIA[1:]

submit_op = st.tuples(
    st.just("submit"), st.integers(0, 1), st.integers(1, 5),
    st.fixed_dictionaries({}, optional={name: st.integers(1, 5) for name in FACTORS}),
    st.integers(0, 29), st.integers(0, 5), st.sampled_from([None, "Tốt", "gọi 0912345678"]),
    st.sampled_from(["net-a", "net-b", "net-a", None]),  # None: no network (commands, demo ratings)
)
delete_op = st.tuples(st.just("delete"), st.integers(0, 40))
decide_op = st.tuples(st.sampled_from(["release", "discard"]), st.integers(0, 1))
streams = st.lists(st.one_of(submit_op, submit_op, submit_op, delete_op, decide_op), min_size=8, max_size=30)


def clear_feedback() -> None:
    """Each example starts without ratings (the test's transaction is rolled back at the end)."""
    for model in (FeedbackContact, Feedback, ScoreAggregate):
        db.session.execute(delete(model))
    db.session.commit()
    forget_province_means()


def apply(stream, points) -> None:
    """Submit and delete through the services, as the site and the commands do."""
    stored: list[int] = []
    for op in stream:
        if op[0] == "delete":
            if stored:
                delete_feedback(stored.pop(op[1] % len(stored)))
            continue
        if op[0] in ("release", "discard"):
            getattr(held_ratings, op[0])(points[op[1]].id, "cli")
            continue
        _, point, overall, factors, days_ago, client, comment, network = op
        outcome = submit_feedback(points[point].id, submission(
            overall=overall, factors=factors, visit_date=today() - timedelta(days=days_ago),
            comment=comment), f"client-{client}", network)
        if outcome.stored:
            stored.append(outcome.feedback.id)


@pytest.fixture
def small_caps(app):
    """Caps low enough that short streams hold ratings: one a point a network, a burst from three."""
    saved = {k: app.config[k] for k in ("FEEDBACK_NETWORK_POINT_CAP", "FEEDBACK_BURST_MIN")}
    app.config.update(FEEDBACK_NETWORK_POINT_CAP=1, FEEDBACK_BURST_MIN=3)
    yield
    app.config.update(saved)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stream=streams)
def test_incremental_aggregates_equal_the_rebuild(app, stream, small_caps):
    points = [seeded_point(i) for i in range(3)]
    clear_feedback()
    window = rolling_quarters(current_quarter())
    province_means(window)  # cached now: every rating below must be folded into it
    apply(stream, points)
    incremental = aggregate_rows()
    assert incremental == rows_from_raw_feedback()
    cached = dict(province_means(window))
    rebuild_aggregates()
    assert aggregate_rows() == incremental
    assert cached == pytest.approx(dict(province_means(window)))


def test_recompute_scores_command_agrees(app, runner):
    point = make_point()
    for value in (1, 3, 5):
        add_feedback(point, overall=value, factors={"access": value})
    before = aggregate_rows()
    db.session.execute(delete(ScoreAggregate))
    db.session.commit()
    result = runner.invoke(args=["recompute-scores"])
    assert result.exit_code == 0, result.output
    assert "Rebuilt 2 score aggregates" in result.output
    assert aggregate_rows() == before


def test_upsert_adds_to_the_row_of_its_key(app):
    point = make_point()
    add_to_aggregates(point.id, 20264, {"overall": 4, "staff": 2})
    add_to_aggregates(point.id, 20264, {"overall": 5})
    add_to_aggregates(point.id, 20263, {"overall": 1})
    db.session.commit()
    rows = [row for row in aggregate_rows() if row[0] == point.id]
    assert rows == [(point.id, 20263, "overall", 1, 1.0, 1.0), (point.id, 20264, "overall", 2, 9.0, 41.0),
                    (point.id, 20264, "staff", 1, 2.0, 4.0)]


def test_deleting_the_last_rating_removes_its_rows(app):
    point = make_point()
    feedback = add_feedback(point, overall=3, factors={"result": 4})
    assert delete_feedback(feedback.id)
    assert [row for row in aggregate_rows() if row[0] == point.id] == []
    assert not delete_feedback(feedback.id)


def test_scoring_functions_match_hand_computed_values():
    assert bayesian(5, 23, 3.3, 10) == pytest.approx(56 / 15)
    assert bayesian(0, 0, 3.3, 10) == 3.3
    tally = Tally.of([5, 5, 5, 4, 4])
    assert (tally.count, tally.total, tally.total_sq, tally.mean) == (5, 23, 107, 4.6)
    low, high = tally.interval95()  # sd = sqrt(0.3), half = 1.96 * sqrt(0.3 / 5) = 0.4801
    assert (low, high) == (pytest.approx(4.1199, abs=1e-4), pytest.approx(5.0))
    assert score(tally, 3.3, 10, 5).value == 3.73
    assert score(Tally.of([5, 5, 5, 5]), 3.3, 10, 5).value is None


def test_point_scores_use_the_rolling_four_quarters(app):
    point = make_point()
    old_quarter, now = 20001, utcnow()
    for value in (5, 5, 5, 5, 5):
        add_feedback(point, overall=value, now=now)
    add_to_aggregates(point.id, old_quarter, {"overall": 1})  # far outside the window
    db.session.commit()
    assert rolling_scores("overall", [point.id])[point.id].count == 5
    scores = criteria_scores(point.id, rolling_quarters(old_quarter))
    assert scores["overall"].count == 1 and scores["overall"].value is None


def test_cached_province_means_follow_each_rating(app):
    point = make_point()
    window = rolling_quarters(current_quarter())
    add_feedback(point, overall=5)
    assert province_means(window)["overall"] == 5.0
    assert province_means(window)["staff"] == 3.0  # no staff rating yet: the middle of the scale
    add_feedback(point, overall=1, factors={"staff": 2})
    assert province_means(window)["overall"] == 3.0 and province_means(window)["staff"] == 2.0
    gone = add_feedback(point, overall=3)
    delete_feedback(gone.id)
    cached = dict(province_means(window))
    forget_province_means()
    assert cached == dict(province_means(window)) == {"overall": 3.0, "staff": 2.0}

"""The feedback commands: demo ratings (deterministic, idempotent) and synthetic bulk data."""
from sqlalchemy import func, select

from app.extensions import db
from app.models import Feedback
from app.queries.scores import aggregate_rows, rolling_scores
from app.services.demo_feedback import plan_demo_feedback
from app.clock import utcnow
from tests.factories import feedback_count, rows_from_raw_feedback


def test_seed_demo_feedback_is_marked_idempotent_and_fills_the_site(app, runner):
    result = runner.invoke(args=["seed-demo-feedback"])
    assert result.exit_code == 0, result.output
    inserted = feedback_count(origin="demo")
    assert inserted > 500 and feedback_count() == inserted
    assert f"Added {inserted} demo ratings" in result.output
    assert aggregate_rows() == rows_from_raw_feedback()
    scored = [s for s in rolling_scores().values() if s.enough]
    assert len(scored) > 100  # most points show a score on a fresh site
    assert feedback_count(comment_status="published") > 50
    again = runner.invoke(args=["seed-demo-feedback"])
    assert again.exit_code == 0 and "Nothing to change" in again.output
    assert feedback_count() == inserted


def test_demo_plan_is_deterministic():
    points = [(1, [3, 4]), (2, []), (3, [5])]
    now = utcnow()
    first, second = plan_demo_feedback(points, now, seed=7), plan_demo_feedback(points, now, seed=7)
    assert first == second and first != plan_demo_feedback(points, now, seed=8)
    assert all(row["origin"] == "demo" and row["created_at"] <= now for row in first)


def test_bench_data_bulk_inserts_synthetic_ratings_and_rebuilds(app, runner):
    result = runner.invoke(args=["bench-data", "--feedback", "2500"])
    assert result.exit_code == 0, result.output
    assert "Added 2500 synthetic ratings" in result.output
    assert feedback_count(origin="synthetic") == 2500
    assert aggregate_rows() == rows_from_raw_feedback()
    newest, oldest = db.session.execute(select(func.max(Feedback.created_at), func.min(Feedback.created_at))).one()
    assert newest <= utcnow() and (utcnow() - oldest).days <= 366
    cleared = runner.invoke(args=["bench-data", "--clear"])
    assert cleared.exit_code == 0 and "Removed 2500 synthetic ratings." in cleared.output
    assert feedback_count() == 0 and aggregate_rows() == []

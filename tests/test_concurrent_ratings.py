"""One rating per point per client per day holds when the same client's ratings arrive at once."""
import threading
from contextlib import nullcontext
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Feedback, Point, ScoreAggregate
from app.services.feedback import FeedbackSubmission, open_rating, submit_feedback
from app.clock import to_local, utcnow
from tests.databases import BACKENDS
from tests.databases import dispose, scratch_postgres, seeded_app

SENDERS = 8


@pytest.fixture(params=BACKENDS)
def committed_app(request, tmp_path):
    """A seeded app on its own database whose writes really commit (no per-test rollback)."""
    database = (nullcontext(f"sqlite:///{tmp_path / 'site.db'}") if request.param == "sqlite"
                else scratch_postgres("concurrent"))
    with database as url:
        app = seeded_app(url)
        yield app
        dispose(app)


@pytest.mark.parametrize("opened", [False, True], ids=["submitted", "opened-then-submitted"])
def test_simultaneous_ratings_of_one_client_store_one(committed_app, opened):
    """Directly, and as the form's POST runs it: open_rating (on PostgreSQL it takes the client's
    lock with the point's read), then submit_feedback in the same transaction."""
    with committed_app.app_context():
        point_id, slug = db.session.execute(select(Point.id, Point.slug).order_by(Point.id).limit(1)).one()
    visit = to_local(utcnow()).date() - timedelta(days=1)
    start = threading.Barrier(SENDERS)
    outcomes, errors = [], []

    def send(level: int) -> None:
        try:
            with committed_app.app_context():
                start.wait()
                if opened:
                    assert open_rating(slug, "the-same-citizen")[0] == point_id
                outcome = submit_feedback(point_id, FeedbackSubmission(overall=level, visit_date=visit),
                                          "the-same-citizen")
                outcomes.append(outcome.stored)
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=send, args=(1 + i % 5,)) for i in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(outcomes) == [False] * (SENDERS - 1) + [True]
    with committed_app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Feedback)
                                   .where(Feedback.client_hash == "the-same-citizen"))
        counted = db.session.scalar(select(ScoreAggregate.count).where(
            ScoreAggregate.point_id == point_id, ScoreAggregate.criterion == "overall"))
        db.session.remove()
    assert stored == 1
    assert counted == 1

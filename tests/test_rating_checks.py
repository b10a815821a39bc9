"""What a rating posted reads and how writers take turns: the checks' counts stop at the caps, the
point is found by its slug in one statement, and SQLite writers wait on a lock file in turn."""
import threading
import time

from app.clock import to_local, utcnow
from app.database import writers_in_turn
from app.queries.feedback import rating_target, recent_ratings, services_of_point
from app.scoring import quarter_of, rolling_quarters
from app.services.feedback import HOUR, REPEAT_WINDOW, submit_feedback
from tests.factories import seeded_point, submission


def checks(point_id: int, network: str, caps: tuple[int, int]):
    now = utcnow()
    return recent_ratings(point_id, "someone-new", network, now - REPEAT_WINDOW, now - HOUR,
                          rolling_quarters(quarter_of(to_local(now).date())), caps=caps)


def test_a_networks_counts_stop_at_its_caps(app):
    point = seeded_point()
    for n in range(5):
        assert submit_feedback(point.id, submission(), f"client-{n}", "network-a").stored
    previous, counts = checks(point.id, "network-a", caps=(2, 3))
    assert previous is None
    assert (counts.network_on_point_today, counts.network_this_hour, counts.point_this_hour) == (2, 3, 5)
    _, wide = checks(point.id, "network-a", caps=(100, 100))
    assert (wide.network_on_point_today, wide.network_this_hour) == (5, 5)
    _, other = checks(point.id, "network-b", caps=(100, 100))
    assert (other.network_on_point_today, other.network_this_hour, other.point_this_hour) == (0, 0, 5)


def test_the_repeat_check_sees_the_clients_last_rating(app):
    point = seeded_point()
    submit_feedback(point.id, submission(), "someone-new", "network-a")
    previous, _ = checks(point.id, "network-a", caps=(100, 100))
    assert previous is not None and utcnow() - previous < HOUR


def test_a_rating_posted_finds_the_active_point_and_its_services_by_slug(app):
    point = seeded_point()
    point_id, services = rating_target(point.slug)
    assert point_id == point.id
    assert [(s.id, s.name_vi, s.name_en) for s in services] == [tuple(row) for row in services_of_point(point.id)]
    assert services and rating_target("no-such-point") is None


def test_sqlite_writers_wait_on_the_lock_file_in_turn(tmp_path):
    database = str(tmp_path / "site.db")
    held, events = threading.Event(), []

    def first():
        with writers_in_turn(database):
            events.append("first in")
            held.set()
            time.sleep(0.3)
            events.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    started = time.monotonic()
    with writers_in_turn(database):
        events.append("second in")
        waited = time.monotonic() - started
    thread.join()
    assert events == ["first in", "first out", "second in"]
    assert 0.2 < waited < 2  # woken when the first let go, not after a poll interval
    assert (tmp_path / "site.db-writer.lock").exists()

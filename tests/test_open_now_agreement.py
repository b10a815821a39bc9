""""Open now" is decided twice: in SQL for the open_now filter (app.queries.search) and in Python for
the status a page shows (app.hours.status_at). Over a whole week of instants, every half hour and
at every opening and closing minute of every seeded point, a public holiday included, both say the
same of every point."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.clock import VN_TZ
from app.extensions import db
from app.hours import Interval, status_at
from app.models import Point
from app.queries.search import PointFilters, filtered_points

MONDAY = datetime(2026, 12, 7, tzinfo=VN_TZ)
HOLIDAY = "2026-12-10"  # the Thursday of that week, declared a holiday for the test


def instants(points) -> list[datetime]:
    """Every half hour of the week, and every minute a point opens or closes (and the one before)."""
    edges = {t for p in points for h in p.hours for t in (h.opens, h.closes)}
    moments = set()
    for day in range(7):
        start = MONDAY + timedelta(days=day)
        moments |= {start + timedelta(minutes=30 * n) for n in range(48)}
        for edge in edges:
            moment = start.replace(hour=edge.hour, minute=edge.minute)
            moments |= {moment, moment - timedelta(minutes=1)}
    return sorted(moments)


@pytest.fixture
def clock(app, monkeypatch):
    """A clock the test moves, and the holiday of the week."""
    now = {"at": MONDAY}
    monkeypatch.setitem(app.config, "CLOCK", lambda: now["at"])
    monkeypatch.setitem(app.config, "PUBLIC_HOLIDAYS", (HOLIDAY,))
    return now


def test_sql_and_python_agree_on_open_now_over_a_week(app, clock):
    points = list(db.session.scalars(select(Point).where(Point.is_active.is_(True))
                                     .options(selectinload(Point.hours))))
    intervals = {p.id: [Interval(h.weekday, h.opens, h.closes) for h in p.hours] for p in points}
    holidays = frozenset({MONDAY.date() + timedelta(days=3)})
    checked = 0
    for moment in instants(points):
        clock["at"] = moment
        in_sql = open_in_sql()
        in_python = {pid for pid, spans in intervals.items() if status_at(spans, moment, holidays).is_open}
        assert in_sql == in_python, moment
        checked += 1
    assert checked > 7 * 48
    clock["at"] = MONDAY.replace(hour=9)
    assert len(open_in_sql()) > 100  # points do open


def open_in_sql() -> set[int]:
    """The ids the open_now filter lists at the clock's moment."""
    return set(db.session.scalars(filtered_points(PointFilters(open_now=True)).with_only_columns(Point.id)))

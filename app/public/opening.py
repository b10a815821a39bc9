"""Opening hours of a point as the public pages show them, judged at the (injectable) clock."""
from datetime import datetime

from app.hours import DayHours, Interval, OpenStatus, status_at, week_table
from app.clock import local_now
from app.holiday_calendar import public_holidays


def intervals_of(hours_rows) -> list[Interval]:
    """A point's stored opening ranges as app.hours intervals."""
    return [Interval(row.weekday, row.opens, row.closes) for row in hours_rows]


def status_of(hours_rows, now: datetime | None = None) -> OpenStatus:
    """Whether a point is open now (lunch break, Sunday and public holidays included)."""
    return status_at(intervals_of(hours_rows), now or local_now(), public_holidays())


def week_of(hours_rows) -> list[DayHours]:
    """A point's week, Monday first, for the hours table."""
    return week_table(intervals_of(hours_rows))

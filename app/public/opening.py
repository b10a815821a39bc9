"""Opening hours of a point as the public pages show them, judged at the (injectable) clock:
its week, the public holidays and its own special days (closed ones)."""
from datetime import date, datetime

from app.hours import DayHours, Interval, OpenStatus, status_at, week_table
from app.clock import local_now
from app.holiday_calendar import public_holidays
from app.special_days import closed_special_days, parse_special_days


def intervals_of(hours_rows) -> list[Interval]:
    """A point's stored opening ranges as app.hours intervals."""
    return [Interval(row.weekday, row.opens, row.closes) for row in hours_rows]


def closed_on(point) -> frozenset[date]:
    """The days a point does not open whatever its week: public holidays and its closed special days."""
    holidays = public_holidays()
    return holidays | closed_special_days(point.special_days) if point.special_days else holidays


def status_of(point, now: datetime | None = None) -> OpenStatus:
    """Whether a point is open now: lunch break, days off, holidays, and its special days (closed,
    or open on other hours) included."""
    special = parse_special_days(point.special_days) if point.special_days else None
    return status_at(intervals_of(point.hours), now or local_now(), closed_on(point), special)


def week_of(hours_rows) -> list[DayHours]:
    """A point's week, Monday first, for the hours table."""
    return week_table(intervals_of(hours_rows))

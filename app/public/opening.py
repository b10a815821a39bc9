"""Opening hours of a point as the public pages show them, judged at the (injectable) clock:
its week, the public holidays and its own special days (closed ones)."""
from datetime import date, datetime

from app.hours import DayHours, Interval, OpenStatus, spans_on_day, status_at, week_table
from app.clock import local_now
from app.holiday_calendar import public_holidays
from app.special_days import parse_special_days


def intervals_of(hours_rows) -> list[Interval]:
    """A point's stored opening ranges as app.hours intervals."""
    return [Interval(row.weekday, row.opens, row.closes) for row in hours_rows]


def special_of(point) -> dict:
    """The point's special days (date → opening ranges, none when closed)."""
    return parse_special_days(point.special_days) if point.special_days else {}


def closed_on(point, special: dict | None = None) -> frozenset[date]:
    """The days a point does not open whatever its week: public holidays and its closed special days."""
    special = special_of(point) if special is None else special
    closed = {day for day, spans in special.items() if not spans}
    return public_holidays() | closed if closed else public_holidays()


def status_of(point, now: datetime | None = None) -> OpenStatus:
    """Whether a point is open now: lunch break, days off, holidays, and its special days (closed,
    or open on other hours) included."""
    special = special_of(point)
    return status_at(intervals_of(point.hours), now or local_now(), closed_on(point, special), special)


def spans_on(point, day: date) -> list:
    """The point's opening ranges that day: none on a holiday or a closed special day, a special
    day's own hours, else the week's."""
    special = special_of(point)
    return [] if day in closed_on(point, special) else spans_on_day(intervals_of(point.hours), day, special)


def week_of(hours_rows) -> list[DayHours]:
    """A point's week, Monday first, for the hours table."""
    return week_table(intervals_of(hours_rows))

"""Working days: Monday to Friday, public holidays excepted (app/holiday_calendar.py). The deadlines
of privacy requests count in them."""
from datetime import date, timedelta

from app.holiday_calendar import holidays_between


def is_working_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset[date] | None = None) -> date:
    """The date `days` working days after start (the day of receipt itself not counted)."""
    if holidays is None:  # enough calendar for any deadline of a few weeks, holidays included
        holidays = holidays_between(start, start + timedelta(days=days * 3 + 30))
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day

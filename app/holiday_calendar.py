"""The public holidays the points close on, for any years asked.

Vietnam's holidays come from the maintained `holidays` package (this is the only module that
imports it): the Labour Code's days, with the substituted days it publishes (e.g. 31/8/2026). To
them are added the days the government decided and the package does not list (DECIDED), and the
PUBLIC_HOLIDAYS setting: "2026-12-08" or "+2026-12-08" adds a day, "-2026-11-24" removes one."""
from datetime import date
from functools import lru_cache

import holidays as holiday_package
from flask import current_app

from app.clock import today_local

# Tết Bính Ngọ 2026 was given as nine days off (14–22/2/2026); the package lists the Labour Code's
# five (16–20/2).
DECIDED: tuple[str, ...] = ("2026-02-14", "2026-02-15", "2026-02-21", "2026-02-22")


def _parse(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"Ngày lễ không hợp lệ: '{value}'") from None


def calendar(years: tuple[int, ...], setting: tuple[str, ...] = ()) -> frozenset[date]:
    """The closed days of these years: the package's, DECIDED, then the setting's changes."""
    return _calendar(tuple(sorted(set(years))), tuple(setting))


@lru_cache(maxsize=32)
def _calendar(years: tuple[int, ...], setting: tuple[str, ...]) -> frozenset[date]:
    days = set(holiday_package.country_holidays("VN", years=years))
    days |= {d for d in map(_parse, DECIDED) if d.year in years}
    for entry in (value.strip() for value in setting if value and value.strip()):
        if entry.startswith("-"):
            days.discard(_parse(entry[1:]))
        else:
            days.add(_parse(entry.removeprefix("+")))
    return frozenset(days)


def _setting() -> tuple[str, ...]:
    return tuple(current_app.config.get("PUBLIC_HOLIDAYS") or ())


def public_holidays() -> frozenset[date]:
    """The closed days from last year to two years ahead (what "open now" and "next open" need)."""
    year = today_local().year
    return calendar((year - 1, year, year + 1, year + 2), _setting())


def holidays_between(start: date, end: date) -> frozenset[date]:
    """The closed days from start to end, both included."""
    days = calendar(tuple(range(start.year, end.year + 1)), _setting())
    return frozenset(d for d in days if start <= d <= end)


def tet_days(year: int) -> tuple[date, ...]:
    """The Tết holidays of a year as the package lists them (from the 29th or 30th of the last lunar
    month to the fifth day of the new year); the pension schedule pays before them."""
    return tuple(sorted(day for day, name in holiday_package.country_holidays("VN", years=year).items()
                        if "Lunar New Year" in name))

"""The site's one clock: every "now" (stored moments, local time, today, the quarter) comes from here.

The database stores naive UTC; people see Asia/Ho_Chi_Minh. Tests and demos fix the time with the
CLOCK setting: a callable returning an aware datetime, read on every call while an app is active."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    """Now as an aware UTC moment, from the CLOCK setting when one is set."""
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    if clock is None:
        return datetime.now(UTC)
    moment = clock()
    if moment.utcoffset() is None:
        raise ValueError("CLOCK must return a timezone-aware datetime")
    return moment.astimezone(UTC)


def utcnow() -> datetime:
    """Now as naive UTC, the form stored in every DateTime column."""
    return now().replace(tzinfo=None)


def local_now() -> datetime:
    """Now in Vietnam time (aware)."""
    return now().astimezone(VN_TZ)


def today_local() -> date:
    """Today's date in Vietnam."""
    return local_now().date()


def to_local(moment: datetime) -> datetime:
    """A stored naive-UTC moment in Vietnam time."""
    return moment.replace(tzinfo=UTC).astimezone(VN_TZ)


def current_quarter() -> int:
    """The quarter (year*10+q) of today in Vietnam."""
    today = today_local()
    return today.year * 10 + (today.month - 1) // 3 + 1

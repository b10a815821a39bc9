"""Time helpers: the database stores naive UTC; people see Asia/Ho_Chi_Minh."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """Now as naive UTC, the form stored in every DateTime column."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A stored naive-UTC moment in Vietnam time."""
    return moment.replace(tzinfo=UTC).astimezone(VN_TZ)

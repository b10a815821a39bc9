"""A point's special days: dates it closes, or opens on other hours than its week, in the
registry's `special_days` column, e.g. "2026-12-24: nghỉ; 2027-01-10: 07:00-11:00" (the hours
part is the opening-hours syntax of app.hours for one day)."""
from datetime import date, time

from app.hours import HoursSyntaxError, parse_spans

Spans = tuple[tuple[time, time], ...]


def parse_special_days(text: str | None) -> dict[date, Spans]:
    """Each special date with its opening ranges (none: closed); raises HoursSyntaxError."""
    days: dict[date, Spans] = {}
    for item in filter(None, (part.strip() for part in (text or "").split(";"))):
        day_text, sep, spans_text = item.partition(":")
        try:
            day = date.fromisoformat(day_text.strip())
        except ValueError:
            raise HoursSyntaxError(f"Ngày không hợp lệ: '{day_text.strip()}' (ghi dạng 2026-12-24)") from None
        if not sep or not spans_text.strip():
            raise HoursSyntaxError(f"Thiếu giờ hoặc 'nghỉ' sau ngày {day.isoformat()}")
        if day in days:
            raise HoursSyntaxError(f"Ngày {day.isoformat()} ghi hai lần")
        days[day] = tuple(parse_spans(spans_text.strip()))
    return dict(sorted(days.items()))


def format_special_days(days: dict[date, Spans]) -> str:
    """Special days in the registry's syntax (what the export writes)."""
    return "; ".join(
        f"{day.isoformat()}: " + (",".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in spans) if spans else "nghỉ")
        for day, spans in sorted(days.items()))


def upcoming(text: str | None, today: date, limit: int = 10) -> list[tuple[date, Spans]]:
    """The special days from today on, nearest first."""
    return [(day, spans) for day, spans in parse_special_days(text).items() if day >= today][:limit]

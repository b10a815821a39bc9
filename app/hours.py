"""Opening hours of a service point: compact text syntax, weekly table and "open now".

The syntax, shared by the CSV import and the admin form, looks like
``"T2-T6 07:00-11:30,13:30-17:00; T7 07:00-11:30; CN nghỉ"``: groups separated by ``;`` (or a
new line), each a set of days followed by comma-separated time ranges or ``nghỉ``/``off``.
A lunch break is simply the gap between two ranges of one day.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.clock import VN_TZ

LOOKAHEAD_DAYS = 14

DAY_CODES = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
DAY_LABELS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


class HoursSyntaxError(ValueError):
    """Opening-hours text that cannot be read; the message is Vietnamese and names the bad part."""


@dataclass(frozen=True, order=True)
class Interval:
    """One opening range on one weekday (0 = Monday); open for opens <= t < closes."""

    weekday: int
    opens: time
    closes: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, got {self.weekday}")
        if self.closes <= self.opens:
            raise ValueError(f"closes must be after opens: {self.opens}-{self.closes}")


@dataclass(frozen=True)
class DayHours:
    """One row of the weekly table shown on a point's page."""

    weekday: int
    label_vi: str
    intervals: list[tuple[time, time]]

    @property
    def closed(self) -> bool:
        """True when the point does not open at all that day."""
        return not self.intervals


@dataclass(frozen=True)
class OpenStatus:
    """Whether a point is open at a moment, and when it closes or opens next."""

    is_open: bool
    closes_at: datetime | None
    next_open: datetime | None
    reason: str | None  # "holiday", "lunch" or None


# Keys are folded (lower case, no diacritics, no spaces) so "Thứ 2", "thu2", "THỨ HAI" all match.
_DAY_NAMES: dict[str, int] = {
    **{f"t{n}": n - 2 for n in range(2, 8)},
    **{f"thu{n}": n - 2 for n in range(2, 8)},
    **{f"thu{w}": i for i, w in enumerate(("hai", "ba", "tu", "nam", "sau", "bay"))},
    "cn": 6,
    "chunhat": 6,
    **{w: i for i, w in enumerate(("mo", "tu", "we", "th", "fr", "sa", "su"))},
}
_OFF_WORDS = frozenset({"nghi", "off", "closed", "dong cua"})
# Where the times of a group start: the first "07:0…" / "7h" or closed word. "Thứ 2" or
# "Thứ 6:" has a digit but no time after it, so it stays in the day part.
_SPEC_START = re.compile(r"(?<!\w)(?:\d{1,2}(?::\d|h)|nghi\b|off\b|closed\b|dong cua\b)")
_DASH = re.compile(r"\s*[-–—]\s*")
_TIME = re.compile(r"(\d{1,2})(?::(\d{2})|[hH](\d{2})?)")


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    low = unicodedata.normalize("NFD", char)[0].lower()
    # One output char per input char, so positions found in the folded text index the original.
    return low if len(low) == 1 else char


def _fold(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


def parse_hours(text: str) -> list[Interval]:
    """Parse the compact opening-hours syntax into sorted intervals; blank text means none."""
    text = unicodedata.normalize("NFC", text)
    seen: set[int] = set()
    result: list[Interval] = []
    for group in re.split(r"[;\n]", text):
        if not group.strip():
            continue
        days, spans = _parse_group(group.strip())
        for day in days:
            if day in seen:
                raise HoursSyntaxError(f"Ngày được khai báo nhiều lần: {DAY_LABELS_VI[day]}")
            seen.add(day)
            result.extend(Interval(day, opens, closes) for opens, closes in spans)
    return sorted(result)


def _parse_group(group: str) -> tuple[list[int], list[tuple[time, time]]]:
    found = _SPEC_START.search(_fold(group))
    if found is None:
        raise HoursSyntaxError(
            f"Không tìm thấy giờ mở cửa (dạng 07:00-17:00 hoặc 'nghỉ'): '{group}'"
        )
    day_text = group[: found.start()].strip().rstrip(":").strip()
    if not day_text:
        raise HoursSyntaxError(f"Thiếu ngày trong tuần: '{group}'")
    return _parse_days(day_text), parse_spans(group[found.start() :].strip())


def _parse_days(day_text: str) -> list[int]:
    days: list[int] = []
    for item in re.split(r"\s*,\s*", day_text):
        ends = _DASH.split(item)
        if len(ends) == 1:
            days.append(_parse_day(item))
            continue
        first, last = _parse_day(ends[0]), _parse_day(ends[-1])
        if len(ends) > 2 or last < first:
            raise HoursSyntaxError(f"Khoảng ngày không hợp lệ: '{item}'")
        days.extend(range(first, last + 1))
    return days


def _parse_day(token: str) -> int:
    key = re.sub(r"\s+", "", _fold(token))
    if key not in _DAY_NAMES:
        raise HoursSyntaxError(f"Ngày không hợp lệ: '{token.strip()}'")
    return _DAY_NAMES[key]


def parse_spans(spec: str) -> list[tuple[time, time]]:
    """The time ranges of one day ("07:00-11:30,13:30-17:00"), or none for "nghỉ"."""
    items = [item.strip() for item in spec.split(",")]
    if any(_fold(item) in _OFF_WORDS for item in items):
        if len(items) > 1:
            raise HoursSyntaxError(f"Không thể vừa nghỉ vừa có giờ mở cửa: '{spec}'")
        return []
    spans = sorted(_parse_span(item) for item in items)
    for (o1, c1), (o2, c2) in zip(spans, spans[1:]):
        if o2 < c1:
            raise HoursSyntaxError(
                f"Các khoảng giờ chồng lấn nhau: {_span_text(o1, c1)} và {_span_text(o2, c2)}"
            )
    return spans


def _parse_span(item: str) -> tuple[time, time]:
    parts = _DASH.split(item)
    if len(parts) != 2:
        raise HoursSyntaxError(f"Khoảng giờ không hợp lệ (cần dạng 07:00-17:00): '{item}'")
    opens, closes = _parse_time(parts[0]), _parse_time(parts[1])
    if closes <= opens:
        raise HoursSyntaxError(f"Giờ đóng cửa phải sau giờ mở cửa: {_span_text(opens, closes)}")
    return opens, closes


def _parse_time(token: str) -> time:
    match = _TIME.fullmatch(token.strip())
    hour, minute = (int(match[1]), int(match[2] or match[3] or 0)) if match else (99, 0)
    if hour > 23 or minute > 59:
        raise HoursSyntaxError(f"Giờ không hợp lệ: '{token.strip()}'")
    return time(hour, minute)


def _span_text(opens: time, closes: time) -> str:
    return f"{opens:%H:%M}-{closes:%H:%M}"


def _schedules(intervals: Iterable[Interval]) -> list[tuple[tuple[time, time], ...]]:
    per_day: list[list[tuple[time, time]]] = [[] for _ in range(7)]
    for iv in intervals:
        per_day[iv.weekday].append((iv.opens, iv.closes))
    return [tuple(sorted(spans)) for spans in per_day]


def format_hours(intervals: Iterable[Interval]) -> str:
    """Give the canonical text of intervals (days with equal hours merged); "" when none."""
    schedules = _schedules(intervals)
    if not any(schedules):
        return ""
    groups: dict[tuple[tuple[time, time], ...], list[int]] = {}
    for day, spans in enumerate(schedules):
        groups.setdefault(spans, []).append(day)
    return "; ".join(
        f"{_format_days(days)} {','.join(_span_text(*s) for s in spans) or 'nghỉ'}"
        for spans, days in groups.items()
    )


def _format_days(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        DAY_CODES[r[0]] if len(r) == 1 else f"{DAY_CODES[r[0]]}-{DAY_CODES[r[-1]]}" for r in runs
    )


def week_table(intervals: Iterable[Interval]) -> list[DayHours]:
    """List all seven days, Monday first, with their opening ranges (empty = closed)."""
    return [
        DayHours(day, DAY_LABELS_VI[day], list(spans))
        for day, spans in enumerate(_schedules(intervals))
    ]


def closed_days(intervals: Sequence[Interval], holidays: frozenset[date], start: date, days: int) -> list[date]:
    """The days from `start` (for `days` days) on which the point does not open: days of the week
    without hours, and holidays."""
    open_weekdays = {iv.weekday for iv in intervals}
    return [day for day in (start + timedelta(days=n) for n in range(days))
            if day.weekday() not in open_weekdays or day in holidays]


def _spans_on(intervals: Sequence[Interval], weekday: int) -> list[tuple[time, time]]:
    return sorted((iv.opens, iv.closes) for iv in intervals if iv.weekday == weekday)


def status_at(
    intervals: Sequence[Interval], at: datetime, holidays: frozenset[date] = frozenset(),
    special: Mapping[date, Sequence[tuple[time, time]]] | None = None,
) -> OpenStatus:
    """Tell whether the point is open at an aware moment, read in Vietnam time; `special` gives
    the days open on other hours than the week's (a holiday still closes)."""
    if at.utcoffset() is None:
        raise ValueError("at must be a timezone-aware datetime")
    local = at.astimezone(VN_TZ)
    special = special or {}
    if local.date() in holidays:
        return OpenStatus(False, None, _next_open(intervals, local, holidays, special), "holiday")
    now = local.time()
    spans = spans_on_day(intervals, local.date(), special)
    for index, (opens, closes) in enumerate(spans):
        if opens <= now < closes:
            closes_at = datetime.combine(local.date(), _closing(spans, index), VN_TZ)
            return OpenStatus(True, closes_at, None, None)
    lunch = any(c <= now for _, c in spans) and any(o > now for o, _ in spans)
    return OpenStatus(False, None, _next_open(intervals, local, holidays, special), "lunch" if lunch else None)


def spans_on_day(intervals: Sequence[Interval], day: date, special: Mapping) -> list[tuple[time, time]]:
    """A day's opening ranges: a special day's own, else its weekday's."""
    return sorted(special[day]) if day in special else _spans_on(intervals, day.weekday())


def _closing(spans: list[tuple[time, time]], index: int) -> time:
    # Ranges that touch (11:30-11:30) mean no break: the point closes at the end of the chain.
    closes = spans[index][1]
    for opens, later in spans[index + 1 :]:
        if opens > closes:
            break
        closes = max(closes, later)
    return closes


def _next_open(
    intervals: Sequence[Interval], local: datetime, holidays: frozenset[date], special: Mapping
) -> datetime | None:
    now = local.time()
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        if day in holidays:
            continue
        for opens, _ in spans_on_day(intervals, day, special):
            if offset > 0 or opens > now:
                return datetime.combine(day, opens, VN_TZ)
    return None

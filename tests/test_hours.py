"""Tests for app.hours: the opening-hours syntax and the open/closed status."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.clock import VN_TZ
from app.hours import (
    HoursSyntaxError,
    Interval,
    closed_days,
    format_hours,
    parse_hours,
    status_at,
    week_table,
)

TYPICAL = "T2-T6 07:00-11:30,13:30-17:00; T7 07:00-11:30; CN nghỉ"
MONDAY = date(2026, 3, 2)  # an ordinary week: no public holiday from 2 to 8 March 2026


def vn(day: date, hour: int, minute: int = 0) -> datetime:
    """Return an aware Vietnam-time datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture
def typical() -> list[Interval]:
    return parse_hours(TYPICAL)


# --- Parsing and formatting --------------------------------------------------------------


def test_parse_typical_post_office() -> None:
    intervals = parse_hours(TYPICAL)
    assert len(intervals) == 11
    assert intervals[0] == Interval(0, time(7), time(11, 30))
    assert intervals[1] == Interval(0, time(13, 30), time(17))
    assert intervals[-1] == Interval(5, time(7), time(11, 30))
    assert not [iv for iv in intervals if iv.weekday == 6]


def test_format_gives_canonical_text(typical: list[Interval]) -> None:
    assert format_hours(typical) == TYPICAL
    assert format_hours(reversed(typical)) == TYPICAL


@pytest.mark.parametrize(
    "text",
    [
        "thứ 2 - thứ 6: 07:00-11:30, 13:30-17:00; THỨ BẢY 7h-11h30; chủ nhật nghỉ",
        "Thu 2-Thu 6 07:00-11:30,13:30-17:00\nthu bay 07:00-11:30\nChu Nhat off",
        "Mo-Fr 07:00-11:30,13:30-17:00; Sa 07:00-11:30; Su closed",
        "Thứ Hai-Thứ Sáu 07:00-11:30,13:30-17:00; Thứ Bảy 07:00-11:30",
        unicodedata.normalize("NFD", TYPICAL),
    ],
)
def test_parse_accepts_spellings(text: str, typical: list[Interval]) -> None:
    assert parse_hours(text) == typical


def test_parse_day_lists_and_merged_format() -> None:
    intervals = parse_hours("T2,T4 , T6 08:00-12:00; T3 07:00-11:00; T5 08:00-12:00")
    assert [iv.weekday for iv in intervals] == [0, 1, 2, 3, 4]
    assert format_hours(intervals) == "T2,T4-T6 08:00-12:00; T3 07:00-11:00; T7-CN nghỉ"


def test_blank_text_means_no_hours() -> None:
    assert parse_hours("  ") == []
    assert format_hours([]) == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("T2 07:00-25:00", "Giờ không hợp lệ: '25:00'"),
        ("T2 07:60-11:00", "Giờ không hợp lệ: '07:60'"),
        ("T2 7-11", "Không tìm thấy giờ mở cửa (dạng 07:00-17:00 hoặc 'nghỉ'): 'T2 7-11'"),
        ("T2 17:00-07:00", "Giờ đóng cửa phải sau giờ mở cửa: 17:00-07:00"),
        ("T2 07:00-07:00", "Giờ đóng cửa phải sau giờ mở cửa: 07:00-07:00"),
        ("T2 07:00-12:00,11:00-17:00", "Các khoảng giờ chồng lấn nhau: 07:00-12:00 và 11:00-17:00"),
        ("T8 07:00-11:00", "Ngày không hợp lệ: 'T8'"),
        ("Thứ 9 07:00-11:00", "Ngày không hợp lệ: 'Thứ 9'"),
        ("T2-T9 07:00-11:00", "Ngày không hợp lệ: 'T9'"),
        ("T6-T2 07:00-11:00", "Khoảng ngày không hợp lệ: 'T6-T2'"),
        ("T2-T6 07:00-17:00; T6 07:00-11:30", "Ngày được khai báo nhiều lần: Thứ Sáu"),
        ("07:00-11:00", "Thiếu ngày trong tuần: '07:00-11:00'"),
        ("T2 07:00", "Khoảng giờ không hợp lệ (cần dạng 07:00-17:00): '07:00'"),
        ("CN nghỉ, 07:00-11:00", "Không thể vừa nghỉ vừa có giờ mở cửa: 'nghỉ, 07:00-11:00'"),
    ],
)
def test_parse_errors_name_the_bad_part(text: str, message: str) -> None:
    with pytest.raises(HoursSyntaxError) as raised:
        parse_hours(text)
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)


@st.composite
def weeks(draw: st.DrawFn) -> list[Interval]:
    """Random valid weeks: each day a sorted run of disjoint minute-precision ranges."""
    intervals = []
    for day in range(7):
        minutes = sorted(draw(st.sets(st.integers(0, 24 * 60 - 1), max_size=6)))
        for start, end in zip(minutes[::2], minutes[1::2]):
            intervals.append(Interval(day, _t(start), _t(end)))
    return draw(st.permutations(intervals))


def _t(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@given(weeks())
def test_format_parse_round_trip(intervals: list[Interval]) -> None:
    assert parse_hours(format_hours(intervals)) == sorted(intervals)


def test_week_table_lists_all_days(typical: list[Interval]) -> None:
    table = week_table(typical)
    assert [d.label_vi for d in table] == [
        "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật",
    ]  # fmt: skip
    assert table[0].intervals == [(time(7), time(11, 30)), (time(13, 30), time(17))]
    assert table[5].intervals == [(time(7), time(11, 30))]
    assert table[6].intervals == [] and table[6].closed and not table[0].closed


# --- Open / closed status ----------------------------------------------------------------

# Written by hand, not derived from the code: one line per day from Monday, two characters per
# hour (hh:00 and hh:30). "o" open, "L" closed for lunch, "-" closed.
EXPECTED_WEEK = [
    "-- -- -- -- -- -- -- oo oo oo oo oL LL Lo oo oo oo -- -- -- -- -- -- --",  # Mon
    "-- -- -- -- -- -- -- oo oo oo oo oL LL Lo oo oo oo -- -- -- -- -- -- --",  # Tue
    "-- -- -- -- -- -- -- oo oo oo oo oL LL Lo oo oo oo -- -- -- -- -- -- --",  # Wed
    "-- -- -- -- -- -- -- oo oo oo oo oL LL Lo oo oo oo -- -- -- -- -- -- --",  # Thu
    "-- -- -- -- -- -- -- oo oo oo oo oL LL Lo oo oo oo -- -- -- -- -- -- --",  # Fri
    "-- -- -- -- -- -- -- oo oo oo oo o- -- -- -- -- -- -- -- -- -- -- -- --",  # Sat
    "-- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- --",  # Sun
]


def test_status_every_half_hour_of_a_week(typical: list[Interval]) -> None:
    for offset, line in enumerate(EXPECTED_WEEK):
        day = MONDAY + timedelta(days=offset)
        for slot, expected in enumerate(line.replace(" ", "")):
            fixed = vn(day, slot // 2, 30 * (slot % 2))
            status = status_at(typical, fixed, frozenset())
            assert status.is_open == (expected == "o"), fixed
            assert status.reason == ("lunch" if expected == "L" else None), fixed
            assert (status.closes_at is None) != status.is_open, fixed
            assert (status.next_open is None) == status.is_open, fixed


def test_open_reports_closing_time(typical: list[Interval]) -> None:
    status = status_at(typical, vn(MONDAY, 9, 15), frozenset())
    assert status.closes_at == vn(MONDAY, 11, 30)
    status = status_at(typical, vn(MONDAY + timedelta(days=5), 7), frozenset())
    assert status.closes_at == vn(MONDAY + timedelta(days=5), 11, 30)


def test_boundaries_are_half_open(typical: list[Interval]) -> None:
    assert status_at(typical, vn(MONDAY, 7), frozenset()).is_open
    assert not status_at(typical, vn(MONDAY, 6, 59), frozenset()).is_open
    assert not status_at(typical, vn(MONDAY, 17), frozenset()).is_open
    just_before = vn(MONDAY, 16, 59) + timedelta(seconds=59, microseconds=999_999)
    assert status_at(typical, just_before, frozenset()).is_open


def test_lunch_break_opens_again_same_day(typical: list[Interval]) -> None:
    status = status_at(typical, vn(MONDAY, 12, 15), frozenset())
    assert (status.is_open, status.reason) == (False, "lunch")
    assert status.next_open == vn(MONDAY, 13, 30)


def test_before_opening_and_after_closing(typical: list[Interval]) -> None:
    early = status_at(typical, vn(MONDAY, 5), frozenset())
    assert (early.reason, early.next_open) == (None, vn(MONDAY, 7))
    late = status_at(typical, vn(MONDAY, 18), frozenset())
    assert (late.reason, late.next_open) == (None, vn(MONDAY + timedelta(days=1), 7))


def test_saturday_afternoon_and_sunday_open_next_monday(typical: list[Interval]) -> None:
    next_monday = vn(MONDAY + timedelta(days=7), 7)
    saturday = status_at(typical, vn(MONDAY + timedelta(days=5), 14), frozenset())
    assert (saturday.is_open, saturday.reason, saturday.next_open) == (False, None, next_monday)
    sunday = status_at(typical, vn(MONDAY + timedelta(days=6), 10), frozenset())
    assert (sunday.is_open, sunday.reason, sunday.next_open) == (False, None, next_monday)


def test_holiday_closes_all_day_and_skips_to_next_working_day(typical: list[Interval]) -> None:
    holidays = frozenset({date(2026, 4, 30), date(2026, 5, 1)})
    # 30/4/2026 is a Thursday and 1/5 a Friday: the next opening is Saturday 2/5 at 07:00.
    status = status_at(typical, vn(date(2026, 4, 30), 9), holidays)
    assert (status.is_open, status.reason, status.closes_at) == (False, "holiday", None)
    assert status.next_open == vn(date(2026, 5, 2), 7)
    # Early on the day before, the point still opens that day.
    assert status_at(typical, vn(date(2026, 4, 29), 6), holidays).next_open == vn(
        date(2026, 4, 29), 7
    )


def test_configured_holiday_on_a_monday(typical: list[Interval]) -> None:
    status = status_at(typical, vn(MONDAY, 9), frozenset({MONDAY}))
    assert (status.is_open, status.reason) == (False, "holiday")
    assert status.next_open == vn(MONDAY + timedelta(days=1), 7)


def test_never_open_has_no_next_open() -> None:
    status = status_at([], vn(MONDAY, 9), frozenset())
    assert status == status_at(parse_hours("T2-CN nghỉ"), vn(MONDAY, 9), frozenset())
    assert (status.is_open, status.next_open, status.reason) == (False, None, None)


def test_next_open_looks_at_most_14_days_ahead(typical: list[Interval]) -> None:
    long_closure = frozenset(MONDAY + timedelta(days=n) for n in range(30))
    assert status_at(typical, vn(MONDAY, 9), long_closure).next_open is None
    shorter = frozenset(MONDAY + timedelta(days=n) for n in range(14))
    assert status_at(typical, vn(MONDAY, 9), shorter).next_open == vn(
        MONDAY + timedelta(days=14), 7
    )


def test_utc_moment_is_read_in_vietnam_time(typical: list[Interval]) -> None:
    at = datetime(2026, 3, 2, 0, 30, tzinfo=timezone.utc)  # Monday 07:30 in Vietnam
    status = status_at(typical, at, frozenset())
    assert status.is_open and status.closes_at == vn(MONDAY, 11, 30)
    assert status.closes_at.utcoffset() == timedelta(hours=7)
    # Sunday 23:30 UTC is Monday 06:30 in Vietnam: not yet open.
    before = status_at(typical, datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc), frozenset())
    assert not before.is_open and before.next_open == vn(MONDAY, 7)


def test_naive_datetimes_are_refused(typical: list[Interval]) -> None:
    with pytest.raises(ValueError):
        status_at(typical, datetime(2026, 3, 2, 9), frozenset())


def test_touching_ranges_close_at_end_of_chain() -> None:
    intervals = parse_hours("T2 07:00-11:30,11:30-17:00")
    status = status_at(intervals, vn(MONDAY, 9), frozenset())
    assert status.closes_at == vn(MONDAY, 17)


def test_closed_days_are_days_without_hours_and_holidays(typical: list[Interval]) -> None:
    week = closed_days(typical, frozenset({MONDAY + timedelta(days=2)}), MONDAY, 7)
    assert week == [MONDAY + timedelta(days=2), MONDAY + timedelta(days=6)]  # the holiday, Sunday

"""Open or closed at a fixed clock (acceptance 5): a whole week in half-hours, the lunch break,
Sunday and a configured holiday, through the point page and the open_now filter.

The expected answers are written out here from the point's timetable, not computed with
app.hours, so the test checks the app rather than repeating it."""
import re
from datetime import UTC, datetime, time, timedelta

import pytest

from app.clock import VN_TZ
from app.queries.search import PointFilters, search_points
from tests.test_point_page import week_point  # noqa: F401  (the fixture)

MONDAY = datetime(2026, 12, 7, tzinfo=VN_TZ)  # a week without default holidays
SLUG, NAME = "diem-gio-mo-cua", "Điểm Giờ Mở Cửa Thử"


def expected_open(moment: datetime, holidays=()) -> bool:
    """The timetable, by hand: Mon–Fri 07:00–11:30 and 13:30–17:00, Sat 07:00–11:30, Sun closed."""
    if moment.date().isoformat() in holidays:
        return False
    t, day = moment.time(), moment.weekday()
    morning = time(7) <= t < time(11, 30)
    afternoon = time(13, 30) <= t < time(17)
    return (day < 5 and (morning or afternoon)) or (day == 5 and morning)


@pytest.fixture
def timed_point(week_point, monkeypatch, app):
    """The point of the timetable above, and a clock the test sets."""
    week_point(slug=SLUG, name=NAME, search_text="diem gio mo cua thu")
    moment = {"now": MONDAY}
    monkeypatch.setitem(app.config, "CLOCK", lambda: moment["now"])
    monkeypatch.setitem(app.config, "PUBLIC_HOLIDAYS", ())
    return moment


def listed_open(at: datetime, clock: dict) -> bool:
    """Whether the open_now filter lists the point at that moment."""
    clock["now"] = at
    slugs = [p.slug for p in search_points(PointFilters(q=NAME, open_now=True)).points]
    return slugs == [SLUG]


def page_status(client, clock: dict, at: datetime) -> str:
    """The open/closed line of the point page at that moment, as text."""
    clock["now"] = at
    html = client.get(f"/points/{SLUG}").get_data(as_text=True)
    line = re.search(r'<p class="point-status point-status-now" id="open-status">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", line.group(1)).strip()


def test_open_now_filter_over_a_whole_week(timed_point):
    moments = [MONDAY + timedelta(minutes=30 * n) for n in range(7 * 48)]
    moments += [MONDAY + timedelta(days=d, hours=h, minutes=m)  # one minute either side of each edge
                for d in range(7) for h, m in ((6, 59), (11, 29), (13, 29), (16, 59))]
    wrong = [at for at in moments if listed_open(at, timed_point) != expected_open(at)]
    assert wrong == []
    # 5 × 16 weekday half-hours + 9 on Saturday, and the 11:29 and 16:59 edges: 100 open moments.
    assert sum(expected_open(at) for at in moments) == 100


def test_point_page_over_a_whole_week(client, timed_point):
    for at in (MONDAY + timedelta(hours=h) for h in range(0, 7 * 24, 3)):
        status = page_status(client, timed_point, at)
        assert status.startswith("Đang mở cửa" if expected_open(at) else "Đã đóng cửa"), (at, status)


@pytest.mark.parametrize("day,clock,expected", [
    (0, "06:00", "Đã đóng cửa · mở cửa hôm nay lúc 07:00"),
    (0, "07:00", "Đang mở cửa đến 11:30"),
    (0, "11:29", "Đang mở cửa đến 11:30"),
    (0, "11:30", "Đã đóng cửa (nghỉ trưa) · mở cửa hôm nay lúc 13:30"),
    (2, "12:15", "Đã đóng cửa (nghỉ trưa) · mở cửa hôm nay lúc 13:30"),
    (2, "13:30", "Đang mở cửa đến 17:00"),
    (4, "17:00", "Đã đóng cửa · mở cửa ngày mai lúc 07:00"),
    (5, "10:00", "Đang mở cửa đến 11:30"),
    (5, "12:00", "Đã đóng cửa · mở cửa Thứ Hai 14/12 lúc 07:00"),
    (6, "09:00", "Đã đóng cửa · mở cửa ngày mai lúc 07:00"),
])
def test_page_says_when_it_opens_next(client, timed_point, day, clock, expected):
    hour, minute = map(int, clock.split(":"))
    at = MONDAY + timedelta(days=day, hours=hour, minutes=minute)
    assert page_status(client, timed_point, at) == expected
    assert listed_open(at, timed_point) == expected.startswith("Đang mở cửa")


def test_the_clock_is_read_in_vietnam_time(client, timed_point):
    at = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội, 02:00 in London
    assert page_status(client, timed_point, at) == "Đang mở cửa đến 11:30"
    at = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)  # Tuesday 06:00 in Hà Nội
    assert page_status(client, timed_point, at) == "Đã đóng cửa · mở cửa hôm nay lúc 07:00"


def test_configured_holiday_closes_the_point(client, app, timed_point, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_HOLIDAYS", ("2026-12-09",))  # a Wednesday
    wednesday = MONDAY + timedelta(days=2, hours=9)
    assert page_status(client, timed_point, wednesday) == "Đã đóng cửa (ngày lễ) · mở cửa ngày mai lúc 07:00"
    html = client.get(f"/points/{SLUG}").get_data(as_text=True)
    assert "Hôm nay là ngày nghỉ lễ" in html
    assert not listed_open(wednesday, timed_point)
    assert search_points(PointFilters(open_now=True)).total == 0  # every point keeps the holiday
    tuesday = MONDAY + timedelta(days=1, hours=9)
    assert listed_open(tuesday, timed_point)
    assert page_status(client, timed_point, tuesday) == "Đang mở cửa đến 11:30"


def test_the_eve_of_a_holiday_points_past_it(client, app, timed_point, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_HOLIDAYS", ("2026-12-08", "2026-12-09"))
    monday_evening = MONDAY + timedelta(hours=18)
    assert page_status(client, timed_point, monday_evening) == \
        "Đã đóng cửa · mở cửa Thứ Năm 10/12 lúc 07:00"


def test_without_the_setting_the_package_holidays_apply(client, app, timed_point, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_HOLIDAYS", ())
    national_day = datetime(2026, 9, 2, 9, 0, tzinfo=VN_TZ)  # a Wednesday
    assert page_status(client, timed_point, national_day).startswith("Đã đóng cửa (ngày lễ)")
    assert not listed_open(national_day, timed_point)
    assert listed_open(national_day - timedelta(days=7), timed_point)


def test_english_status(client, timed_point):
    timed_point["now"] = MONDAY + timedelta(hours=12)
    html = client.get(f"/points/{SLUG}?lang=en").get_data(as_text=True)
    line = re.search(r'id="open-status">(.*?)</p>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", line).strip() == "Closed (lunch break) · opens today at 13:30"

"""Pension payments and special days: the usual days of the month, months paid otherwise (two at
once before Tết), "Hôm nay chi trả lương hưu" on the page and in the list, a point's own closed
days on its page and in `closed_dates`, and the registry syntax of both read and written back."""
from datetime import UTC, date, datetime, time

import pytest

from app.holiday_calendar import tet_days
from app.hours import HoursSyntaxError
from app.pension import ScheduleError, format_schedule, parse_schedule, tet_schedule, windows
from app.registry import fields
from app.special_days import format_special_days, parse_special_days
from tests.factories import STANDARD_WEEK, make_point


def test_the_tet_exception_pays_two_months_before_tet():
    # Tết 2027 is Saturday 6 February (holidays from the 4th): January pays January and February.
    plans = tet_schedule((5, 12), tet_days(2027))
    assert format_schedule(plans) == "2027-01: 5-12 gộp 2; 2027-02: không"
    # Tết 2028 is 26 January (holidays from the 24th): the usual 20–27 would reach it, so it ends
    # two days before.
    assert format_schedule(tet_schedule((20, 27), tet_days(2028))) == "2028-01: 20-21 gộp 2; 2028-02: không"
    # Tết in mid-February (13 February 2029): January's usual days, whatever they are.
    assert format_schedule(tet_schedule((20, 27), tet_days(2029))) == "2029-01: 20-27 gộp 2; 2029-02: không"


def test_windows_follow_the_schedule_then_the_usual_days():
    found = windows((5, 12), "2027-01: 5-12 gộp 2; 2027-02: không", date(2026, 12, 7), 4)
    assert [(w.month, w.starts, w.ends, w.months, w.exception) for w in found] == [
        (date(2026, 12, 1), date(2026, 12, 5), date(2026, 12, 12), 1, False),
        (date(2027, 1, 1), date(2027, 1, 5), date(2027, 1, 12), 2, True),
        (date(2027, 2, 1), None, None, 1, True),
        (date(2027, 3, 1), date(2027, 3, 5), date(2027, 3, 12), 1, False)]
    # A day past the month's end falls on its last day.
    assert windows((25, 31), None, date(2027, 2, 1), 1)[0].ends == date(2027, 2, 28)


@pytest.mark.parametrize("text, reason", [("2027-13: 5-12", "2027-13: 5-12"), ("2027-01 5-12", "2027-01 5-12"),
                                          ("2027-01: 12-5", "2027-01: 12-5"), ("2027-01: 5-12; 2027-1: 3", "2027-1: 3")])
def test_a_schedule_that_cannot_be_read_names_the_item(text, reason):
    with pytest.raises(ScheduleError) as error:
        parse_schedule(text)
    assert str(error.value) == reason


def test_registry_cells_are_written_back_canonically(app):
    with app.test_request_context():
        assert fields.pension_schedule("2027-1 : 5 - 12 gop 2 ; 2027-02: Không") == "2027-01: 5-12 gộp 2; 2027-02: không"
        assert fields.special_days("2026-12-24: Nghỉ;2026-12-31: 7:00-11:30") == \
            "2026-12-24: nghỉ; 2026-12-31: 07:00-11:30"
        with pytest.raises(fields.FieldError, match="2027-01: mười"):
            fields.pension_schedule("2027-01: mười")
        with pytest.raises(fields.FieldError, match="24/12/2026"):
            fields.special_days("24/12/2026: nghỉ")
        with pytest.raises(fields.FieldError, match="mã bưu cục"):
            fields.postcode("240000")  # a six-digit number is an office code
        with pytest.raises(fields.FieldError, match="25"):
            fields.postcode("24000")  # another province
        assert fields.postcode("25000") == "25000" and fields.office_code("240000") == "240000"
    assert parse_special_days("2026-12-31: 07:00-11:30") == {date(2026, 12, 31): ((time(7), time(11, 30)),)}
    with pytest.raises(HoursSyntaxError):
        parse_special_days("2026-12-31")
    assert format_special_days({date(2026, 12, 24): ()}) == "2026-12-24: nghỉ"


def point_header(html: str) -> str:
    """The top of the point's page: name, type, open now and today's marks."""
    return html.split('<header class="point-header">')[1].split("</header>")[0]


@pytest.fixture
def paying_point(app, monkeypatch):
    # Monday 7 December 2026, 09:00 in Vietnam.
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 7, 2, 0, tzinfo=UTC))
    return make_point(code="T-PENSION", slug="diem-chi-tra", name="Điểm Chi Trả Thử", type="bdvhx",
                      unit_code="05986", address="Thôn Thử, Phường Tam Thanh, Tỉnh Lạng Sơn", lat=21.88,
                      lon=106.74, search_text="diem chi tra thu", is_illustrative=False, hours=STANDARD_WEEK,
                      pension_day_from=5, pension_day_to=12,
                      pension_schedule="2027-01: 5-12 gộp 2; 2027-02: không",
                      special_days="2026-12-08: nghỉ; 2026-12-12: 07:00-11:00",
                      services=[("gui-thu", None), ("chi-tra-luong-huu", None)])


def test_today_pension_on_the_page_and_in_the_list(client, paying_point):
    html = client.get("/points/diem-chi-tra").get_data(as_text=True)
    assert "Hôm nay chi trả lương hưu" in point_header(html)
    assert "Tháng 1/2027:</strong>\ntừ 05/01 đến 12/01 (trả gộp 2 tháng)" in html
    assert "Tháng 2/2027:</strong>\nkhông chi trả (đã trả gộp tháng trước)" in html
    listing = client.get("/points?q=diem chi tra thu").get_data(as_text=True)
    row = listing.split("Điểm Chi Trả Thử")[1].split("</li>")[0]
    assert "Hôm nay chi trả lương hưu" in row


def test_no_pension_mark_on_a_closed_special_day(app, client, paying_point, monkeypatch):
    # Tuesday 8 December is the point's own day off, inside its payment days.
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 8, 2, 0, tzinfo=UTC))
    html = client.get("/points/diem-chi-tra").get_data(as_text=True)
    assert "Hôm nay chi trả lương hưu" not in html
    assert "Đã đóng cửa" in point_header(html)


def test_special_days_on_the_page_and_in_closed_dates(client, paying_point):
    html = client.get("/points/diem-chi-tra").get_data(as_text=True)
    assert '<time datetime="2026-12-08">Thứ Ba 08/12/2026</time>:\n        nghỉ' in html
    assert '<time datetime="2026-12-12">Thứ Bảy 12/12/2026</time>:\n        07:00–11:00' in html
    detail = client.get("/api/points/diem-chi-tra").json
    assert "2026-12-08" in detail["closed_dates"] and "2026-12-13" in detail["closed_dates"]  # a Sunday
    assert detail["special_days"][:2] == [{"date": "2026-12-08", "hours": []},
                                          {"date": "2026-12-12", "hours": [{"opens": "07:00", "closes": "11:00"}]}]
    assert detail["pension_payments"][:3] == [
        {"month": "2026-12", "starts": "2026-12-05", "ends": "2026-12-12", "months": 1},
        {"month": "2027-01", "starts": "2027-01-05", "ends": "2027-01-12", "months": 2},
        {"month": "2027-02", "starts": None, "ends": None, "months": 1}]


def test_a_special_day_with_hours_sets_open_now(app, client, paying_point, monkeypatch):
    # Saturday 12 December opens 07:00–11:00 instead of the week's 07:00–11:30: closed at 11:15.
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 12, 4, 15, tzinfo=UTC))
    assert "Đã đóng cửa" in point_header(client.get("/points/diem-chi-tra").get_data(as_text=True))
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 12, 3, 45, tzinfo=UTC))
    assert "Đang mở cửa" in point_header(client.get("/points/diem-chi-tra").get_data(as_text=True))


def test_the_open_now_filter_follows_special_days(app, client, paying_point, monkeypatch):
    found = lambda: "Điểm Chi Trả Thử" in client.get("/points?q=diem chi tra thu&open_now=1").get_data(as_text=True)
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 7, 2, 0, tzinfo=UTC))
    assert found()  # an ordinary Monday morning
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 8, 2, 0, tzinfo=UTC))
    assert not found()  # its own day off
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 12, 3, 45, tzinfo=UTC))
    assert found()  # Saturday 10:45, inside the special 07:00–11:00
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 12, 4, 15, tzinfo=UTC))
    assert not found()  # 11:15: the week would be open, the special day is not

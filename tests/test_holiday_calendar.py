"""The holiday calendar (truth acceptance 4): Vietnam's holidays 2026–2028 from the maintained
`holidays` package, the government's decided days, PUBLIC_HOLIDAYS adding and removing days, and
`closed_dates` in the API with Tết 2027."""
from datetime import UTC, date, datetime

import holidays as holiday_package
import pytest

from app.holiday_calendar import DECIDED, calendar, holidays_between


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_every_holiday_of_the_package_is_a_closed_day(year):
    package = set(holiday_package.country_holidays("VN", years=year))
    days = calendar((year,))
    assert package <= days and {d for d in days - package} == {d for d in map(date.fromisoformat, DECIDED) if d.year == year}


def test_the_days_the_old_list_got_wrong():
    days = calendar((2026, 2027, 2028))
    assert date(2026, 8, 31) in days  # a substituted day off (for Saturday 22/8/2026)
    assert date(2027, 2, 6) in days  # Tết Đinh Mùi is Saturday 6 February 2027
    assert {date(2027, 2, d) for d in range(4, 11)} <= days
    assert date(2028, 1, 26) in days  # Tết 2028, the list no longer ends in 2027
    assert {date(2026, 2, d) for d in range(14, 23)} <= days  # 2026's nine days, as decided


def test_the_setting_adds_and_removes_days():
    days = calendar((2026,), ("2026-12-08", "+2026-12-09", "-2026-11-24"))
    assert {date(2026, 12, 8), date(2026, 12, 9)} <= days and date(2026, 11, 24) not in days
    with pytest.raises(ValueError, match="Ngày lễ không hợp lệ: '2026-13-01'"):
        calendar((2026,), ("2026-13-01",))


def test_holidays_between_spans_years(app):
    with app.app_context():
        found = holidays_between(date(2026, 12, 30), date(2027, 1, 2))
    assert found == frozenset({date(2027, 1, 1)})


def test_closed_dates_in_the_api_include_tet_2027(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
    slug = client.get("/api/points?per_page=1").get_json()["items"][0]["slug"]
    detail = client.get(f"/api/points/{slug}").get_json()
    closed = detail["closed_dates"]
    assert closed == sorted(closed) and closed[0] >= "2026-12-01" and closed[-1] <= "2027-11-30"
    assert "2027-02-06" in closed and "2027-01-01" in closed
    weekdays_open = {h["weekday"] for h in detail["hours"]}
    assert all(date.fromisoformat(d).weekday() not in weekdays_open or d in {
        x.isoformat() for x in calendar((2026, 2027))} for d in closed)

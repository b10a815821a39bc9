"""The one clock: every "now" of the site follows the CLOCK setting (stored moments, local time,
today, the quarter, the feedback form's dates, the page cache's minute)."""
from datetime import UTC, date, datetime, timedelta

import pytest

from app import clock
from app.feedback.forms import FeedbackForm


@pytest.fixture
def fixed_clock(app, monkeypatch):
    """The clock at 23:30 UTC on 31 March 2027: already 1 April (Q2) in Vietnam."""
    moment = datetime(2027, 3, 31, 23, 30, tzinfo=UTC)
    monkeypatch.setitem(app.config, "CLOCK", lambda: moment)
    return moment


def test_every_now_follows_the_setting(fixed_clock):
    assert clock.utcnow() == datetime(2027, 3, 31, 23, 30)
    assert clock.local_now() == fixed_clock and clock.local_now().utcoffset() == timedelta(hours=7)
    assert clock.today_local() == date(2027, 4, 1)
    assert clock.current_quarter() == 20272
    assert clock.to_local(clock.utcnow()).date() == date(2027, 4, 1)


def test_a_naive_clock_is_refused(app, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2027, 3, 31, 23, 30))
    with pytest.raises(ValueError):
        clock.utcnow()


def test_without_a_setting_it_is_the_real_time(app):
    before = datetime.now(UTC).replace(tzinfo=None)
    assert before <= clock.utcnow() <= datetime.now(UTC).replace(tzinfo=None)


def test_the_feedback_form_dates_follow_the_clock(client, fixed_clock):
    with client.application.test_request_context():
        form = FeedbackForm()
        assert form.visit_date.data == date(2027, 4, 1)
        assert form.date_bounds[1] == date(2027, 4, 1)

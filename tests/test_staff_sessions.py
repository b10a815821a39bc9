"""Staff sessions that really end: a cookie copied before sign-out, a password change, a role
change or "sign out everywhere" opens nothing afterwards; the idle timeout and the absolute
lifetime hold with the clock fixed."""
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.services.accounts import find_user
from tests.admin_factories import PASSWORD, csrf_token, login, make_staff

NEW_PASSWORD = "một câu mới dài hơn nữa cho tài khoản"


def copy_of_session(client, app):
    """Another browser holding a copy of this client's session cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def opens_users_page(client) -> bool:
    response = client.get("/admin/users")
    assert response.status_code in (200, 302)
    return response.status_code == 200


@pytest.fixture
def signed_in(app, client):
    make_staff()
    assert login(client).status_code == 303
    return client


def test_a_cookie_copied_before_sign_out_is_refused_after(app, signed_in):
    thief = copy_of_session(signed_in, app)
    assert opens_users_page(thief)  # the copy works while the session lives
    signed_in.post("/admin/logout", data={"csrf_token": csrf_token(signed_in, "/admin/")})
    assert not opens_users_page(thief)
    assert not opens_users_page(signed_in)


def test_a_cookie_from_before_a_password_change_is_refused_after(app, signed_in):
    thief = copy_of_session(signed_in, app)
    response = signed_in.post("/admin/account", data={
        "csrf_token": csrf_token(signed_in, "/admin/account"), "current": PASSWORD,
        "new": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/admin/login"
    assert not opens_users_page(thief) and not opens_users_page(signed_in)
    assert login(signed_in).status_code == 200  # the old password no longer works
    assert login(signed_in, password=NEW_PASSWORD).status_code == 303


def test_a_guessable_new_password_is_refused_and_nothing_ends(app, signed_in):
    response = signed_in.post("/admin/account", data={
        "csrf_token": csrf_token(signed_in, "/admin/account"), "current": PASSWORD,
        "new": "qwerty123456", "repeat": "qwerty123456"})
    assert response.status_code == 200 and "quá dễ đoán" in response.get_data(as_text=True)
    assert opens_users_page(signed_in)


def test_sign_out_everywhere_ends_every_device(app, signed_in):
    other_device = app.test_client()
    assert login(other_device).status_code == 303
    signed_in.post("/admin/account/sign-out-everywhere", data={"csrf_token": csrf_token(signed_in, "/admin/account")})
    assert not opens_users_page(other_device) and not opens_users_page(signed_in)


def test_a_role_change_ends_the_accounts_sessions(app, signed_in):
    make_staff("second@buudien.test", "admin")
    demoted = app.test_client()
    assert login(demoted, "second@buudien.test").status_code == 303
    user = find_user("second@buudien.test")
    signed_in.post(f"/admin/users/{user.id}", data={"csrf_token": csrf_token(signed_in, "/admin/users"),
                                                    "role": "reviewer", "active": "y"})
    assert demoted.get("/admin/").status_code == 302  # signed out, not merely demoted


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.moment = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)

    def __call__(self):
        return self.moment

    def advance(self, **delta):
        self.moment += timedelta(**delta)


@pytest.fixture
def clock(app, monkeypatch):
    fixed = Clock()
    monkeypatch.setitem(app.config, "CLOCK", fixed)
    return fixed


def test_an_idle_session_ends(app, clock, client):
    make_staff()
    login(client)
    idle = app.config["STAFF_IDLE_MINUTES"]
    clock.advance(minutes=idle - 1)
    assert opens_users_page(client)  # in use: the idle time starts again
    clock.advance(minutes=idle - 1)
    assert opens_users_page(client)
    clock.advance(minutes=idle + 1)
    assert not opens_users_page(client)


def test_a_session_ends_after_its_lifetime_however_busy(app, clock, client):
    make_staff()
    login(client)
    step = app.config["STAFF_IDLE_MINUTES"] - 5
    steps = app.config["STAFF_SESSION_HOURS"] * 60 // step
    for _ in range(steps):
        clock.advance(minutes=step)
        assert opens_users_page(client)
    clock.advance(minutes=step)
    assert not opens_users_page(client)


def test_a_deactivated_account_is_signed_out(app, signed_in):
    user = find_user("admin@buudien.test")
    user.active = False
    db.session.commit()
    assert not opens_users_page(signed_in)

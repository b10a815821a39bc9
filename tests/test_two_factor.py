"""Two-factor sign-in for staff: enrolment with a code from the app, a sign-in that asks for the
code, a code that works once, recovery codes that work once, an administrator's reset, and
STAFF_2FA_REQUIRED sending an administrator without it to set it up."""
import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from app.extensions import db
from app.services.accounts import find_user
from tests.admin_factories import PASSWORD, csrf_token, login, make_staff


class Clock:
    """The site's clock, moved by hand: a code belongs to a 30-second step and works once."""

    def __init__(self):
        self.moment = datetime.now(UTC)

    def __call__(self):
        return self.moment

    def code(self, secret: str) -> str:
        return pyotp.TOTP(secret).at(self.moment)

    def next_step(self):
        self.moment += timedelta(seconds=30)


@pytest.fixture(autouse=True)
def clock(app, monkeypatch):
    fixed = Clock()
    monkeypatch.setitem(app.config, "CLOCK", fixed)
    return fixed


def enrol(client, clock) -> tuple[str, list[str]]:
    """Set up two-factor sign-in as a person would: read the key off the page, type the app's code."""
    page = client.get("/admin/account/two-factor").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", page).group(1)
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code to scan
    response = client.post("/admin/account/two-factor", data={
        "csrf_token": csrf_token(client, "/admin/account/two-factor"), "code": clock.code(secret)})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", response.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def second_step_after_login(app, code: str) -> int:
    client = app.test_client()
    login(client)
    return second_step(client, code).status_code


def second_step(client, code: str):
    token = csrf_token(client, "/admin/login/code")
    return client.post("/admin/login/code", data={"csrf_token": token, "code": code})


@pytest.fixture
def enrolled(app, admin_client, clock):
    secret, codes = enrol(admin_client, clock)
    assert admin_client.get("/admin/").status_code == 200  # this session goes on
    return secret, codes


def test_a_sign_in_asks_for_the_code_and_a_code_works_once(app, enrolled, clock):
    secret, _ = enrolled
    assert second_step_after_login(app, clock.code(secret)) == 200  # the enrolment's code, used once
    clock.next_step()
    client = app.test_client()
    response = login(client)
    assert response.status_code == 303 and response.headers["Location"].startswith("/admin/login/code")
    assert client.get("/admin/").status_code == 302  # the password alone opens nothing
    code = clock.code(secret)
    assert second_step(client, "000000" if code != "000000" else "111111").status_code == 200
    assert second_step(client, code).status_code == 303
    assert client.get("/admin/").status_code == 200
    again = app.test_client()
    login(again)
    assert second_step(again, code).status_code == 200  # the same code, seen already
    assert again.get("/admin/").status_code == 302


def test_a_recovery_code_works_once(app, enrolled):
    _, codes = enrolled
    client = app.test_client()
    login(client)
    assert second_step(client, codes[0].upper()).status_code == 303  # read aloud, typed in capitals
    other = app.test_client()
    login(other)
    assert second_step(other, codes[0]).status_code == 200
    assert "Còn 9 mã khôi phục" in client.get("/admin/account/two-factor").get_data(as_text=True)


def test_the_code_page_without_a_password_first_sends_to_sign_in(client):
    response = client.get("/admin/login/code")
    assert response.status_code == 303 and response.headers["Location"] == "/admin/login"


def test_an_administrator_resets_a_lost_phone(app, enrolled):
    make_staff("second@buudien.test", "admin")
    helper = app.test_client()
    login(helper, "second@buudien.test")
    user = find_user("admin@buudien.test")
    helper.post(f"/admin/users/{user.id}", data={"csrf_token": csrf_token(helper, "/admin/users"), "role": "admin",
                                                 "active": "y", "reset_two_factor": "y"})
    db.session.refresh(user)
    assert not user.has_two_factor
    assert login(app.test_client()).headers["Location"] == "/admin/"


def test_turning_it_off_asks_for_the_password(app, enrolled, admin_client):
    token = csrf_token(admin_client, "/admin/account/two-factor")
    assert admin_client.post("/admin/account/two-factor", data={"csrf_token": token, "password": "wrong one"}).status_code == 200
    assert find_user("admin@buudien.test").has_two_factor
    token = csrf_token(admin_client, "/admin/account/two-factor")
    response = admin_client.post("/admin/account/two-factor", data={"csrf_token": token, "password": PASSWORD})
    assert response.status_code == 303 and not find_user("admin@buudien.test").has_two_factor


def test_when_required_an_administrator_sets_it_up_first(app, monkeypatch, admin_client, reviewer_client, clock):
    monkeypatch.setitem(app.config, "STAFF_2FA_REQUIRED", True)
    response = admin_client.get("/admin/ranking")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/account/two-factor"
    assert reviewer_client.get("/admin/ranking").status_code == 200  # required of administrators
    enrol(admin_client, clock)
    assert admin_client.get("/admin/ranking").status_code == 200

"""Staff sign-in: argon2 hashes, safe `next`, sign-out by POST, session protection, the rate limit,
the throttled sign-in, no password or hash in any log, and `flask create-admin`."""
import logging
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import AdminUser, AuditLog, SignInFailure
from app.services.accounts import find_user, verify_password
from app.clock import utcnow
from tests.admin_factories import PASSWORD, csrf_token, login, make_staff


def actions() -> list[str]:
    """The audit log's actions, oldest first."""
    return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def test_sign_in_and_out(client):
    user = make_staff()
    assert user.password_hash.startswith("$argon2id$") and verify_password(user.password_hash, PASSWORD)
    response = login(client)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200 and "admin@buudien.test" in page.get_data(as_text=True)
    assert client.get("/admin/logout").status_code == 405  # no sign-out by link
    response = client.post("/admin/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303 and response.headers["Location"] == "/admin/login"
    assert client.get("/admin/").status_code == 302
    assert actions()[-3:] == ["create_user", "login", "logout"]


def test_wrong_password_is_refused_and_audited(client):
    make_staff()
    response = login(client, password="wrong password entirely")
    assert response.status_code == 200
    assert "mật khẩu không đúng" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SignInFailure)) == 1
    login(client, email="nobody@buudien.test")
    entries = db.session.scalars(select(AuditLog).where(AuditLog.action == "login_failed")).all()
    assert [e.actor for e in entries] == ["admin@buudien.test", "nobody@buudien.test"]


@pytest.mark.parametrize("target, expected", [
    ("/admin/ranking?quarter=2026-Q4", "/admin/ranking?quarter=2026-Q4"),
    ("https://evil.example/steal", "/admin/"),
    ("//evil.example/steal", "/admin/"),
    ("/\\evil.example", "/admin/"),
])
def test_next_stays_on_this_site(client, target, expected):
    make_staff()
    response = login(client, next_url=target)
    assert response.status_code == 303 and response.headers["Location"] == expected


def test_anonymous_visit_carries_next_through_login(client):
    make_staff()
    response = client.get("/admin/ranking")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login?next=%2Fadmin%2Franking"
    form = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/admin/ranking"' in form
    assert login(client, next_url="/admin/ranking").headers["Location"] == "/admin/ranking"


def test_strong_session_protection_drops_a_session_moved_to_another_browser(client):
    make_staff()
    login(client)
    # Test requests share the fixture's app context, so drop the user Flask-Login cached in g
    # (a real request starts without it and reads the session).
    g.pop("_login_user", None)
    assert client.get("/admin/").status_code == 200
    g.pop("_login_user", None)
    assert client.get("/admin/", headers={"User-Agent": "another browser"}).status_code == 302
    g.pop("_login_user", None)
    assert client.get("/admin/").status_code == 302  # the session was cleared, not just refused


def test_repeated_failures_make_that_network_wait_for_that_account(app, client):
    make_staff()
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert login(client, password="not the password").status_code == 200
    # From this network even the right password now waits, and the refusal is audited.
    assert login(client).status_code == 200
    assert client.get("/admin/").status_code == 302
    assert "account_locked" in actions() and actions()[-1] == "login_failed"
    assert db.session.scalars(select(AuditLog.after).order_by(AuditLog.id.desc())).first() == '{"reason": "throttled"}'
    # When the wait has passed, the right password works again and the failures are forgiven.
    db.session.execute(update(SignInFailure).values(at=utcnow() - timedelta(hours=2)))
    db.session.commit()
    assert login(client).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(SignInFailure)) == 0


def test_login_posts_are_rate_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    make_staff()
    statuses = [login(client, password="guess %d" % i).status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/admin/login").status_code == 200  # the form itself stays reachable


def test_no_password_or_hash_reaches_a_log(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    make_staff()
    password_hash = find_user("admin@buudien.test").password_hash
    login(client, password="Wrong-Secret-Guess-123")
    assert login(client).status_code == 303
    records = caplog.text
    for secret in (PASSWORD, "Wrong-Secret-Guess-123", password_hash, password_hash.split("$")[-1]):
        assert secret not in records
    for entry in db.session.scalars(select(AuditLog)):
        stored = f"{entry.actor} {entry.before} {entry.after}"
        assert PASSWORD not in stored and "Wrong-Secret-Guess-123" not in stored and "$argon2" not in stored


def test_create_admin_from_standard_input(runner):
    result = runner.invoke(args=["create-admin", "Lead@BuuDien.test", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    user = find_user("lead@buudien.test")
    assert user.role == "admin" and verify_password(user.password_hash, PASSWORD)
    assert PASSWORD not in result.output
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "create_user")).one()
    assert entry.actor == "cli" and "password" not in entry.after and "lead@buudien.test" in entry.after


def test_create_admin_prompts_twice(runner):
    result = runner.invoke(args=["create-admin", "rev@buudien.test", "--role", "reviewer"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert find_user("rev@buudien.test").role == "reviewer"
    mismatch = runner.invoke(args=["create-admin", "other@buudien.test"],
                             input=f"{PASSWORD}\nsomething else entirely\n")
    assert mismatch.exit_code != 0 and find_user("other@buudien.test") is None


@pytest.mark.parametrize("email, password, message", [
    ("short@buudien.test", "too short", "ít nhất 12"),
    ("not-an-email", PASSWORD, "e-mail"),
])
def test_create_admin_refuses_bad_input(runner, email, password, message):
    result = runner.invoke(args=["create-admin", email, "--password-stdin"], input=password + "\n")
    assert result.exit_code == 1 and message in result.output
    assert db.session.scalar(select(AdminUser).where(AdminUser.email == email)) is None


def test_create_admin_refuses_a_duplicate(runner):
    make_staff("dup@buudien.test")
    result = runner.invoke(args=["create-admin", "DUP@buudien.test", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 1 and "Đã có tài khoản" in result.output


def test_a_next_with_a_line_break_is_ignored(client):
    make_staff()
    response = login(client, next_url="/admin/\r\nLocation: https://evil.example")
    assert response.status_code == 303 and response.headers["Location"] == "/admin/"


def test_an_htmx_request_without_session_redirects_the_whole_page(client):
    response = client.get("/admin/?sort=name", headers={"HX-Request": "true", "HX-Target": "overview-results"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/admin/login?next=%2Fadmin%2F%3Fsort%3Dname"


def test_production_hashes_passwords_with_rfc_9106_and_tests_with_the_cheapest_profile(app):
    from argon2 import Parameters, extract_parameters, profiles

    from config import ProductionConfig
    from app.services.accounts import _hasher_of, hash_password

    production = _hasher_of(ProductionConfig.PASSWORD_HASH_PROFILE)[0]
    assert (production.time_cost, production.memory_cost, production.parallelism) == (3, 64 * 1024, 4)
    assert ProductionConfig.PASSWORD_HASH_PROFILE == "RFC_9106_LOW_MEMORY"
    assert extract_parameters(hash_password("test password 123")) == profiles.CHEAPEST
    assert isinstance(profiles.CHEAPEST, Parameters)

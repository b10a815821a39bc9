"""Sign-in throttling no one can aim at someone else: failures make their own network wait, the
right password from another network signs in at once, an IPv6 /64 is one network, and unknown,
waiting and wrong take the same time (acceptance 3 of the hardening issue)."""
import statistics
import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog
from app.services.accounts import hash_password
from tests.admin_factories import csrf_from, login, make_staff


@pytest.fixture
def generous_rate_limit(app, monkeypatch):
    """Room for many tries: the guard, not the per-network rate limit, is under test."""
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "1000 per minute")


def test_fifty_failures_from_one_network_do_not_lock_out_another(app, client, generous_rate_limit):
    make_staff()
    attacker = app.test_client()
    for i in range(50):
        assert login(attacker, password=f"guess {i}", address="203.0.113.9").status_code == 200
    assert login(attacker, address="203.0.113.9").status_code == 200  # the attacker's network waits
    assert login(client, address="198.51.100.20").status_code == 303  # the owner, elsewhere: at once
    assert client.get("/admin/", environ_base={"REMOTE_ADDR": "198.51.100.20"}).status_code == 200
    actions = list(db.session.scalars(select(AuditLog.action)))
    assert "account_locked" in actions and "network_locked" in actions


def test_an_ipv6_64_is_one_network(app, client, generous_rate_limit):
    make_staff()
    limit = app.config["LOGIN_MAX_FAILURES"]
    for i in range(limit):  # each try from another address of the same /64
        login(client, password="wrong", address=f"2001:db8:1:2::{i + 1:x}")
    assert login(client, address="2001:db8:1:2::ffff").status_code == 200
    assert login(client, address="2001:db8:1:3::1").status_code == 303


def test_the_per_network_rate_limit_does_not_follow_the_user_agent(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    make_staff()
    statuses = []
    for i in range(4):
        token = csrf_from(client.get("/admin/login").get_data(as_text=True))
        statuses.append(client.post("/admin/login", data={"csrf_token": token, "email": "x@buudien.test",
                                                          "password": "guess"},
                                    headers={"User-Agent": f"agent {i}"}).status_code)
    assert statuses == [200, 200, 200, 429]


@pytest.mark.slow
@pytest.mark.timing
def test_unknown_waiting_and_wrong_take_the_same_time(app, monkeypatch, generous_rate_limit):
    """Medians of 20 each, with production's argon2 cost, interleaved in rotating order so that drift
    and the machine's other load hit all three alike."""
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY")
    user = make_staff()
    user.password_hash = hash_password("correct horse battery staple")
    db.session.commit()
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login(client, password="wrong", address="192.0.2.200")  # this network now waits
    times = {"unknown": [], "waiting": [], "wrong": []}
    tries = {"unknown": dict(email="nobody@buudien.test"), "waiting": dict(address="192.0.2.200"),
             "wrong": dict(password="not it")}
    kinds = list(tries)
    for i in range(20):
        for kind in kinds[i % 3:] + kinds[:i % 3]:  # each kind first, second and third in turn
            how = tries[kind]
            how = {"address": f"192.0.2.{i + 1}", **how}
            token = csrf_from(client.get("/admin/login").get_data(as_text=True))
            data = {"csrf_token": token, "email": how.get("email", user.email),
                    "password": how.get("password", "correct horse battery staple")}
            started = time.perf_counter()
            response = client.post("/admin/login", data=data, environ_base={"REMOTE_ADDR": how["address"]})
            times[kind].append(time.perf_counter() - started)
            assert response.status_code == 200
            assert "mật khẩu không đúng" in response.get_data(as_text=True)
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    low, high = min(medians.values()), max(medians.values())
    assert high <= 1.1 * low, {k: f"{v * 1000:.1f} ms" for k, v in medians.items()}

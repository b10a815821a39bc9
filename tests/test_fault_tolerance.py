"""No acknowledged rating is lost or doubled when a gunicorn worker is killed mid-load."""
import os
import random
import secrets
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests

from bench._feedback_form import form_data, read_form
from bench._site import app_env, serve_seeded, stop_server

CLIENTS = 50
PER_CLIENT = 4

pytestmark = pytest.mark.slow


@pytest.fixture
def gunicorn_site(tmp_path):
    """gunicorn -w 2 on a seeded SQLite file, rate limits off; yields (base URL, master PID, db path)."""
    db_path = tmp_path / "site.db"
    proc, base = serve_seeded(app_env(f"sqlite:///{db_path}"))
    yield base, proc.pid, db_path
    stop_server(proc)


def worker_pids(master: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def submit_many(base: str, slugs: list[str], acknowledged: list, attempted: list) -> None:
    """One client: its own session and user agent, several ratings, each with a unique comment."""
    session = requests.Session()
    session.headers["User-Agent"] = f"fault-client-{secrets.token_hex(4)}"
    for _ in range(PER_CLIENT):
        slug = random.choice(slugs)
        marker = f"kiem tra {secrets.token_hex(6)}"
        attempted.append(marker)
        try:
            fields = read_form(session, f"{base}/points/{slug}/feedback")
            reply = session.post(f"{base}/points/{slug}/feedback", data=form_data(fields, marker),
                                 allow_redirects=False, timeout=30)
        except (requests.RequestException, ValueError):
            continue  # no acknowledgement: the client would try again
        if reply.status_code in (200, 303) and "feedback" in (reply.headers.get("Location", "") + reply.text):
            acknowledged.append(marker)


def test_killing_a_worker_loses_no_acknowledged_rating(gunicorn_site):
    base, master, db_path = gunicorn_site
    slugs = [f["properties"]["slug"] for f in requests.get(f"{base}/api/points.geojson", timeout=10).json()["features"]]
    acknowledged: list[str] = []
    attempted: list[str] = []
    threads = [threading.Thread(target=submit_many, args=(base, slugs[:60], acknowledged, attempted))
               for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < CLIENTS and time.monotonic() < deadline:  # the load is running
        time.sleep(0.05)
    victim = worker_pids(master)[0]
    os.kill(victim, signal.SIGKILL)
    for t in threads:
        t.join(timeout=120)
    assert len(acknowledged) > CLIENTS  # the load really ran, before and after the kill
    conn = sqlite3.connect(db_path)
    stored = dict(conn.execute("SELECT comment, count(*) FROM feedback GROUP BY comment").fetchall())
    assert [m for m in acknowledged if stored.get(m) != 1] == []
    assert all(stored.get(m, 0) <= 1 for m in attempted)  # nothing stored twice
    assert victim not in worker_pids(master)  # the worker really died (and was replaced)

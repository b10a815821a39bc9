"""The database going away gives a friendly 503 and the site comes back; backups restore to a working site."""
import sqlite3
import subprocess
import threading
from contextlib import contextmanager

import flask_migrate
import pytest
from sqlalchemy.engine import make_url

from app import create_app
from app.backup import backup_database
from app.extensions import db
from tests.databases import PG_URL, backend_url
from tests.databases import dispose, scratch_postgres, seeded_app
from tests.tcp_proxy import TcpProxy


def test_unreachable_database_gives_friendly_503():
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:9/none"})
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json["database"] == "unavailable"
    page = client.get("/")
    assert page.status_code == 503
    assert "Hệ thống tạm thời gián đoạn" in page.get_data(as_text=True)
    assert client.get("/livez").status_code == 200


@contextmanager
def proxied_site(ping_after_idle: float | None = None):
    """A test client of the site on the test PostgreSQL server through a TCP proxy the test can cut
    (skipped, and said so, without TEST_DATABASE_URL); yields (client, proxy, pings), pings counting
    the checks of idle connections. `ping_after_idle` overrides DATABASE_PING_AFTER_IDLE."""
    if not PG_URL:
        pytest.skip("PostgreSQL tests skipped: TEST_DATABASE_URL is not set")
    real = make_url(backend_url("postgresql"))
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    settings = {"SQLALCHEMY_DATABASE_URI": real.set(port=proxy.port).render_as_string(False)}
    if ping_after_idle is not None:
        settings["DATABASE_PING_AFTER_IDLE"] = ping_after_idle
    migrated = create_app("test", {"SQLALCHEMY_DATABASE_URI": real.render_as_string(False)})
    with migrated.app_context():
        flask_migrate.upgrade()  # /healthz counts points: the tables must be there, whatever ran before
    dispose(migrated)  # not through the proxy: the proxied app starts with an empty pool
    app = create_app("test", settings)
    pings = []
    with app.app_context():
        dialect = db.engine.dialect
        ping = dialect.do_ping
        dialect.do_ping = lambda connection: pings.append(1) or ping(connection)
    try:
        yield app.test_client(), proxy, pings
    finally:
        proxy.stop()
        dispose(app)


@pytest.mark.postgres
def test_site_recovers_when_database_returns():
    with proxied_site() as (client, proxy, _pings):
        assert client.get("/healthz").status_code == 200
        proxy.stop()
        assert client.get("/healthz").status_code == 503
        assert client.get("/").status_code == 503
        proxy.start()
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 200


@pytest.mark.postgres
@pytest.mark.parametrize("idle, first_answer, pinged", [(0.0, 200, True), (3600.0, 503, False)])
def test_connection_cut_while_idle(idle, first_answer, pinged):
    """Idle past the setting, a pooled connection is checked before use, so a cut one is replaced
    unseen; within it, it is used at once, without the round trip of a check: a cut one then fails
    that one request, and the next is served."""
    with proxied_site(idle) as (client, proxy, pings):
        assert client.get("/healthz").status_code == 200  # a new connection: never checked
        assert pings == []
        proxy.stop()  # cuts the pooled connection
        proxy.start()
        assert client.get("/healthz").status_code == first_answer
        assert bool(pings) is pinged
        assert client.get("/healthz").status_code == 200


def test_sqlite_backup_while_writing_restores(tmp_path):
    source = tmp_path / "live.db"
    app = seeded_app(f"sqlite:///{source}")
    stop = threading.Event()

    def keep_writing():
        conn = sqlite3.connect(source, timeout=30)
        while not stop.is_set():
            conn.execute("INSERT INTO audit_log (at, actor, action) VALUES (CURRENT_TIMESTAMP, 'test', 'write')")
            conn.commit()
        conn.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        backup = backup_database(f"sqlite:///{source}", tmp_path / "copy.db")
    finally:
        stop.set()
        writer.join()
    assert sqlite3.connect(backup).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restored = create_app("test", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{backup}"}).test_client()
    health = restored.get("/healthz")
    assert health.status_code == 200 and health.json["points"] == 235
    assert restored.get("/").status_code == 200
    dispose(app)


@pytest.mark.postgres
def test_postgresql_backup_restores_to_a_working_site(tmp_path):
    with scratch_postgres("source") as source_url, scratch_postgres("restore") as target_url:
        source_app = seeded_app(source_url)
        dump = backup_database(source_url, tmp_path / "dump.pgc")
        target = make_url(target_url).set(drivername="postgresql").render_as_string(False)
        subprocess.run(["pg_restore", "--no-owner", "-d", target, str(dump)], check=True)
        restored = create_app("test", {"SQLALCHEMY_DATABASE_URI": target_url})
        health = restored.test_client().get("/healthz")
        assert health.status_code == 200 and health.json["points"] == 235
        dispose(source_app, restored)


def test_backup_command(tmp_path):
    app = seeded_app(f"sqlite:///{tmp_path / 'site.db'}")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "out" / "b.db")])
    assert result.exit_code == 0, result.output
    assert "Backup written" in result.output
    count = sqlite3.connect(tmp_path / "out" / "b.db").execute("SELECT count(*) FROM points").fetchone()[0]
    assert count == 235
    refused = create_app("test").test_cli_runner().invoke(args=["backup", str(tmp_path / "m.db")])
    assert refused.exit_code != 0 and "in-memory" in refused.output
    dispose(app)

"""The database going away gives a friendly 503 and the site comes back; backups restore to a working site."""
import sqlite3
import threading
import uuid

import flask_migrate
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.backup import backup_database
from app.extensions import db
from app.services.seed import apply_plan
from tests.conftest import PG_URL, backend_url, seed_plan
from tests.tcp_proxy import TcpProxy


def make_seeded_app(url: str):
    """A fresh app on `url`, migrated and seeded."""
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        apply_plan(seed_plan())
        db.session.remove()
    return app


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


@pytest.mark.postgres
def test_site_recovers_when_database_returns():
    if not PG_URL:
        pytest.skip("PostgreSQL tests skipped: TEST_DATABASE_URL is not set")
    real = make_url(backend_url("postgresql"))
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": real.set(port=proxy.port).render_as_string(False)})
    client = app.test_client()
    try:
        assert client.get("/healthz").status_code == 200
        proxy.stop()
        assert client.get("/healthz").status_code == 503
        assert client.get("/").status_code == 503
        proxy.start()
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 200
    finally:
        proxy.stop()
        with app.app_context():
            db.engine.dispose()


def test_sqlite_backup_while_writing_restores(tmp_path):
    source = tmp_path / "live.db"
    app = make_seeded_app(f"sqlite:///{source}")
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
    with app.app_context():
        db.engine.dispose()


@pytest.mark.postgres
def test_postgresql_backup_restores_to_a_working_site(tmp_path):
    if not PG_URL:
        pytest.skip("PostgreSQL tests skipped: TEST_DATABASE_URL is not set")
    base = make_url(backend_url("postgresql"))
    name = f"restore_{uuid.uuid4().hex[:8]}"
    source_name = f"source_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{source_name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        source_url = base.set(database=source_name).render_as_string(False)
        source_app = make_seeded_app(source_url)
        dump = backup_database(source_url, tmp_path / "dump.pgc")
        import subprocess
        target = base.set(database=name, drivername="postgresql").render_as_string(False)
        subprocess.run(["pg_restore", "--no-owner", "-d", target, str(dump)], check=True)
        restored = create_app("test", {"SQLALCHEMY_DATABASE_URI": base.set(database=name).render_as_string(False)})
        health = restored.test_client().get("/healthz")
        assert health.status_code == 200 and health.json["points"] == 235
        for flask_app in (source_app, restored):
            with flask_app.app_context():
                db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'DROP DATABASE IF EXISTS "{source_name}" WITH (FORCE)'))
        admin.dispose()


def test_backup_command(tmp_path):
    app = make_seeded_app(f"sqlite:///{tmp_path / 'site.db'}")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "out" / "b.db")])
    assert result.exit_code == 0, result.output
    assert "Backup written" in result.output
    count = sqlite3.connect(tmp_path / "out" / "b.db").execute("SELECT count(*) FROM points").fetchone()[0]
    assert count == 235
    refused = create_app("test").test_cli_runner().invoke(args=["backup", str(tmp_path / "m.db")])
    assert refused.exit_code != 0 and "in-memory" in refused.output
    with app.app_context():
        db.engine.dispose()

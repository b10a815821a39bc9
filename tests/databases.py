"""Databases of their own for tests whose writes must really commit (concurrency, backups, live
servers): a migrated, seeded app on any URL, and a scratch PostgreSQL database dropped afterwards."""
import atexit
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from app.seeding import plan_directory
from app.services.seed import apply_plan
from config import database_url

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
# Under `pytest -n N` (pytest-xdist) each worker process is named gw0, gw1 …; each gets its own
# PostgreSQL database and Redis database, since tests reset them.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


@lru_cache(maxsize=1)
def seed_plan():
    """The seed plan, computed once for the whole run."""
    return plan_directory(DATA_DIR)


def backend_url(name: str) -> str:
    """The database URL of a backend; PostgreSQL is skipped, and said so, without TEST_DATABASE_URL."""
    if name == "sqlite":
        return "sqlite://"
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: set TEST_DATABASE_URL")
        pytest.skip("PostgreSQL tests skipped: TEST_DATABASE_URL is not set")
    os.environ["DATABASE_URL"] = worker_database(PG_URL)
    try:
        return database_url()
    finally:
        del os.environ["DATABASE_URL"]


@lru_cache(maxsize=2)
def worker_database(url: str) -> str:
    """The URL of this pytest worker's own database on the server of `url` (created when missing);
    `url` itself when pytest runs in one process."""
    if not WORKER:
        return url
    base = make_url(url)
    name = f"{base.database}_{WORKER}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(False)


def worker_redis_url(url: str) -> str:
    """This pytest worker's own Redis database: the given database number minus the worker's."""
    if not WORKER or url.rsplit("/", 1)[-1].isdigit() is False:
        return url
    base, number = url.rsplit("/", 1)
    return f"{base}/{max(0, int(number) - int(WORKER.removeprefix('gw')))}"


def seeded_app(url: str, **settings):
    """An app on `url` (test settings, plus `settings`), migrated and seeded. A new SQLite file is
    a copy of one migrated and seeded once per test process: the same rows, a fraction of the work."""
    target = make_url(url)
    if target.drivername == "sqlite" and target.database and not Path(target.database).exists():
        copy_database(seeded_sqlite_template(), Path(target.database))
        return create_app("test", {"SQLALCHEMY_DATABASE_URI": url, **settings})
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, **settings})
    with app.app_context():
        flask_migrate.upgrade()
        apply_plan(seed_plan())
        db.session.remove()
    return app


@lru_cache(maxsize=1)
def seeded_sqlite_template() -> Path:
    """A SQLite file migrated and seeded once for this process (removed when it ends)."""
    folder = Path(tempfile.mkdtemp(prefix="seeded-site-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "template.db"
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        flask_migrate.upgrade()
        apply_plan(seed_plan())
        db.session.remove()
    dispose(app)
    return path


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file (its write-ahead log included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def dispose(*apps) -> None:
    """Close the apps' database connections (a database with open connections cannot be dropped)."""
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def scratch_postgres(prefix: str) -> Iterator[str]:
    """The URL of a new, empty database on the test PostgreSQL server (skipped, and said so, when
    TEST_DATABASE_URL is not set); dropped at the end, connections or not."""
    base = make_url(backend_url("postgresql"))
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

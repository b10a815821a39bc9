"""Databases of their own for tests whose writes must really commit (concurrency, backups, live
servers): a migrated, seeded app on any URL, and a scratch PostgreSQL database dropped afterwards."""
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import flask_migrate
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from app.services.seed import apply_plan
from tests.conftest import backend_url, seed_plan


def seeded_app(url: str, **settings):
    """An app on `url` (test settings, plus `settings`), migrated and seeded."""
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, **settings})
    with app.app_context():
        flask_migrate.upgrade()
        apply_plan(seed_plan())
        db.session.remove()
    return app


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

"""Fixtures: the app on each database backend (SQLite always, PostgreSQL when TEST_DATABASE_URL is
set), migrated and seeded once per backend, with every test inside a transaction rolled back after it."""
import os
from collections import Counter

import flask_babel
import flask_migrate
import pytest
from flask import g, request_started
from sqlalchemy import text
from sqlalchemy.orm import scoped_session, sessionmaker

from app import create_app
from app.cache import forget_cached_pages
from app.extensions import db, limiter
from app.queries.scores import forget_province_means
from app.services.seed import apply_plan
from app.templating import forget_illustrative_label
from tests.databases import BACKENDS, DATA_DIR, backend_url, seed_plan, worker_redis_url

if os.environ.get("REDIS_URL"):  # a worker of `pytest -n` uses its own Redis database
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"])


def pytest_sessionstart(session):
    """Compile the translations, so English pages work when pytest runs without make (once, in the
    main process: the workers of `pytest -n` start after it)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in (DATA_DIR.parent / "app" / "translations").glob("*/LC_MESSAGES/messages.po"):
        with open(po_path, "rb") as po_file:
            catalog = read_po(po_file)
        with open(po_path.with_suffix(".mo"), "wb") as mo_file:
            write_mo(mo_file, catalog)


def reset_database() -> None:
    """Start from an empty database, as a fresh deployment does."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    """The name of the database backend the test runs on."""
    return request.param


@pytest.fixture(scope="session")
def seeded_app(backend):
    """An app on the backend, migrated with Alembic and seeded once."""
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": backend_url(backend)})
    with app.app_context():
        reset_database()
        flask_migrate.upgrade()
        apply_plan(seed_plan())
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _fresh_request_state(sender, **extra):
    """Each request loads its own user, CSRF token and language: the test's app context (and its
    `g`, where Flask-Login, Flask-WTF and Flask-Babel keep them) outlives the requests inside it."""
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    flask_babel.refresh()


@pytest.fixture
def app(seeded_app):
    """The seeded app; whatever a test writes (commits included) is rolled back after it."""
    with seeded_app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        flask_session = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        )
        forget_illustrative_label()
        forget_cached_pages()
        forget_province_means()
        limiter.reset()  # rate-limit counters start empty in every test
        request_started.connect(_fresh_request_state, seeded_app)
        try:
            yield seeded_app
        finally:
            request_started.disconnect(_fresh_request_state, seeded_app)
            db.session.remove()
            db.session = flask_session
            outer.rollback()
            connection.close()
            forget_illustrative_label()


@pytest.fixture
def client(app):
    """A test client of the seeded app."""
    return app.test_client()


@pytest.fixture
def admin_client(app):
    """A test client signed in, through the sign-in form, as a new administrator."""
    from tests.admin_factories import signed_in

    return signed_in(app.test_client(), "admin")


@pytest.fixture
def reviewer_client(app):
    """A test client signed in, through the sign-in form, as a new reviewer."""
    from tests.admin_factories import signed_in

    return signed_in(app.test_client(), "reviewer")


@pytest.fixture
def runner(app):
    """A CLI runner of the seeded app."""
    return app.test_cli_runner()


def pytest_terminal_summary(terminalreporter):
    """Say how many tests ran on each database backend, and how many were skipped."""
    tally: Counter = Counter()
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            for name in ("sqlite", "postgresql"):
                if f"[{name}" in nodeid or f"-{name}]" in nodeid or f"-{name}-" in nodeid:
                    tally[(name, outcome)] += 1
    if not tally:
        return
    terminalreporter.section("database backends")
    for name in ("sqlite", "postgresql"):
        parts = [f"{tally[(name, o)]} {o}" for o in ("passed", "failed", "error", "skipped")]
        terminalreporter.write_line(f"{name}: " + ", ".join(parts))

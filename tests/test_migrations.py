"""Migrations upgrade an empty database, match the models, and downgrade to base (both backends)."""
import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from app import create_app
from app.extensions import db
from tests.databases import backend_url

SCHEMA = "migration_check"


@pytest.fixture
def empty_app(backend, tmp_path):
    """An app on an empty database of the backend (a temporary file, or its own PostgreSQL schema)."""
    url = backend_url(backend)
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        url += f"?options=-csearch_path%3D{SCHEMA}"
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if backend == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}"))
        yield app
        db.session.remove()
        if backend == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        db.engine.dispose()


def model_tables() -> set[str]:
    return set(db.metadata.tables)


def test_upgrade_matches_models_and_downgrades(empty_app):
    flask_migrate.upgrade()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        assert model_tables() <= set(inspect(conn).get_table_names())
    flask_migrate.downgrade(revision="base")
    with db.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}

"""Database engine settings that SQLAlchemy leaves to us."""
import sqlite3

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: WAL so readers never block the writer, a busy timeout, and enforced foreign keys."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        # Let SQLAlchemy, not the driver, open transactions (see _sqlite_begin): savepoints and
        # rollbacks then behave as on PostgreSQL.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """Open SQLite transactions ourselves; a POST takes the write lock at once (BEGIN IMMEDIATE),
    so a read-then-write under load waits its turn instead of failing with "database is locked"."""
    if conn.dialect.name != "sqlite":
        return
    writing = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def init_database(app: Flask) -> None:
    """SQLite in memory needs one shared connection so that every session sees the same data."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri in ("sqlite://", "sqlite:///:memory:"):
        from sqlalchemy.pool import StaticPool

        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

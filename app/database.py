"""Database engine settings that SQLAlchemy leaves to us."""
import fcntl
import sqlite3
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from flask import Flask, has_request_context, request
from sqlalchemy import event, exc
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


# How the next SQLite transaction begins: "immediate" takes the write lock at once, "deferred"
# at the first write; None: immediate for requests that may write (POST), deferred otherwise.
_begin_mode: ContextVar[str | None] = ContextVar("sqlite_begin_mode", default=None)


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """Open SQLite transactions ourselves. A transaction that reads then writes takes the write lock
    at once (BEGIN IMMEDIATE), so under load it waits its turn (busy timeout) instead of failing
    with "database is locked" when another writer committed between its read and its write."""
    if conn.dialect.name != "sqlite":
        return
    mode = _begin_mode.get()
    if mode is None:
        writing = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
        mode = "immediate" if writing else "deferred"
    conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "immediate" else "BEGIN")


def reads_before_writes(view):
    """Decorate a POST view whose writes all go through write_transaction(): its reads (lookups,
    form checks) then run without the write lock, which is held only for the writes themselves."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        token = _begin_mode.set("deferred")
        try:
            return view(*args, **kwargs)
        finally:
            _begin_mode.reset(token)

    return wrapped


@contextmanager
def write_transaction():
    """On SQLite, end the current (read) transaction, then run the block in one that holds the write
    lock from its first statement; the block commits. PostgreSQL needs none of this."""
    from app.extensions import db

    bind = db.session.get_bind()
    if bind.dialect.name != "sqlite":
        yield  # PostgreSQL's row locks need no fresh transaction
        return
    db.session.commit()
    token = _begin_mode.set("immediate")
    try:
        with writers_in_turn(bind.engine.url.database):  # a Connection in the tests, else the Engine
            yield
    finally:
        _begin_mode.reset(token)


@contextmanager
def writers_in_turn(database: str | None):
    """Let one writer at a time into a SQLite file, the others waiting on a lock file beside it.

    SQLite's own busy handler polls: a writer that finds the file locked sleeps 1, 2, 5, 10 … ms
    and tries again, so under load the lock is often free while every waiter sleeps. A blocking
    flock() wakes the next waiter as soon as the lock is let go. Each use opens the file afresh:
    flock() locks belong to an open file, so threads of one process wait on each other too."""
    if not database or database == ":memory:":
        yield
        return
    with open(database + "-writer.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def init_database(app: Flask) -> None:
    """SQLite in memory needs one shared connection so that every session sees the same data."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri in ("sqlite://", "sqlite:///:memory:"):
        from sqlalchemy.pool import StaticPool

        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection before use when it has sat idle longer than `idle_seconds`.

    SQLAlchemy's pool_pre_ping checks at every checkout: one more round trip on every request. A
    connection returned a moment ago has just worked; one that waited is checked, and when the
    database went away meanwhile (a restart) the pool drops it and every older one and connects
    afresh. A connection that breaks within the window fails its first statement instead: that
    request gets the 503 page, SQLAlchemy empties the pool, and the next request is served.
    SQLite files need no check."""
    if engine.dialect.name == "sqlite":
        return
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _note_return(_dbapi_connection, record) -> None:
        if record is not None:  # None: the connection was invalidated
            record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        returned = record.info.get("returned_at")  # None: a new connection
        if returned is None or time.monotonic() - returned < idle_seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.InvalidatePoolError() from error  # the pool connects afresh
            raise

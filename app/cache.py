"""Cached rendering of public GET pages, keyed by a data version every public write bumps.

Each app server keeps its own small LRU of rendered bodies; the version lives in the database, so
a write on one server invalidates every server's cache, and each cached request costs one
primary-key read. Time-dependent pages ("open now") are keyed by the minute as well."""
import hashlib
import threading
import time
from collections import OrderedDict
from functools import wraps
from itertools import chain

from flask import Response, current_app, make_response, request
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from app.extensions import db
from app.htmx import wants_fragment
from app.i18n import select_locale
from app.models import (
    Feedback, FormerCommune, Point, PointHours, PointService, PointSlug, ScoreAggregate, Service, Unit,
)
from app.models.site import DataVersion
from app.clock import local_now

# A slug given back or retired changes what a point URL answers (200, 301 or 410): public too.
PUBLIC_MODELS = (Point, PointHours, PointService, PointSlug, Service, Unit, FormerCommune, Feedback,
                 ScoreAggregate)
PUBLIC_TABLES = {m.__tablename__ for m in PUBLIC_MODELS} | {"former_commune_units"}
MAX_ENTRIES = 256
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "Access-Control-Allow-Origin",
                "Last-Modified")

_entries: OrderedDict = OrderedDict()
_version: dict[str, tuple[float, int]] = {}
_lock = threading.Lock()


def _touches_public(session: Session) -> bool:
    return any(isinstance(o, PUBLIC_MODELS) for o in chain(session.new, session.dirty, session.deleted))


@event.listens_for(Session, "before_flush")
def _note_public_flush(session, _context, _instances) -> None:
    if _touches_public(session):
        session.info["public_write"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_public_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in PUBLIC_TABLES:
            state.session.info["public_write"] = True


# Built once, on the table: it runs with every public write, every rating posted among them.
_version_row = DataVersion.__table__.c
BUMP_VERSION = (update(DataVersion.__table__).where(_version_row.id == 1)
                .values(version=_version_row.version + 1))


@event.listens_for(Session, "before_commit")
def _bump_on_commit(session) -> None:
    if session.info.pop("public_write", False) or _touches_public(session):
        session.execute(BUMP_VERSION)
        session.info["bumped"] = True


@event.listens_for(Session, "after_commit")
def _forget_version_after_bump(session) -> None:
    if session.info.pop("bumped", False):
        _version.clear()  # this process sees its own writes at once


@event.listens_for(Session, "after_rollback")
def _drop_bump_mark(session) -> None:
    session.info.pop("bumped", None)


def stored_version() -> int:
    """The data version in the database (0 before the first migration wrote the row)."""
    return db.session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0


def current_version() -> int:
    """The data version, read again at most every VERSION_TTL seconds: a cache hit then needs no
    database round trip; writes on other servers show within that delay, this server's at once."""
    ttl = current_app.config.get("PAGE_CACHE_VERSION_TTL", 1.0)
    now = time.monotonic()
    with _lock:
        known = _version.get("value")
    if known is not None and now - known[0] < ttl:
        return known[1]
    value = stored_version()
    with _lock:
        _version["value"] = (now, value)
    return value


def forget_cached_pages() -> None:
    """Empty this process's cache (tests; not needed in production)."""
    with _lock:
        _entries.clear()
        _version.clear()


def _cache_key() -> tuple:
    minute = local_now().strftime("%Y%m%d%H%M")  # "open now" changes with the clock
    target = request.headers.get("HX-Target") if wants_fragment() else None
    return (current_version(), minute, request.full_path, select_locale(), wants_fragment(), target)


def _remember(key: tuple, response: Response) -> None:
    headers = {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}
    with _lock:
        _entries[key] = (response.get_data(), headers)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def cached_page(view):
    """Serve a public GET view from the cache while the data (and the minute) are unchanged."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if request.method != "GET" or not current_app.config.get("PAGE_CACHE", True):
            return view(*args, **kwargs)
        key = _cache_key()
        with _lock:
            hit = _entries.get(key)
        if hit is not None:
            response = Response(hit[0], headers=hit[1])
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response  # errors (bad filters, 404) are neither cached nor conditional
            if "Set-Cookie" not in response.headers:
                _remember(key, response)
        etag = hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest()
        if etag in request.if_none_match:
            return Response(status=304, headers={"ETag": f'"{etag}"'})
        response.set_etag(etag)
        response.headers.setdefault("Cache-Control", "no-cache")
        return response

    return wrapped

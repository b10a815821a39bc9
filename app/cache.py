"""Cached rendering of public GET pages, keyed by a data version every public write bumps.

Each app server keeps its own small LRU of rendered bodies (with their brotli and gzip forms, made
once); the version lives in the database, so a write on one server invalidates every server's
cache, and it is read at most once a second. Time-dependent pages ("open now") are keyed by the
minute as well. The key is built from the WSGI environ alone, so that app/fast_path.py can find an
anonymous visitor's answer before the app's per-request work."""
import hashlib
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime
from functools import wraps
from itertools import chain
from urllib.parse import parse_qsl

from flask import Response, current_app, make_response, request
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session
from werkzeug.http import parse_cookie

from app.clock import VN_TZ
from app.compression import IDENTITY, MIN_SIZE, chosen_encoding, compress
from app.extensions import db
from app.i18n import LANG_COOKIE, select_locale
from app.models import (
    Feedback,
    FormerCommune,
    Point,
    PointHours,
    PointService,
    PointSlug,
    ScoreAggregate,
    Service,
    Unit,
)
from app.models.site import DataVersion

# A slug given back or retired changes what a point URL answers (200, 301 or 410): public too.
PUBLIC_MODELS = (Point, PointHours, PointService, PointSlug, Service, Unit, FormerCommune, Feedback,
                 ScoreAggregate)
PUBLIC_TABLES = {m.__tablename__ for m in PUBLIC_MODELS} | {"former_commune_units"}
MAX_ENTRIES = 256
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "Access-Control-Allow-Origin",
                "Last-Modified", "Vary")
# What a shared cache (the deploy recipe's nginx) may do with a page that is the same for everyone:
# keep it a few seconds, then serve it stale while it asks again (a 304 while the data version, in
# the ETag, is unchanged). Browsers ask again at every view.
SHARED_CACHE_CONTROL = "public, max-age=0, s-maxage=5, stale-while-revalidate=30"
PAGE_MARK = "lang_son.cached_page"  # in the environ: the key of a page the cache answered

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


def note_public_write(session: Session) -> None:
    """A write to a public table run on the session's connection, which the events above do not
    see: the commit bumps the data version all the same."""
    session.info["public_write"] = True


def note_version_bumped(session: Session) -> None:
    """A statement of the transaction bumped the data version itself (BUMP_VERSION's update as one
    of its parts): the commit need not bump it again, and this process reads it afresh after."""
    session.info["bumped"] = True


@event.listens_for(Session, "before_commit")
def _bump_on_commit(session) -> None:
    if session.info.pop("public_write", False) or _touches_public(session):
        session.connection().execute(BUMP_VERSION)  # a Core statement: no ORM execution layer
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


def known_version(config) -> int | None:
    """The data version read less than PAGE_CACHE_VERSION_TTL seconds ago, else None."""
    known = _version.get("value")
    if known is not None and time.monotonic() - known[0] < config.get("PAGE_CACHE_VERSION_TTL", 1.0):
        return known[1]
    return None


def current_version() -> int:
    """The data version, read again at most every VERSION_TTL seconds: a cache hit then needs no
    database round trip; writes on other servers show within that delay, this server's at once."""
    with _lock:
        value = known_version(current_app.config)
    if value is not None:
        return value
    now = time.monotonic()
    value = stored_version()
    with _lock:
        _version["value"] = (now, value)
    return value


def forget_cached_pages() -> None:
    """Empty this process's caches, the fast path's answers too (tests; not needed in production)."""
    with _lock:
        _entries.clear()
        _version.clear()
        _answers.clear()


def locale_of(environ: dict, config) -> str:
    """The language a request asks for, as app.i18n.select_locale reads it: ?lang=, the cookie, vi."""
    query, cookies = environ.get("QUERY_STRING"), environ.get("HTTP_COOKIE")
    candidates = (
        next((v for k, v in parse_qsl(query, keep_blank_values=True) if k == "lang"), None) if query else None,
        parse_cookie(cookies).get(LANG_COOKIE) if cookies else None,
    )
    return next((c for c in candidates if c in config["LANGUAGES"]), config["BABEL_DEFAULT_LOCALE"])


def local_minute(config) -> str:
    """The minute in Vietnam, by the CLOCK setting when one is set (as app.clock reads it)."""
    clock = config.get("CLOCK")
    return (clock() if clock else datetime.now(UTC)).astimezone(VN_TZ).strftime("%Y%m%d%H%M")


def page_key(environ: dict, config, version: int) -> tuple:
    """What a cached answer depends on: the data, the minute, the URL, the language, and for htmx
    the fragment asked for. Read from the environ, so the WSGI layer in front can build it too."""
    fragment = (environ.get("HTTP_HX_REQUEST") == "true"
                and environ.get("HTTP_HX_HISTORY_RESTORE_REQUEST") != "true")
    target = environ.get("HTTP_HX_TARGET") if fragment else None
    url = environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", "")
    return (version, local_minute(config), url, locale_of(environ, config), fragment, target)


class Page:
    """A rendered body and the headers kept with it, with its compressed forms made on demand."""

    def __init__(self, body: bytes, headers: dict):
        self.body, self.headers, self.encoded = body, headers, {}

    def coding_for(self, accept_encoding: str | None) -> str:
        """The coding this page is sent in to a client that sent `accept_encoding`."""
        return IDENTITY if len(self.body) < MIN_SIZE else chosen_encoding(accept_encoding)

    def response(self, coding: str, etag: str) -> Response:
        """The page in `coding`, with its ETag, its Vary and the shared caches' Cache-Control."""
        if coding == IDENTITY:
            response = Response(self.body, headers=self.headers)
        else:
            if coding not in self.encoded:
                self.encoded[coding] = compress(self.body, coding)
            response = Response(self.encoded[coding], headers=self.headers)
            response.headers["Content-Encoding"] = coding
        response.vary.add("Accept-Encoding")
        response.set_etag(etag)
        response.headers.setdefault("Cache-Control", SHARED_CACHE_CONTROL)
        return response


def _remember(key: tuple, response: Response) -> Page:
    page = Page(response.get_data(), {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers})
    if "Set-Cookie" in response.headers:
        return page  # someone's own: answered, never kept
    with _lock:
        _entries[key] = page
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    request.environ[PAGE_MARK] = key
    return page


def _etag(key: tuple, coding: str) -> str:
    digest = hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest()
    return digest if coding == IDENTITY else f"{digest}-{coding}"


def not_modified(response: Response) -> Response:
    """The 304 for a cached answer: its validator and how it may be cached, no body."""
    kept = ("ETag", "Cache-Control", "Vary")
    return Response(status=304, headers={h: response.headers[h] for h in kept if h in response.headers})


def cached_page(view):
    """Serve a public GET view from the cache while the data (and the minute) are unchanged, in the
    coding the client prefers, 304 for a matching If-None-Match."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if request.method != "GET" or not current_app.config.get("PAGE_CACHE", True):
            return view(*args, **kwargs)
        key = page_key(request.environ, current_app.config, current_version())
        if key[3] != select_locale():
            return view(*args, **kwargs)  # a language the key cannot tell: not cached
        with _lock:
            page = _entries.get(key)
        if page is not None:
            request.environ[PAGE_MARK] = key
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response  # errors (bad filters, 404) are neither cached nor conditional
            page = _remember(key, response)
        coding = page.coding_for(request.headers.get("Accept-Encoding"))
        response = page.response(coding, _etag(key, coding))
        if response.get_etag()[0] in request.if_none_match:
            return not_modified(response)
        return response

    wrapped.cached_page = True  # tests/test_fast_path.py finds the cached routes by it
    return wrapped


_answers: OrderedDict = OrderedDict()  # the fast path's: (key, coding, status) -> whole answers
MAX_ANSWERS = 512


def remember_answer(slot: tuple, answer: tuple) -> None:
    """Keep an answer the full path gave (status line, header list, body) for the fast path."""
    with _lock:
        _answers[slot] = answer
        _answers.move_to_end(slot)
        while len(_answers) > MAX_ANSWERS:
            _answers.popitem(last=False)


def kept_answer(slot: tuple) -> tuple | None:
    """An answer the fast path keeps (None when it has none)."""
    return _answers.get(slot)

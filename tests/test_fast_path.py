"""The fast path (app/fast_path.py): for every cached route, what it serves is byte for byte and
header for header what the full path serves (each coding, a fragment, a language, a 304), and
nothing personal (a signed-in user, a session, a page with a CSRF token, an answer that sets a
cookie) ever goes into it or comes out of it."""
import gzip
from datetime import UTC, datetime

import brotli
import pytest

from app import create_app
from app.cache import PAGE_MARK, _answers, forget_cached_pages
from app.fast_path import FastPath
from tests.url_map import GET_RULES, rule_id, sample_url

VIEWS = create_app("test").view_functions
CACHED_RULES = [r for r in GET_RULES if getattr(VIEWS[r.endpoint], "cached_page", False)]
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
CODINGS = {"identity": {}, "gzip": {"Accept-Encoding": "gzip"}, "br": BROWSER}
NOON = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


@pytest.fixture
def fast(app, monkeypatch):
    """The app with a fixed clock and a version that stays known for the test (no minute or
    version changes between the requests compared)."""
    monkeypatch.setitem(app.config, "CLOCK", lambda: NOON)
    monkeypatch.setitem(app.config, "PAGE_CACHE_VERSION_TTL", 600)
    forget_cached_pages()
    return app


class FullPathReached(AssertionError):
    """The request went past the fast path."""


@pytest.fixture
def sealed(fast, monkeypatch):
    """Returns a function that makes every later request fail if it reaches the app behind the fast path."""
    layer = fast.wsgi_app
    assert isinstance(layer, FastPath)

    def seal():
        def refuse(environ, start_response):
            raise FullPathReached(environ["PATH_INFO"])

        monkeypatch.setattr(layer, "wsgi_app", refuse)

    return seal


def get(client, url: str, headers: dict | None = None):
    """A GET with these headers; a Cookie header's cookies go into the client's jar (which would
    replace the header)."""
    headers = dict(headers or {})
    for pair in filter(None, headers.pop("Cookie", "").split("; ")):
        client.set_cookie(*pair.split("=", 1))
    return client.get(url, headers=headers)


def answer(client, url: str, headers: dict) -> tuple:
    """Everything a client receives: status, every header in order, the bytes."""
    response = get(client, url, headers)
    return response.status_code, list(response.headers.items()), response.get_data()


def full_path(app, monkeypatch, url: str, headers: dict) -> tuple:
    """The answer of the app itself, the fast path switched off (the app's page cache on)."""
    monkeypatch.setitem(app.config, "FAST_PATH", False)
    try:
        return answer(app.test_client(), url, headers)
    finally:
        monkeypatch.setitem(app.config, "FAST_PATH", True)


def test_the_cached_routes_are_the_public_ones():
    endpoints = {r.endpoint for r in CACHED_RULES}
    assert {"public.home", "public.points", "public.point_page", "api.points_geojson"} <= endpoints
    assert not any(e.startswith(("admin.", "registry_admin.")) or e == "feedback.form" for e in endpoints)


@pytest.mark.parametrize("coding", CODINGS)
@pytest.mark.parametrize("rule", CACHED_RULES, ids=rule_id)
def test_the_fast_path_serves_the_full_paths_bytes_and_headers(fast, sealed, monkeypatch, rule, coding):
    url = sample_url(rule)
    headers = CODINGS[coding]
    expected = full_path(fast, monkeypatch, url, headers)
    assert expected[0] == 200, (url, expected[0])
    assert answer(fast.test_client(), url, headers) == expected  # through the fast path, kept
    sealed()
    assert answer(fast.test_client(), url, headers) == expected  # from the fast path alone
    names = {name for name, _value in expected[1]}
    assert {"ETag", "Content-Security-Policy", "Vary", "Cache-Control"} <= names
    assert b"csrf_token" not in expected[2]


@pytest.mark.parametrize("headers", [
    {"HX-Request": "true", "HX-Target": "results", **BROWSER},
    {"HX-Request": "true", "HX-Target": "results", "HX-History-Restore-Request": "true"},
    {"Cookie": "lang=en", **BROWSER},
    {"Cookie": "lang=vi; bid=abc"},
], ids=["fragment", "history-restore", "english-cookie", "browser-cookie"])
def test_fragments_and_languages_have_answers_of_their_own(fast, sealed, monkeypatch, headers):
    expected = full_path(fast, monkeypatch, "/points?q=lang", headers)
    answer(fast.test_client(), "/points?q=lang", {})  # the plain page is kept first: it must not answer these
    answer(fast.test_client(), "/points?q=lang", headers)
    sealed()
    assert answer(fast.test_client(), "/points?q=lang", headers) == expected


def test_each_language_gets_its_own_page(fast):
    client = fast.test_client()
    vietnamese = client.get("/", headers=BROWSER)
    english = get(client, "/", {"Cookie": "lang=en"})
    asked = client.get("/?lang=en")
    assert b'<html lang="vi"' in brotli.decompress(vietnamese.get_data())
    assert b'<html lang="en"' in english.get_data() and b'<html lang="en"' in asked.get_data()


def test_compressed_bodies_are_the_page_in_another_coding(fast):
    client = fast.test_client()
    plain = client.get("/")
    zipped, squeezed = client.get("/", headers={"Accept-Encoding": "gzip"}), client.get("/", headers=BROWSER)
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip" and squeezed.headers["Content-Encoding"] == "br"
    assert gzip.decompress(zipped.get_data()) == plain.get_data() == brotli.decompress(squeezed.get_data())
    assert len(squeezed.get_data()) < len(zipped.get_data()) < len(plain.get_data()) / 3
    for response in (plain, zipped, squeezed):
        assert {"Accept-Encoding", "HX-Request"} <= set(response.vary)
    assert len({plain.headers["ETag"], zipped.headers["ETag"], squeezed.headers["ETag"]}) == 3


@pytest.mark.parametrize("url", ["/", "/api/points.geojson"])
def test_a_matching_if_none_match_gets_the_full_paths_304(fast, sealed, monkeypatch, url):
    etag = fast.test_client().get(url, headers=BROWSER).headers["ETag"]
    conditional = {**BROWSER, "If-None-Match": etag}
    expected = full_path(fast, monkeypatch, url, conditional)
    assert expected[0] == 304 and expected[2] == b""
    answer(fast.test_client(), url, conditional)
    sealed()
    assert answer(fast.test_client(), url, conditional) == expected
    assert answer(fast.test_client(), url, {**BROWSER, "If-None-Match": '"other"'})[0] == 200


def test_nothing_a_signed_in_user_gets_goes_into_the_fast_path(fast, admin_client):
    for rule in CACHED_RULES:
        assert admin_client.get(sample_url(rule), headers=BROWSER).status_code == 200
    assert admin_client.get("/admin/", headers=BROWSER).headers["Cache-Control"] == "no-store"
    assert not _answers


def test_a_signed_in_user_is_never_served_from_the_fast_path(fast, sealed, admin_client):
    fast.test_client().get("/", headers=BROWSER)
    assert _answers  # kept for anonymous visitors
    sealed()
    with pytest.raises(FullPathReached):
        admin_client.get("/", headers=BROWSER)


@pytest.mark.parametrize("cookie", ["session=anything", "remember_token=1|abc", "lang=en; other=1"])
def test_a_session_or_an_unknown_cookie_takes_the_full_path(fast, sealed, cookie):
    fast.test_client().get("/", headers=BROWSER)
    get(fast.test_client(), "/", {**BROWSER, "Cookie": "lang=en"})
    sealed()
    with pytest.raises(FullPathReached):
        get(fast.test_client(), "/", {**BROWSER, "Cookie": cookie})


def test_a_visitor_with_a_form_session_takes_the_full_path(fast, sealed):
    client = fast.test_client()
    slug = client.get("/api/points?per_page=1").get_json()["items"][0]["slug"]
    form = client.get(f"/points/{slug}/feedback", headers=BROWSER)
    assert b"csrf_token" in form.get_data() and form.headers["Cache-Control"] == "no-store"
    assert not any(b"csrf_token" in body for _status, _headers, body in _answers.values())
    fast.test_client().get(f"/points/{slug}", headers=BROWSER)
    sealed()
    with pytest.raises(FullPathReached):
        client.get(f"/points/{slug}", headers=BROWSER)  # this browser now has a session cookie
    with pytest.raises(FullPathReached):
        fast.test_client().get(f"/points/{slug}/feedback", headers=BROWSER)  # never kept


def test_another_host_takes_the_full_path_where_hosts_are_checked(fast, monkeypatch):
    monkeypatch.setitem(fast.config, "TRUSTED_HOSTS", ["localhost"])
    fast.test_client().get("/", headers=BROWSER)
    assert fast.test_client().get("/", headers={**BROWSER, "Host": "evil.example"}).status_code == 400


def test_an_answer_that_sets_a_cookie_or_says_no_store_is_never_kept(fast):
    calls = []

    def app_marking(headers):
        def wsgi(environ, start_response):
            calls.append(1)
            environ[PAGE_MARK] = ("key",)
            start_response("200 OK", headers)
            return [b"page"]
        return wsgi

    for headers in ([("Set-Cookie", "session=x")], [("Cache-Control", "no-store")],
                    [("Cache-Control", "private, max-age=0")]):
        layer = FastPath(fast, app_marking(headers))
        for _ in range(2):
            assert layer({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}, lambda *_args: None) == [b"page"]
        assert not _answers
    assert len(calls) == 6

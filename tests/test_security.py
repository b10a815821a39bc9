"""Security tests over every route of the URL map: headers, cookies, CSRF, open redirects, hostile
query strings and XSS. Routes are discovered, never listed, so a route added later is covered by
these tests without editing them. Hostile query strings and CSRF run on both database backends
(each refuses bad input its own way: PostgreSQL rejects a NUL byte); redirects and escaping are the
app's and the templates' own and run on SQLite."""
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import Point
from scripts.site_crawl import parse_page
from tests.url_map import GET_RULES, RULES, STAFF_RULES, UNSAFE, rule_id, sample_url

KNOWN_PARAMS = {"q", "type", "service", "unit", "open_now", "near", "page", "lang", "next", "sort", "quarter"}
SQL_AND_ODD = ["'", '"', "' OR '1'='1", "1; DROP TABLE points;--", "%", "_", "\\", "\x00", "-1",
               "9" * 30, "1e309", "NaN", "abc,def", "999,999", "Đồng Đăng 😀", "a" * 10_000, "'" * 10_000]
XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>",
       '</textarea><script>alert(1)</script>', '" autofocus onfocus="alert(1)', "javascript:alert(1)",
       '<a href="javascript:alert(1)">x</a>', "{{7*7}}<b>bold</b>"]
EVIL_TARGETS = ["https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
                "https:evil.example", "/\r\nLocation: https://evil.example", "javascript:alert(1)"]


# What the app and its templates do alone, whatever the database: one backend is enough.
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


# Every GET route as anyone sees it, and the staff routes signed in: (client fixture, rule).
VISITS = ([pytest.param("client", rule, id=rule_id(rule)) for rule in GET_RULES]
          + [pytest.param("staff_client", rule, id=f"staff {rule_id(rule)}") for rule in STAFF_RULES])


def query_params(client, url: str) -> list[str]:
    """Known parameter names, plus the names of every field of every form on the page."""
    response = client.get(url)
    names = set(KNOWN_PARAMS)
    if response.mimetype == "text/html":
        for form in parse_page(response.get_data(as_text=True)).forms:
            names |= {name for _, name, _ in form.fields if name != "csrf_token"}
    return sorted(names)


def row_counts() -> dict[str, int]:
    """Rows in every table: a refused write must leave all of them as they were."""
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def header_problems(response) -> list[str]:
    """What is missing or too lax in one response's security headers."""
    h = response.headers
    csp = {d.split()[0]: d.split()[1:] for d in h.get("Content-Security-Policy", "").split(";") if d.strip()}
    script = csp.get("script-src", csp.get("default-src", []))
    problems = [f"CSP {name} is {csp.get(name)}, expected [{want}]" for name, want in (
        ("default-src", "'self'"), ("frame-ancestors", "'none'"), ("object-src", "'none'"),
        ("base-uri", "'self'")) if csp.get(name) != [want]]
    lax = [s for s in script if s in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")]
    if lax or not script:
        problems.append(f"CSP script-src {script}")
    expected = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}
    problems += [f"{k}: {h.get(k)}" for k, v in expected.items() if h.get(k) != v]
    if h.get("Referrer-Policy") not in ("no-referrer", "same-origin", "strict-origin",
                                        "strict-origin-when-cross-origin"):
        problems.append(f"Referrer-Policy: {h.get('Referrer-Policy')}")
    if "geolocation=(self)" not in h.get("Permissions-Policy", "").replace(" ", ""):
        problems.append(f"Permissions-Policy: {h.get('Permissions-Policy')}")
    return problems


def cookie_flags(response) -> dict[str, set[str]]:
    """Each Set-Cookie's name and its lower-cased flags (samesite=lax, httponly, secure, …)."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        name, *flags = [part.strip() for part in header.split(";")]
        found[name.split("=")[0]] = {f.lower().replace(" ", "") for f in flags}
    return found


@pytest.fixture
def staff_client(admin_client):
    """A client signed in as an administrator (an account added inside the test's transaction)."""
    for rule in STAFF_RULES[:1]:
        assert "login" not in admin_client.get(sample_url(rule)).headers.get("Location", ""), "not signed in"
    return admin_client


def test_the_url_map_was_discovered():
    """Discovery found the site's pages and its forms' POST routes (else every test below is empty)."""
    assert any(r.rule == "/" for r in GET_RULES)
    assert any(r.rule.startswith("/api/") for r in GET_RULES)
    assert UNSAFE, "no POST route found: the feedback form posts"


@pytest.mark.parametrize("rule", GET_RULES, ids=rule_id)
def test_security_headers_on_every_get_route(client, rule):
    """Every page, API answer and error page carries the strict CSP and the other headers."""
    response = client.get(sample_url(rule))
    assert header_problems(response) == []
    if response.mimetype == "text/html":
        assert "HX-Request" in response.headers.get("Vary", "")


def test_security_headers_on_error_pages(client):
    """A 404 page and a 405 answer carry them too."""
    assert header_problems(client.get("/__no-such-page__")) == []
    assert header_problems(client.delete("/")) == []


def session_probe_app(config: dict):
    """A fresh app (init_security reads BEHIND_HTTPS at creation) with a route that uses the session."""
    probe = create_app("test", config)

    @probe.get("/__session-probe__")
    def session_probe():
        from flask import session

        session["seen"] = True
        return "ok"

    return probe


def test_session_cookie_is_httponly_and_samesite_and_not_secure_on_plain_http():
    """Plain http (development, tests): HttpOnly and SameSite, but not Secure, or forms would break."""
    probe = session_probe_app({})
    with probe.test_client() as client:
        cookies = cookie_flags(client.get("/__session-probe__"))
        response = client.post("/lang/en")
    assert {"httponly", "samesite=lax"} <= cookies["session"] and "secure" not in cookies["session"]
    assert {"httponly", "samesite=lax"} <= cookie_flags(response)["lang"]
    assert "Strict-Transport-Security" not in response.headers


def test_behind_https_every_cookie_is_secure_and_hsts_is_sent():
    """BEHIND_HTTPS: the session, remember and language cookies are Secure, and HSTS is sent."""
    probe = session_probe_app({"BEHIND_HTTPS": True})
    assert probe.config["SESSION_COOKIE_SECURE"] and probe.config["REMEMBER_COOKIE_SECURE"]
    with probe.test_client() as client:
        session_response = client.get("/__session-probe__", base_url="https://localhost")
        lang_response = client.post("/lang/en", base_url="https://localhost")
    assert {"httponly", "samesite=lax", "secure"} <= cookie_flags(session_response)["session"]
    assert {"httponly", "samesite=lax", "secure"} <= cookie_flags(lang_response)["lang"]
    hsts = lang_response.headers.get("Strict-Transport-Security", "")
    assert re.search(r"max-age=(\d+)", hsts) and int(re.search(r"max-age=(\d+)", hsts)[1]) >= 15_552_000


@pytest.mark.parametrize("rule,method", UNSAFE, ids=lambda p: p if isinstance(p, str) else rule_id(p))
def test_every_unsafe_route_refuses_a_request_without_csrf_token(app, client, rule, method):
    """A POST (PUT, PATCH, DELETE) without a token, or with a forged one, is a 400 and stores nothing.
    A view that takes no token (the language switch) refuses what another site sends instead."""
    url = sample_url(rule)
    before = row_counts()
    form = {"overall": "5", "comment": "Tốt", "email": "a@example.com", "password": "x" * 12}
    if getattr(app.view_functions[rule.endpoint], "cross_site_refused", False):
        response = client.open(url, method=method, data=form, headers={"Sec-Fetch-Site": "cross-site"})
        assert response.status_code == 403 and "Set-Cookie" not in response.headers
        return
    for data in (form, {**form, "csrf_token": "forged"}):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 400, f"{method} {url} without a valid token: {response.status_code}"
    json_response = client.open(url, method=method, json=form)
    assert json_response.status_code == 400
    assert row_counts() == before


@pytest.mark.parametrize("rule", STAFF_RULES, ids=rule_id)
def test_staff_pages_are_closed_to_anonymous_visitors(client, rule):
    """Every admin GET route sends an anonymous visitor to the login page (or refuses outright)."""
    response = client.get(sample_url(rule))
    assert response.status_code in (302, 303, 401, 403)
    if response.status_code in (302, 303):
        assert "login" in response.headers["Location"]


@SQLITE_ONLY
@pytest.mark.parametrize("rule", GET_RULES, ids=rule_id)
def test_no_open_redirect(client, rule):
    """Whatever `next` (or a like parameter) says, a redirect stays on this site."""
    url = sample_url(rule)
    for target in EVIL_TARGETS:
        for name in ("next", "url", "return_to", "redirect"):
            response = client.get(url, query_string={name: target})
            assert response.status_code < 500, f"{url}?{name}={target!r}: {response.status_code}"
            location = response.headers.get("Location", "")
            if location:
                parts = urlsplit(location)
                assert parts.netloc in ("", "localhost") and parts.scheme in ("", "http", "https")
                assert not re.match(r"^[/\\]{2}", parts.path), f"{url}?{name}={target!r} -> {location}"


def test_language_switch_keeps_a_local_next(client):
    """The language switch does send the visitor back to the page they were on."""
    response = client.post("/lang/en", data={"next": "/?q=huu+lung"})
    assert response.status_code == 303 and response.headers["Location"] == "/?q=huu+lung"
    assert client.post("/lang/en", data={"next": "//evil.example/"}).headers["Location"] == "/"


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "https://evil.example"}])
def test_another_site_cannot_switch_the_language(client, headers):
    """The switch takes no CSRF token (pages stay the same for everyone): the browser's own
    Sec-Fetch-Site, else Origin, says who sent it, and another site's form is refused."""
    response = client.post("/lang/en", data={"next": "/"}, headers=headers)
    assert response.status_code == 403 and "Set-Cookie" not in response.headers
    same = client.post("/lang/en", data={"next": "/"}, headers={"Sec-Fetch-Site": "same-origin",
                                                                "Origin": "http://localhost"})
    assert same.status_code == 303 and "lang=en" in same.headers["Set-Cookie"]


def hostile_queries(names: list[str], payloads: list[str], each: list[str]) -> list[dict | str]:
    """Every payload in all parameters at once, then the `each` payloads in one parameter at a time
    (so that one parameter refused early cannot hide how another one is handled)."""
    queries: list[dict | str] = [{name: value for name in names} for value in payloads]
    queries += [{name: value} for name in names for value in each]
    return queries + [f"{name}=%ff%fe" for name in names]  # not UTF-8


def server_errors(client, url: str) -> list[str]:
    """The hostile queries that made a page answer 5xx."""
    failures = []
    for query in hostile_queries(query_params(client, url), SQL_AND_ODD, ["'", "\x00", "a" * 10_000, "-1"]):
        status = client.get(url, query_string=query).status_code
        if status >= 500:
            failures.append(f"{str(query)[:80]}: {status}")
    return failures


@pytest.mark.parametrize("visitor, rule", VISITS)
def test_hostile_query_parameters_never_cause_a_server_error(request, app, visitor, rule):
    """SQL metacharacters, NUL, huge numbers and 10,000-character values: 2xx, 3xx or 4xx, never 5xx
    (on every page as anyone sees it, and on the staff pages signed in as an administrator)."""
    url = sample_url(rule)
    assert server_errors(request.getfixturevalue(visitor), url) == [], url


def unescaped(body: str, payload: str) -> bool:
    """Whether a payload came back live: raw markup, or a javascript: URL in a link or form."""
    if any(c in payload for c in "<>\""):
        return payload in body
    # an attribute (after a space), not a query string's "&src=" inside some attribute's value
    return bool(re.search(r"\s(href|src|action|formaction)\s*=\s*[\"']?\s*javascript:", body, re.I))


def live_payloads(client, url: str) -> list[str]:
    """The XSS queries whose payload came back unescaped in the HTML."""
    live = []
    for query in hostile_queries(query_params(client, url), XSS, XSS[:2] + XSS[5:6]):
        if isinstance(query, str):
            continue
        response = client.get(url, query_string=query)
        payload = next(iter(query.values()))
        if response.mimetype == "text/html" and unescaped(response.get_data(as_text=True), payload):
            live.append(f"{str(query)[:80]}")
    return live


@SQLITE_ONLY
@pytest.mark.parametrize("visitor, rule", VISITS)
def test_xss_payloads_in_query_parameters_come_back_escaped(request, app, visitor, rule):
    """Every XSS payload in every query parameter of every page is escaped in the HTML (the staff
    pages signed in as an administrator too)."""
    url = sample_url(rule)
    assert live_payloads(request.getfixturevalue(visitor), url) == [], url


def form_submission(form, payload: str) -> dict[str, str]:
    """The payload in every text field; the first option, checked boxes and hidden values as they are."""
    data: dict[str, str] = {}
    for kind, name, value in form.fields:
        if kind in ("text", "search", "textarea", "email", "tel", "url", "password"):
            data[name] = payload
        elif kind == "select":
            data[name] = next((v for v in form.options.get(name, []) if v), "")
        elif kind in ("hidden", "checkbox", "radio", "number", "date") and name not in data:
            data[name] = value or ("5" if kind in ("radio", "number") else value)
    return data


@SQLITE_ONLY
@pytest.mark.parametrize("rule", GET_RULES, ids=rule_id)
def test_xss_payloads_through_every_form_come_back_escaped(client, rule):
    """Every form of every page, posted (with its CSRF token) or submitted with payloads, escapes them."""
    url = sample_url(rule)
    page = client.get(url)
    if page.mimetype != "text/html" or page.status_code != 200:
        return
    live = []
    for form in parse_page(page.get_data(as_text=True)).forms:
        action = form.action or url
        for payload in XSS:
            data = form_submission(form, payload)
            if form.method == "post":
                response = client.post(action, data=data, follow_redirects=True)
            else:
                response = client.get(action, query_string=data, follow_redirects=True)
            assert response.status_code < 500, f"{form.method} {action}: {response.status_code}"
            after = client.get(url).get_data(as_text=True)  # stored, then shown on the page again?
            for body in (response.get_data(as_text=True), after):
                if unescaped(body, payload):
                    live.append(f"{form.method} {action}: {payload!r}")
    assert live == []

"""Hosts and caches (hardening acceptance 1 and 5): no request can make the site point elsewhere
(crafted Host, X-Forwarded-Host, X-Forwarded-Proto on every public GET route leave what others get
unchanged, and links start with SITE_URL); production serves only its own host; every staff page
and the login page say `Cache-Control: no-store`; bad bytes in a path are a 404, not an outage."""
import re

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from app import create_app
from app.cache import forget_cached_pages
from tests.url_map import GET_RULES, rule_id, sample_url

SITE_URL = "https://buudien.example"
PUBLIC_RULES = [r for r in GET_RULES if not r.rule.startswith("/admin")]
STAFF_GET_RULES = [r for r in GET_RULES if r.rule.startswith("/admin")]
POISON = [{"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"},
          {"X-Forwarded-Proto": "http", "X-Forwarded-Host": "evil.example:8080"},
          {"Host": "evil.example", "X-Forwarded-Proto": "http", "X-Forwarded-Port": "666"}]
TOKEN = re.compile(rb'(name="(?:[a-z]+-)?csrf_token" type="hidden" value=")[^"]+')  # a prefixed form's too


@pytest.fixture
def proxied(app, monkeypatch):
    """The app as production runs it behind the proxy (PROXY_FIX_X_FOR=1), with a SITE_URL."""
    monkeypatch.setitem(app.config, "SITE_URL", SITE_URL)
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1, x_proto=1))
    return app


FOLIUM_ID = re.compile(rb"_[0-9a-f]{32}")


def body(client, url: str) -> tuple[int, bytes]:
    """A response's status and bytes, less what differs at every render: a form's token (the
    visitor's own) and Folium's random element names in a map script."""
    response = client.get(url)
    return response.status_code, FOLIUM_ID.sub(b"_id", TOKEN.sub(rb"\1-", response.get_data()))


def test_crafted_hosts_change_nothing_anyone_else_gets(proxied):
    client = proxied.test_client()
    urls = [sample_url(rule) for rule in PUBLIC_RULES]
    forget_cached_pages()
    for url in urls:
        for headers in POISON:
            client.get(url, headers=headers)
    after_poison = {url: body(client, url) for url in urls}
    forget_cached_pages()  # a fresh server
    fresh = {url: body(proxied.test_client(), url) for url in urls}
    assert [url for url in urls if after_poison[url] != fresh[url]] == []
    for url, (status, content) in after_poison.items():
        assert b"evil.example" not in content, url


def test_every_absolute_link_starts_with_site_url(proxied):
    client = proxied.test_client()
    poisoned = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
    listing = client.get("/api/points?per_page=2", headers=poisoned).get_json()
    links = [item[key] for item in listing["items"] for key in ("url", "api_url")]
    links += [link for link in listing["links"].values() if link]
    slug = listing["items"][0]["slug"]
    links.append(client.get(f"/api/points/{slug}", headers=poisoned).get_json()["url"])
    csv_text = client.get("/api/points.csv", headers=poisoned).get_data(as_text=True)
    links += re.findall(r"https?://[^,\s\"]+", csv_text)
    qr = client.get(f"/points/{slug}/qr.svg", headers=poisoned).get_data(as_text=True)
    assert len(links) > 240 and all(link.startswith(SITE_URL + "/") for link in links), \
        [link for link in links if not link.startswith(SITE_URL + "/")][:3]
    assert "evil.example" not in qr


def production_app(**config):
    return create_app("production", {"SECRET_KEY": "k" * 64, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                                     "SITE_URL": SITE_URL, **config})


def test_production_serves_only_its_own_host():
    client = production_app(EXTRA_HOSTS=("www.buudien.example",)).test_client()
    assert client.get("/livez", headers={"Host": "buudien.example"}).status_code == 200
    assert client.get("/livez", headers={"Host": "www.buudien.example:443"}).status_code == 200
    assert client.get("/livez", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/livez", headers={"Host": "buudien.example.evil.example"}).status_code == 400


@pytest.mark.parametrize("site_url", ["", "buudien.example", "https://buudien.example/langson", "ftp://x"])
def test_production_refuses_to_start_without_a_site_url(site_url):
    with pytest.raises(RuntimeError, match="SITE_URL"):
        production_app(SITE_URL=site_url)


@pytest.mark.parametrize("rule", STAFF_GET_RULES, ids=rule_id)
def test_every_staff_page_is_sent_no_store(admin_client, rule):
    response = admin_client.get(sample_url(rule))
    response.close()  # a file sent as it is (the import template) is closed with its response
    assert response.headers.get("Cache-Control") == "no-store", (response.status_code, response.headers)
    assert "ETag" not in response.headers


def test_login_page_and_anonymous_staff_redirects_are_no_store(client):
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"
    assert client.get("/admin/").headers["Cache-Control"] == "no-store"


def test_the_feedback_form_with_its_token_is_no_store_and_public_pages_are_cacheable(client):
    slug = client.get("/api/points?per_page=1").get_json()["items"][0]["slug"]
    assert client.get(f"/points/{slug}/feedback").headers["Cache-Control"] == "no-store"
    page = client.get(f"/points/{slug}")
    assert page.headers["Cache-Control"] != "no-store" and "ETag" in page.headers
    assert "Set-Cookie" not in page.headers


@pytest.mark.parametrize("path", ["/points/a%00b", "/api/points/a%00b", "/points/a%01b/feedback",
                                  "/api/points/x%7f", "/minh-bach%00"])
def test_control_characters_in_a_path_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404


def test_a_value_the_database_refuses_is_the_requests_fault(admin_client):
    """A number past the database's integer is no such page, never "database down"; so is a value the
    database itself refuses (PostgreSQL's DataError, made here by a cast)."""
    assert admin_client.get(f"/admin/import/runs/{10 ** 20}").status_code == 404
    assert admin_client.get(f"/admin/import/runs/{2 ** 31}").status_code == 404


def test_a_data_error_is_a_bad_request(app, client, monkeypatch):
    from sqlalchemy.exc import DataError

    def refused(*args, **kwargs):
        raise DataError("SELECT …", {}, ValueError("invalid input value"))

    monkeypatch.setattr("app.public.routes.point_by_slug", refused)
    slug = client.get("/api/points?per_page=1").get_json()["items"][0]["slug"]
    response = client.get(f"/points/{slug}/qr.svg")
    assert response.status_code == 400

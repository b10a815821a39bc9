"""What makes pages open offline, as served: the service worker at the site's root with the shell
it keeps, the web app manifest, and the page shown for a page the phone never kept. The browser
side (a visited page opened with the network cut) is tests/browser/test_offline_browser.py."""
import json
import re

from sqlalchemy import select

from app.extensions import db
from app.models import Point


def served(client, url: str) -> int:
    """The status of a GET, its file closed."""
    with client.get(url) as response:
        return response.status_code


def test_the_worker_is_served_from_the_root_and_keeps_a_shell_that_exists(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    assert response.headers["Cache-Control"] == "no-cache"  # a deploy's new worker is found at the next visit
    source = response.get_data(as_text=True)
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", source).group(1))
    pages = json.loads(re.search(r"var PAGES = (\[.*?\]);", source).group(1))
    assert {url.split("?")[0] for url in shell} == {
        "/static/css/site.css", "/static/js/site.js", "/static/vendor/htmx/htmx.min.js", "/static/favicon.svg"}
    for url in shell:
        assert re.search(r"\?v=[0-9a-f]{10}$", url), url  # fingerprinted: kept until its content changes
        assert served(client, url) == 200
    assert pages == ["/", "/ngoai-tuyen"]
    assert "var STAFF_PATHS = /^\\/admin(\\/|$)/;" in source  # staff pages never kept


def test_the_worker_changes_when_a_shell_file_changes(app, client, monkeypatch):
    before = client.get("/sw.js").get_data(as_text=True)
    monkeypatch.setattr("app.offline.routes.SHELL_FILES", ("css/site.css", "js/map.js"))
    after = client.get("/sw.js").get_data(as_text=True)
    version = re.compile(r'var VERSION = "([0-9a-f]{10})";')
    assert version.search(before).group(1) != version.search(after).group(1)


def test_the_manifest_names_the_site_in_the_visitors_language(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == "Điểm phục vụ bưu chính Lạng Sơn" and manifest["lang"] == "vi"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert all(served(client, icon["src"]) == 200 for icon in manifest["icons"])
    english = client.get("/manifest.webmanifest?lang=en").get_json(force=True)
    assert english["short_name"] == "Lạng Sơn Post" and english["lang"] == "en"


def test_every_page_links_the_manifest_and_carries_the_hidden_offline_notice(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'data-service-worker="/sw.js"' in html
    # the worker shows this notice, with the copy's date, on a page opened offline
    assert ('<p class="offline-notice" role="status" data-offline-notice hidden>'
            "Bạn đang ngoại tuyến – dữ liệu ngày <span data-offline-date></span></p>") in html


def test_the_offline_page_says_what_needs_a_connection(client):
    response = client.get("/ngoai-tuyen")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<h1>Bạn đang ngoại tuyến</h1>" in text
    assert "đánh giá chưa được gửi" in text
    assert "If you just sent a rating: it was not sent." in client.get("/ngoai-tuyen?lang=en").get_data(as_text=True)


def test_the_feedback_form_warns_that_sending_needs_a_connection(app, client):
    slug = db.session.scalars(select(Point.slug).where(Point.is_active).limit(1)).one()
    html = client.get(f"/points/{slug}/feedback").get_data(as_text=True)
    assert "data-needs-connection hidden>Bạn đang ngoại tuyến: cần kết nối mạng để gửi." in html
    assert "/static/js/feedback.js" in html

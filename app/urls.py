"""URL helpers shared by the areas of the site."""
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


def absolute_url(endpoint: str, **values) -> str:
    """An absolute URL on SITE_URL: never built from the request's Host or forwarded headers, so
    no request can make the site (or its cache, or a printed QR code) point elsewhere."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:  # a command (visit-codes, the digest): the URL map alone gives the path
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["SITE_URL"] + path


def safe_next(target: str | None) -> str | None:
    """A redirect target only if it stays on this site (a path, no scheme, no host)."""
    if not target:
        return None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None  # a CR/LF would split the Location header (an error, or header injection)
    target = target.replace("\\", "/").strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


MAX_PAGE = 10_000


def page_arg(value: str | None) -> int:
    """A ?page= value as a page number from 1 to MAX_PAGE (anything else reads as page 1)."""
    if value and value.isdigit():
        return min(max(int(value), 1), MAX_PAGE)
    return 1


def from_this_site() -> bool:
    """Whether a request was sent by this site's own pages, not by another site: the browser's
    Sec-Fetch-Site when it sends one, else its Origin; a browser that sends neither cannot be
    told apart and is believed."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in (current_app.config["SITE_URL"], request.host_url.rstrip("/"))
    return True

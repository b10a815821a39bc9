"""HTTP manners of the API: compact UTF-8 JSON, caching, CORS for reading."""
import json

from flask import current_app, request

CACHE_SECONDS = 60  # an import or a new rating shows in the API within a minute
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Content-Disposition",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, Accept, Accept-Language",
    "Access-Control-Max-Age": "86400",
}


def json_body(data) -> str:
    """JSON with Vietnamese letters as they are (not \\u escapes) and keys in the documented order."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_response(data, status: int = 200, mimetype: str = "application/json"):
    """A JSON response (not yet conditional)."""
    return current_app.response_class(json_body(data), status=status, mimetype=mimetype)


def cacheable(response):
    """Let browsers and proxies keep the answer a minute (the ETag and the 304 come from the page
    cache, app/cache.py, that every API view goes through)."""
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def open_for_reading(response):
    """CORS on every /api response (errors too, so other sites can read them)."""
    if not request.path.startswith("/api/"):
        return response
    response.headers.update(CORS_HEADERS)
    if request.method == "OPTIONS":
        response.headers.update(PREFLIGHT_HEADERS)
    return response

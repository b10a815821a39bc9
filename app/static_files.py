"""Static files under fingerprinted URLs (`/static/css/site.css?v=3f1c9a2b`): a browser, nginx or a
service worker may keep such a file a year, since a changed file gets a new URL."""
import hashlib
import os
from functools import lru_cache

from flask import Flask, Response, request

YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _digest(path: str, mtime: float) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:10]


def fingerprint(static_folder: str, filename: str) -> str | None:
    """The first characters of the file's SHA-256 (None for a file that does not exist)."""
    path = os.path.join(static_folder, filename)
    try:
        return _digest(path, os.path.getmtime(path))
    except OSError:
        return None


def init_static(app: Flask) -> None:
    """Fingerprint every url_for('static', …), and let fingerprinted answers be kept a year."""

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = fingerprint(app.static_folder, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_fingerprinted(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code == 200:
            version = request.args.get("v")
            if version and version == fingerprint(app.static_folder, request.view_args["filename"]):
                response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response

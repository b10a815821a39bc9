"""Security headers sent with every response (a strict CSP: no inline or eval script)."""
from functools import lru_cache
from itertools import chain

from flask import Flask, Response, abort, current_app, g, request, session


def content_security_policy() -> str:
    """The CSP: our own origin only, plus the tile server's origin for map images."""
    return _policy_for_tiles(current_app.config.get("MAP_TILES_URL") or "")


@lru_cache(maxsize=8)
def _policy_for_tiles(tiles: str) -> str:
    """The CSP for a tile URL setting, built once (every response carries it)."""
    img = "'self' data:"
    if tiles.startswith("http"):
        origin = "/".join(tiles.split("/")[:3])
        img += " " + origin.replace("{s}.", "*.")
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def add_security_headers(response: Response) -> Response:
    """Set the CSP and the other headers on one response."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=(), payment=()")
    if current_app.config.get("BEHIND_HTTPS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        secure_cookies(response)
    if response.mimetype == "text/html":
        response.vary.add("HX-Request")
    if is_private():
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("ETag", None)
    return response


STAFF_BLUEPRINTS = ("admin", "registry_admin")


def is_private() -> bool:
    """Whether this response belongs to one person: a staff page or export, the login page, a page
    with a CSRF token or a signed-in user, or one that changed the session. No cache may keep it."""
    if request.blueprint in STAFF_BLUEPRINTS or session.modified:
        return True
    if g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")):  # flask-wtf keeps the page's token here
        return True
    user = g.get("_login_user")  # set once Flask-Login has looked at the session
    return bool(user is not None and user.is_authenticated)


def secure_cookies(response: Response) -> None:
    """Behind HTTPS every cookie is Secure, whichever area set it (the language cookie too)."""
    cookies = response.headers.getlist("Set-Cookie")
    secured = [c if "secure" in (f.strip().lower() for f in c.split(";")) else c + "; Secure"
               for c in cookies]
    if secured != cookies:
        response.headers.remove("Set-Cookie")
        for cookie in secured:
            response.headers.add("Set-Cookie", cookie)


def _has_control_character(text: str) -> bool:
    return any(ord(char) < 0x20 or ord(char) == 0x7F for char in text)


def reject_control_characters() -> None:
    """No page has a control character in its path (404: there is no such page), and no text field
    of this site holds a NUL byte (400; PostgreSQL would refuse it)."""
    if _has_control_character(request.path):
        abort(404)
    values = chain(request.args.values(), request.form.values() if request.method == "POST" else ())
    if any("\x00" in value for value in values):
        abort(400)


def init_security(app: Flask) -> None:
    """Register the headers and the cookie settings that depend on HTTPS."""
    if app.config.get("BEHIND_HTTPS"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
    app.before_request(reject_control_characters)
    app.after_request(add_security_headers)

"""The fast path: a WSGI layer in front of the app that answers an anonymous visitor's request for a
cached public page from the answer the app gave the last visitor who asked the same thing (same
bytes, same headers: CSP, Vary, ETag, Content-Encoding), before the app's per-request work (session,
language, CSRF, sign-in, hooks).

Only what is the same for everyone is kept or served: a GET without credentials whose cookies are at
most the language and the anonymous browser id, for the site's own host, of a page that app/cache.py
served from its cache (it marks those), answered 200 or 304 without Set-Cookie and without
`no-store` or `private`. The key is app/cache.page_key, the data version included; while this
process has not read the version within PAGE_CACHE_VERSION_TTL, requests take the full path, which
reads it again."""
from werkzeug.http import parse_cookie, parse_etags
from werkzeug.sansio.utils import host_is_trusted

from app.cache import PAGE_MARK, kept_answer, known_version, page_key, remember_answer
from app.clients import BROWSER_COOKIE
from app.compression import chosen_encoding
from app.i18n import LANG_COOKIE

PUBLIC_COOKIES = frozenset({LANG_COOKIE, BROWSER_COOKIE})  # neither changes a cached page
PERSONAL_CACHE_CONTROL = ("no-store", "private")


class FastPath:
    """WSGI middleware: `app.wsgi_app = FastPath(app, app.wsgi_app)`."""

    def __init__(self, app, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        if not self.anonymous_public_get(environ):
            return self.wsgi_app(environ, start_response)
        version = known_version(self.app.config)
        if version is not None:
            slot = (page_key(environ, self.app.config, version),
                    chosen_encoding(environ.get("HTTP_ACCEPT_ENCODING")))
            answer = self.kept(slot, environ.get("HTTP_IF_NONE_MATCH"))
            if answer is not None:
                start_response(answer[0], list(answer[1]))
                return [answer[2]]
        return self.full_path(environ, start_response)

    def anonymous_public_get(self, environ) -> bool:
        """A GET that no cached page could answer differently for someone else."""
        config = self.app.config
        if (environ.get("REQUEST_METHOD") != "GET" or "HTTP_AUTHORIZATION" in environ
                or not config["FAST_PATH"] or not config.get("PAGE_CACHE", True)):
            return False
        cookies = environ.get("HTTP_COOKIE")
        if cookies and not PUBLIC_COOKIES.issuperset(parse_cookie(cookies).keys()):
            return False  # a session (signed in, a form's token, a message) or a cookie not ours
        trusted = config.get("TRUSTED_HOSTS")
        return not trusted or host_is_trusted(environ.get("HTTP_HOST") or environ.get("SERVER_NAME"), trusted)

    @staticmethod
    def kept(slot: tuple, if_none_match: str | None) -> tuple | None:
        """The kept 200, or the kept 304 when If-None-Match names its ETag (None: not kept yet)."""
        answer = kept_answer((*slot, 200))
        if answer is None or not if_none_match:
            return answer
        etag = next((value for name, value in answer[1] if name == "ETag"), "")
        if etag.strip('"') in parse_etags(if_none_match):
            return kept_answer((*slot, 304))
        return answer

    def full_path(self, environ, start_response):
        """The app's answer, kept for the next visitor when the app says it is the same for all."""
        seen = []

        def noting_start_response(status, headers, exc_info=None):
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, noting_start_response)
        key = environ.get(PAGE_MARK)
        if key is None or not seen or not self.same_for_everyone(*seen):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        slot = (key, chosen_encoding(environ.get("HTTP_ACCEPT_ENCODING")), int(seen[0][:3]))
        remember_answer(slot, (seen[0], tuple(seen[1]), data))
        return [data]

    @staticmethod
    def same_for_everyone(status: str, headers: list) -> bool:
        """A 200 or 304 that sets no cookie and that no header calls personal."""
        if status[:3] not in ("200", "304"):
            return False
        for name, value in headers:
            lowered = name.lower()
            if lowered == "set-cookie":
                return False
            if lowered == "cache-control" and any(word in value.lower() for word in PERSONAL_CACHE_CONTROL):
                return False
        return True

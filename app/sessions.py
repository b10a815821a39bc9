"""Flask's signed-cookie session, with its signer built once per set of keys.

Flask builds the serializer of the session cookie twice a request (to open the session and to save
it), and the rating form, the site's busiest write, opens and saves one on every rating posted.
The signer depends only on the secret key and its fallbacks: it is kept per such set of keys, so
that a changed key (SECRET_KEY_FALLBACKS during a rotation) still takes effect."""
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SignedCookieSessions(SecureCookieSessionInterface):
    """The session cookie as Flask signs it; only the building of its serializer is cached."""

    KEPT = 8  # sets of keys (an app has one; the tests build apps with several)

    def __init__(self):
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            if len(self._serializers) >= self.KEPT:
                self._serializers.clear()
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]

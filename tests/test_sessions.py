"""The session cookie (app/sessions.py): its signer is built once per set of keys, and a key
rotation (SECRET_KEY_FALLBACKS) still reads the sessions signed before it."""
from contextlib import contextmanager

from flask import request

from tests.factories import seeded_point


@contextmanager
def keys(app, secret: str, fallbacks: list[str]):
    saved = app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"]
    app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"] = secret, fallbacks
    try:
        yield
    finally:
        app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"] = saved


def session_read(app, cookie: str) -> dict:
    """What the app reads of a session cookie, as a request carrying it would."""
    with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}):
        return dict(app.session_interface.open_session(app, request))


def test_the_signer_is_built_once_and_a_rotated_key_still_reads_older_sessions(app):
    client = app.test_client()
    client.get(f"/points/{seeded_point().slug}/feedback")  # the form's CSRF token lives in the session
    cookie = client.get_cookie("session").value
    interface, old = app.session_interface, app.config["SECRET_KEY"]
    assert interface.get_signing_serializer(app) is interface.get_signing_serializer(app)
    assert "csrf_token" in session_read(app, cookie)

    with keys(app, "a-new-secret-key-for-the-rotation", [old]):
        assert "csrf_token" in session_read(app, cookie)  # signed with the key now among the fallbacks
    with keys(app, "a-new-secret-key-for-the-rotation", []):
        assert session_read(app, cookie) == {}  # the old key dropped: the cookie is no longer ours
    assert "csrf_token" in session_read(app, cookie)

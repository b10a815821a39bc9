"""A real werkzeug server on 127.0.0.1 for a migrated, seeded SQLite file (schemathesis, browsers)."""
import threading
from contextlib import contextmanager

from werkzeug.serving import WSGIRequestHandler, make_server

from app.extensions import db
from tests.databases import seeded_app


RESPONSE_KEY = "tests.live_server.response"


class QuietHandler(WSGIRequestHandler):
    """Thousands of generated requests: keep them out of the test log."""

    def log_request(self, *args, **kwargs) -> None:
        pass

    def connection_dropped(self, error, environ=None) -> None:
        """A browser that navigates away mid-download resets the connection; werkzeug's server may
        then skip closing the response (a static file stays open). Close it here."""
        response = (environ or {}).get(RESPONSE_KEY)
        if response is not None and hasattr(response, "close"):
            response.close()


def remembering_response(app):
    """The app, keeping each response iterable in its environ for QuietHandler.connection_dropped."""

    def wsgi(environ, start_response):
        response = app(environ, start_response)
        environ[RESPONSE_KEY] = response
        return response

    return wsgi


def seeded_file_app(path, **settings):
    """An app on a new SQLite file, migrated and seeded, rate limits off."""
    return seeded_app(f"sqlite:///{path}", **{"RATELIMIT_ENABLED": False, **settings})


@contextmanager
def serve(app):
    """Serve the app in a thread; yields its base URL and stops it afterwards."""
    server = make_server("127.0.0.1", 0, remembering_response(app), threaded=True,
                         request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()

"""A real werkzeug server on 127.0.0.1 for a migrated, seeded SQLite file (schemathesis, browsers)."""
import threading
from contextlib import contextmanager

from werkzeug.serving import WSGIRequestHandler, make_server

from app.extensions import db
from tests.databases import seeded_app


class QuietHandler(WSGIRequestHandler):
    """Thousands of generated requests: keep them out of the test log."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def seeded_file_app(path, **settings):
    """An app on a new SQLite file, migrated and seeded, rate limits off."""
    return seeded_app(f"sqlite:///{path}", **{"RATELIMIT_ENABLED": False, **settings})


@contextmanager
def serve(app):
    """Serve the app in a thread; yields its base URL and stops it afterwards."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
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

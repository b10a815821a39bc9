"""A real werkzeug server on 127.0.0.1 for a migrated, seeded SQLite file (schemathesis, browsers)."""
import threading
from contextlib import contextmanager

import flask_migrate
from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app
from app.extensions import db
from app.services.seed import apply_plan
from tests.conftest import seed_plan


class QuietHandler(WSGIRequestHandler):
    """Thousands of generated requests: keep them out of the test log."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def seeded_file_app(path, **settings):
    """An app on a new SQLite file, migrated and seeded."""
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "RATELIMIT_ENABLED": False,
                              **settings})
    with app.app_context():
        flask_migrate.upgrade()
        apply_plan(seed_plan())
    return app


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

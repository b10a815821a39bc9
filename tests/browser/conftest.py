"""Browser tests: the app served for real (a thread on 127.0.0.1) on a temporary SQLite FILE
database, migrated and seeded once per session, driven by Debian's Chromium through Playwright.

Fixtures for every area: `live_app` (the Flask app, for setting up rows: `with live_app.app_context():`),
`live_server` (its root URL), `base_url` (the same, so `page.goto("/")` works), and the
pytest-playwright launch arguments for /usr/bin/chromium."""
import threading

import flask_migrate
import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from app.services.seed import apply_plan
from tests.conftest import seed_plan

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def pytest_collection_modifyitems(items):
    """Every test under tests/browser drives the browser: mark it so `-m "not browser"` skips it."""
    for item in items:
        if "/tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on a migrated, seeded SQLite file (threads of the server need a real file)."""
    path = tmp_path_factory.mktemp("live") / "live.db"
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        flask_migrate.upgrade()
        apply_plan(seed_plan())
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app served on 127.0.0.1 at a free port, in a thread; yields its root URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright's base URL: the live server, so tests can `page.goto("/")`."""
    return live_server


@pytest.fixture
def browser_context_args(browser_context_args, base_url):
    """pytest-playwright's context arguments with THIS test's base URL. Its own fixture is
    session-scoped, so the first module's `base_url` (several modules serve their own site)
    would otherwise stick for the whole session and send later modules' pages to that site."""
    return {**browser_context_args, "base_url": base_url}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (Playwright cannot download its own here) with quiet flags."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}

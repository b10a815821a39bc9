"""Browser tests: the app served for real (a thread on 127.0.0.1) on a temporary SQLite FILE
database, migrated and seeded once per session, driven by Debian's Chromium through Playwright.

Fixtures for every area: `live_app` (the Flask app, for setting up rows: `with live_app.app_context():`),
`live_server` (its root URL), `base_url` (the same, so `page.goto("/")` works), and the
pytest-playwright launch arguments for /usr/bin/chromium."""
import pytest

from tests.live_server import seeded_file_app, serve

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
    return seeded_file_app(tmp_path_factory.mktemp("live") / "live.db")


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app served on 127.0.0.1 at a free port, in a thread; yields its root URL."""
    with serve(live_app) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright's base URL: the live server, so tests can `page.goto("/")`."""
    return live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (Playwright cannot download its own here) with quiet flags."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def browser_context_args(browser_context_args, base_url):
    """Each test's browser context on the base URL its module serves: pytest-playwright keeps the
    first module's for the whole session, and some modules serve a site of their own."""
    return {**browser_context_args, "base_url": base_url}

"""Browser tests: the app served for real (a thread on 127.0.0.1) on a temporary SQLite FILE
database, migrated and seeded once per session, driven by Debian's Chromium through Playwright.

Fixtures for every area: `live_app` (the Flask app, for setting up rows: `with live_app.app_context():`),
`live_server` (its root URL), `base_url` (the same, so `page.goto("/")` works), `rated_site` (that
site with demo ratings and a point rated very low), and the pytest-playwright launch arguments for
/usr/bin/chromium."""
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Feedback, Point, PointService
from app.services.feedback import FeedbackSubmission, submit_feedback
from app.clock import to_local, utcnow
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


# A dozen published comments (more than the ten a point page shows at first) on the lowest point.
LOW_COMMENTS = (
    "Phải chờ gần một giờ mới đến lượt.", "Quầy chỉ mở một cửa, người già phải đứng chờ.",
    "Nhân viên không hướng dẫn giấy tờ cần mang.", "Đến trong giờ mở cửa nhưng điểm đóng cửa.",
    "Không có bảng giá cước niêm yết.", "Gửi bưu kiện ba ngày chưa đến nơi.",
    "Không có ghế ngồi chờ.", "Thái độ phục vụ chưa tốt.", "Nhận lương hưu phải quay lại hai lần.",
    "Biên lai ghi sai tên người nhận.", "Điện thoại của điểm không ai nghe máy.",
    "Lối vào có bậc cao, khó đi với xe lăn.",
)


@dataclass(frozen=True)
class RatedSite:
    """What `rated_site` set up: the lowest point, its comments, and points that show a score."""

    url: str
    lowest_slug: str
    lowest_name: str
    comments: tuple[str, ...]
    scored_slugs: tuple[str, ...]  # most demo ratings first; each shows a score (not "not enough")


@pytest.fixture(scope="session")
def rated_site(live_app, live_server) -> RatedSite:
    """The live site with `flask seed-demo-feedback` and one point rated 1/5 by a dozen citizens,
    each with a published comment: the lowest score of the quarter, with a second page of comments."""
    result = live_app.test_cli_runner().invoke(args=["seed-demo-feedback"])
    assert result.exit_code == 0, result.output
    with live_app.app_context():
        demo_counts = (select(Point.slug, Point.name, Point.id, func.count(Feedback.id).label("n"))
                       .join(Feedback, Feedback.point_id == Point.id)
                       .where(Point.is_active.is_(True), Point.id.in_(select(PointService.point_id)))
                       .group_by(Point.id).order_by(func.count(Feedback.id).desc(), Point.id))
        *scored, lowest = db.session.execute(demo_counts).all()
        today = to_local(utcnow()).date()
        for n, comment in enumerate(LOW_COMMENTS):
            submission = FeedbackSubmission(overall=1, visit_date=today - timedelta(days=n % 3),
                                            factors={"staff": 1}, comment=comment)
            assert submit_feedback(lowest.id, submission, f"rated-site-{n}").stored
    return RatedSite(live_server, lowest.slug, lowest.name, LOW_COMMENTS,
                     tuple(row.slug for row in scored[:12]))

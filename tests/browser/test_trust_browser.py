"""Trust in Chromium: staff release one point's held burst and discard another's from the
moderation queue, and the scores then equal a rebuild (acceptance 4); a citizen reports a comment
with JavaScript and without it (acceptance 5). Pages pass axe."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.clock import to_local, utcnow
from app.extensions import db
from app.models import Feedback, ScoreAggregate
from app.services.feedback import FeedbackSubmission, submit_feedback
from app.services.scores import rebuild_aggregates
from tests.admin_factories import PASSWORD, make_staff, points
from tests.browser.axe_check import axe_violations
from tests.live_server import seeded_file_app, serve

EMAIL = "kiem.duyet@buudien.test"
# Personal data the moderation rules cannot see (no name, no number), so it is published to report.
COMMENT = "Nhân viên quầy 2 tóc ngắn đeo kính rất hách dịch"
HELD_BY_POINT = "Đánh giá đang giữ lại theo điểm phục vụ"


def burst(point, networks: int) -> None:
    """Ratings of one point from many networks within the hour: past FEEDBACK_BURST_MIN, held."""
    today = to_local(utcnow()).date()
    for n in range(networks):
        submit_feedback(point.id, FeedbackSubmission(overall=1, visit_date=today), f"burst-{point.id}-{n}",
                        f"net-{point.id}-{n}")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    app = seeded_file_app(tmp_path_factory.mktemp("trust-browser") / "site.db", RATELIMIT_ENABLED=True,
                          FEEDBACK_BURST_MIN=3)
    with app.app_context():
        released, discarded, commented = points(3)
        burst(released, 6)
        burst(discarded, 5)
        today = to_local(utcnow()).date()
        submit_feedback(commented.id, FeedbackSubmission(overall=2, visit_date=today, comment=COMMENT), "commenter")
        make_staff(EMAIL, "reviewer")
        slugs = (released.slug, discarded.slug, commented.slug)
        names = (released.name, discarded.name)
    with serve(app) as url:
        yield app, url, slugs, names


@pytest.fixture(scope="session")
def base_url(site):
    return site[1]


def aggregates(app) -> set:
    with app.app_context():
        rows = db.session.execute(select(ScoreAggregate.point_id, ScoreAggregate.quarter, ScoreAggregate.criterion,
                                         ScoreAggregate.count, ScoreAggregate.total)).all()
        return set(rows)


def test_staff_release_one_burst_and_discard_another(site, page):
    app, base_url, (released, discarded, _), (released_name, discarded_name) = site
    page.goto("/admin/login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/admin/")
    expect(page.locator(".alert")).to_contain_text("5 đánh giá đang giữ lại")
    page.get_by_role("link", name="Xem và quyết định").click()
    table = page.locator("table", has_text=HELD_BY_POINT)
    expect(table.get_by_role("row", name=released_name)).to_contain_text("Nhiều đánh giá đến cùng lúc")
    assert axe_violations(page) == []
    release = table.get_by_role("row", name=released_name).get_by_role("button", name="Tính vào điểm số")
    release.click()
    expect(page.locator(".flash-success")).to_contain_text(
        f"Đã tính 3 đánh giá của {released_name} vào điểm số.")
    page.locator("table").get_by_role("row", name=discarded_name).get_by_role("button", name="Loại bỏ").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Đã loại 2 đánh giá của {discarded_name}.")
    expect(page.locator("table", has_text=HELD_BY_POINT)).to_have_count(0)
    incremental = aggregates(app)
    with app.app_context():
        rebuild_aggregates()
        statuses = dict(db.session.execute(select(Feedback.rating_status, Feedback.id)).all())
    assert aggregates(app) == incremental and "held" not in statuses


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_citizen_reports_a_comment(site, browser, javascript):
    _app, base_url, (_, _, commented), _ = site
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"/points/{commented}")
    page.locator(".comment", has_text=COMMENT).get_by_role("link", name="Báo cáo vi phạm").click()
    expect(page.get_by_role("heading", name="Báo cáo một ý kiến vi phạm")).to_be_visible()
    if javascript:
        assert axe_violations(page) == []
    page.get_by_label("Lộ thông tin cá nhân (tên, số điện thoại, số CCCD…)").check()
    page.get_by_label("Ghi chú thêm (không bắt buộc, tối đa 300 ký tự)").fill("Nêu tên nhân viên")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("heading", name="Cảm ơn bạn đã báo cáo")).to_be_visible()
    context.close()

"""Acceptance 1 in Chromium: a rating changes the point's score and count without a reload (htmx),
and with JavaScript disabled through POST and 303; a repeat is explained in place."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Point, PointService
from app.services.feedback import FeedbackSubmission, submit_feedback
from app.clock import to_local, utcnow
from tests.browser.axe_check import axe_violations
from tests.browser.page_waits import wait_for_htmx
from tests.live_server import seeded_file_app, serve

REPEAT_HEADING = "Bạn đã đánh giá điểm phục vụ này trong 24 giờ qua"


@pytest.fixture(scope="session")
def feedback_site(tmp_path_factory):
    """A live server on 127.0.0.1 over a migrated, seeded SQLite file; three points with 5 ratings
    (rate limits on, as the test settings have them)."""
    app = seeded_file_app(tmp_path_factory.mktemp("feedback-browser") / "site.db", RATELIMIT_ENABLED=True)
    with app.app_context():
        slugs = rate_five_times(3)
    with serve(app) as url:
        yield {"url": url, "slugs": slugs, "app": app}


def rate_five_times(how_many: int) -> list[str]:
    """Give points five good ratings each, so their score shows before the test rates them."""
    with_services = select(PointService.point_id).distinct()
    points = db.session.scalars(select(Point).where(Point.id.in_(with_services)).order_by(Point.id)
                                .limit(how_many)).all()
    today = to_local(utcnow()).date()
    for point in points:
        for n in range(5):
            submission = FeedbackSubmission(overall=5, visit_date=today - timedelta(days=n))
            submit_feedback(point.id, submission, f"browser-seed-{point.id}-{n}")
    return [point.slug for point in points]


@pytest.fixture(scope="session")
def base_url(feedback_site):
    """Playwright's page.goto("/...") goes to the live server."""
    return feedback_site["url"]


def quality_texts(page) -> tuple[str, str]:
    """The overall score and the count as the quality block shows them."""
    return (page.locator("#quality .score-value").inner_text(),
            page.locator("#quality .score-count").inner_text())


def rate_very_dissatisfied(page) -> None:
    """Pick "Rất không hài lòng" for the overall satisfaction and send."""
    page.locator("#overall").get_by_text("Rất không hài lòng", exact=True).click()
    page.get_by_role("button", name="Gửi đánh giá").click()


def test_rating_with_htmx_updates_score_and_count_without_reload(page, feedback_site):
    slug = feedback_site["slugs"][0]
    page.goto(f"/points/{slug}/feedback")
    wait_for_htmx(page)
    score, count = quality_texts(page)
    assert score == "5,0/5" and "5 đánh giá" in count
    page.evaluate("window.__beforeRating = 'still here'")
    rate_very_dissatisfied(page)
    expect(page.get_by_role("heading", name="Cảm ơn bạn đã đánh giá!")).to_be_visible()
    expect(page.locator("#quality .score-count")).to_contain_text("6 đánh giá")
    new_score, _ = quality_texts(page)
    assert new_score != score and re.fullmatch(r"\d,\d/5", new_score)
    assert page.evaluate("window.__beforeRating") == "still here"  # no navigation happened
    assert page.url.endswith(f"/points/{slug}/feedback")
    assert axe_violations(page) == []


def test_a_repeat_within_24_hours_is_said_before_the_form_is_filled_in(page, feedback_site):
    slug = feedback_site["slugs"][0]
    page.goto(f"/points/{slug}/feedback")
    rate_very_dissatisfied(page)
    expect(page.get_by_role("heading", name="Cảm ơn bạn đã đánh giá!")).to_be_visible()
    page.goto(f"/points/{slug}/feedback")  # this browser, again
    expect(page.get_by_role("heading", name=REPEAT_HEADING)).to_be_visible()
    expect(page.locator("input[name='overall']")).to_have_count(0)  # no form to fill in for nothing


def test_a_repeat_from_a_form_opened_before_is_explained_in_place(page, feedback_site):
    slug = feedback_site["slugs"][2]
    page.goto(f"/points/{slug}/feedback")
    wait_for_htmx(page)
    other_tab = page.context.new_page()  # the same browser rates from another tab meanwhile
    other_tab.goto(f"/points/{slug}/feedback")
    rate_very_dissatisfied(other_tab)
    expect(other_tab.get_by_role("heading", name="Cảm ơn bạn đã đánh giá!")).to_be_visible()
    page.evaluate("window.__beforeRating = 'still here'")
    rate_very_dissatisfied(page)
    expect(page.get_by_role("heading", name=REPEAT_HEADING)).to_be_visible()
    assert page.evaluate("window.__beforeRating") == "still here"


def test_rating_without_javascript_posts_and_follows_303(browser, feedback_site):
    context = browser.new_context(java_script_enabled=False, base_url=feedback_site["url"])
    page = context.new_page()
    statuses = []
    page.on("response", lambda response: statuses.append((response.request.method, response.status)))
    slug = feedback_site["slugs"][1]
    page.goto(f"/points/{slug}/feedback")
    score, count = quality_texts(page)
    assert re.fullmatch(r"\d,\d/5", score) and "5 đánh giá" in count
    rate_very_dissatisfied(page)
    page.wait_for_url(re.compile(rf"/points/{slug}/feedback/thanks"))
    assert ("POST", 303) in statuses
    expect(page.get_by_role("heading", name="Cảm ơn bạn đã đánh giá!")).to_be_visible()
    new_score, new_count = quality_texts(page)
    assert "6 đánh giá" in new_count and new_score != score
    context.close()


def test_form_errors_are_shown_next_to_the_fields(page, feedback_site):
    page.goto(f"/points/{feedback_site['slugs'][2]}/feedback")
    wait_for_htmx(page)
    assert axe_violations(page) == []
    page.get_by_label("Số điện thoại hoặc e-mail để nhận trả lời (không bắt buộc)").fill("0912 345 678")
    page.locator("#overall").get_by_text("Hài lòng", exact=True).click()
    page.get_by_role("button", name="Gửi đánh giá").click()
    error = page.locator("#consent-error")
    expect(error).to_contain_text("Hãy đánh dấu đồng ý")
    expect(page.locator(".form-errors")).to_be_focused()
    assert axe_violations(page) == []  # axe needs JavaScript: the checks run on the htmx pages



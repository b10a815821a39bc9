"""Acceptance 2 in Chromium: create an admin with the CLI, sign in, find the quarter's lowest-scoring
point, hide a comment with a reason (gone from the public page), reply to another (shown publicly),
enter an assessment (the ranking changes), export the ranking (the CSV matches the page); each of
those writes is in the audit log (acceptance 3); the staff pages pass axe and draw the map."""
import csv

import pytest
from playwright.sync_api import expect

from app.clock import current_quarter
from tests.browser.axe_check import axe_violations
from tests.admin_factories import PASSWORD, insert_feedback_row, make_staff, points, ratings, rebuild_aggregates
from tests.live_server import seeded_file_app, serve

EMAIL = "truong.phong@buudien.test"
HIDE_ME = "Nhân viên gắt gỏng với khách"
ANSWER_ME = "Phải chờ gần một giờ mới đến lượt"
REPLY = "Bưu điện đã bố trí thêm một quầy giờ cao điểm. Cảm ơn anh/chị."


def seed_journey(quarter: int) -> None:
    """The quarter's lowest point (two comments to moderate) and twenty better ones."""
    lowest, *others = points(21)
    ratings(lowest, [1, 2, 1, 1, 2, 2], quarter)
    insert_feedback_row(lowest, 1, quarter, comment=HIDE_ME, contact="0987 654 321")
    insert_feedback_row(lowest, 2, quarter, comment=ANSWER_ME)
    for index, point in enumerate(others):
        ratings(point, [4, 4, 5, 4, 3, 4 + index % 2], quarter)
    rebuild_aggregates()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on a real SQLite file, migrated, seeded, with the journey's ratings."""
    app = seeded_file_app(tmp_path_factory.mktemp("admin-live") / "live.db")
    with app.app_context():
        seed_journey(current_quarter())
    return app


@pytest.fixture(scope="session")
def base_url(live_app):
    """This module's own live server (its database holds the journey's ratings)."""
    with serve(live_app) as url:
        yield url


def wait_for_map(page) -> None:
    """Wait until the map shows its 65 units and 235 points (locators: the CSP forbids eval)."""
    page.locator(".admin-map path.leaflet-interactive").nth(65 + 235 - 1).wait_for(state="attached")


def ranking_rows(page) -> list[list[str]]:
    """The ranking table's rows as the browser shows them."""
    return [[" ".join(c.split()) for c in row.locator("td, th").all_inner_texts()]
            for row in page.locator("#ranking tbody tr").all()]


def test_staff_journey(live_app, page, base_url, tmp_path):
    problems = []
    page.on("console", lambda msg: problems.append((page.url, msg.text)) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    # An administrator created with the CLI signs in.
    result = live_app.test_cli_runner().invoke(args=["create-admin", EMAIL, "--password-stdin"],
                                               input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    page.goto("/admin/")
    assert page.url == f"{base_url}/admin/login?next=%2Fadmin%2F"
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/admin/")
    assert axe_violations(page) == []

    # The map draws (its script comes from our URL under the strict CSP): 65 units and 235 points.
    wait_for_map(page)

    # Lowest first: sort by the overall score (htmx swaps the table), descending then ascending.
    overall = page.locator("thead th").filter(has_text="Chung").get_by_role("link")
    overall.click()
    page.wait_for_url("**dir=desc**")
    expect(page.locator("thead th[aria-sort='descending']")).to_have_text("Chung ▼")
    page.locator("thead th").filter(has_text="Chung").get_by_role("link").click()
    page.wait_for_url("**dir=asc**")
    expect(page.locator("thead th[aria-sort='ascending']")).to_have_text("Chung ▲")
    # The swapped results bring a new map, drawn by its own script.
    expect(page.locator(".admin-map")).to_have_count(1)
    wait_for_map(page)
    first = page.locator("table.data tbody tr").first
    lowest_name = first.locator("th").inner_text()
    with live_app.app_context():
        lowest = points(1)[0]
    assert lowest_name == lowest.name
    first.get_by_role("link").click()
    page.wait_for_url(f"**/admin/points/{lowest.slug}**")
    assert page.get_by_text("0987 654 321").is_visible()  # the private contact, for staff only
    assert axe_violations(page) == []

    # Hide one comment with a reason: it leaves the public page.
    item = page.locator("article.feedback-item").filter(has_text=HIDE_ME)
    item.get_by_label("Lý do ẩn").fill("Lời lẽ xúc phạm nhân viên")
    item.get_by_role("button", name="Ẩn ý kiến").click()
    page.get_by_text("Đã ẩn ý kiến.").wait_for()
    page.goto(f"/points/{lowest.slug}")
    public = page.locator("#quality")
    assert ANSWER_ME in public.inner_text() and HIDE_ME not in page.content()
    assert "0987 654 321" not in page.content()

    # Reply to the other: the reply shows publicly under the comment.
    page.goto(f"/admin/points/{lowest.slug}")
    item = page.locator("article.feedback-item").filter(has_text=ANSWER_ME)
    item.get_by_label("Trả lời công khai").fill(REPLY)
    item.get_by_role("button", name="Lưu trả lời").click()
    page.get_by_text("Đã lưu câu trả lời công khai.").wait_for()
    page.goto(f"/points/{lowest.slug}")
    assert REPLY in page.locator("#quality").inner_text()

    # Enter an assessment: the ranking changes.
    page.goto("/admin/ranking")
    before = {row[2]: row[0] for row in ranking_rows(page)}
    assert before[lowest.name] != "1"
    page.goto(f"/admin/points/{lowest.slug}")
    page.get_by_role("link", name="Nhập điểm số đánh giá nội bộ").click()
    page.get_by_label("Chất lượng khâu phát").fill("100")
    page.get_by_label("Chất lượng dịch vụ bưu chính công ích").fill("98")
    page.get_by_label("Bưu cục kiểu mẫu – giao dịch viên chuyên nghiệp").fill("96")
    page.get_by_label("Ghi chú").fill("Kiểm tra đột xuất, quầy gọn gàng")
    page.get_by_role("button", name="Lưu điểm số").click()
    page.wait_for_url("**/admin/ranking?quarter=**")
    shown = ranking_rows(page)
    after = {row[2]: row[0] for row in shown}
    assert after[lowest.name] == "1" and after != before
    assert axe_violations(page) == []

    # Export the ranking: the CSV parses and matches the page.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải CSV xếp hạng").click()
    saved = tmp_path / "ranking.csv"
    download.value.save_as(saved)
    with open(saved, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert len(lines) == len(shown) == 235
    for line, row in zip(lines, shown):
        assert [line["Hạng"] or "–", line["Tên điểm"]] == [row[0], row[2]]
        combined = line["Điểm số tổng hợp"]
        combined = f"{float(combined):.2f}".replace(".", ",") if combined else "–"
        assert combined == row[7]

    # Each of those writes is in the audit log, by this administrator.
    page.goto("/admin/audit")
    log = [[" ".join(c.split()) for c in row.locator("td").all_inner_texts()]
           for row in page.locator("#audit tbody tr").all()]
    mine = [row[2] for row in log if row[1] == EMAIL]
    views = "Xem liên hệ riêng của người đánh giá"  # each point page that showed the contact
    writes = [action for action in mine if action != views]
    assert writes[:4] == ["Lưu điểm số đánh giá nội bộ", "Trả lời ý kiến", "Ẩn ý kiến (đã công bố → đã ẩn)",
                          "Đăng nhập"]
    assert mine.count(views) == 4  # opened, the hidden item swapped in, before replying, before assessing
    assert any(row[1] == "cli" and row[2] == "Tạo tài khoản" for row in log)
    assert problems == []


def test_other_staff_pages_pass_axe(live_app, page, base_url):
    with live_app.app_context():
        make_staff("kiem.duyet@buudien.test", "admin")
        slug = points(1)[0].slug
    page.goto("/admin/login")
    assert axe_violations(page) == []
    page.get_by_label("E-mail").fill("kiem.duyet@buudien.test")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/admin/")
    for url in ("/admin/moderation", "/admin/audit", "/admin/users", f"/admin/points/{slug}/assessment",
                "/admin/?lang=en", "/minh-bach"):
        page.goto(url)
        assert axe_violations(page) == [], url

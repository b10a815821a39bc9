"""Privacy in Chromium (acceptance 2): a citizen rates with a comment, notes the reference code,
asks for erasure on the notice page; an administrator erases it from the queue; the rating is gone
from the point page, the API, the CSV and the scores, and the status page says done. Pages pass axe."""
import csv
import io

import pytest
from playwright.sync_api import expect

from tests.admin_factories import PASSWORD, make_staff, points
from tests.browser.axe_check import axe_violations
from tests.live_server import seeded_file_app, serve

ADMIN = "quan.tri.du.lieu@buudien.test"
COMMENT = "Chờ lâu quá, quầy chỉ mở một cửa"


@pytest.fixture(scope="session")
def privacy_site(tmp_path_factory):
    app = seeded_file_app(tmp_path_factory.mktemp("privacy-browser") / "site.db")
    with app.app_context():
        (point,) = points(1)
        make_staff(ADMIN, "admin")
        slug, name = point.slug, point.name
    with serve(app) as url:
        yield app, url, slug, name


@pytest.fixture(scope="session")
def base_url(privacy_site):
    return privacy_site[1]


def ratings_in_api(page, slug: str) -> int:
    return page.request.get(f"/api/points/{slug}").json()["scores"]["overall"]["ratings"]


def ratings_in_csv(page, slug: str) -> int:
    text = page.request.get(f"/api/points.csv?q={slug.replace('-', ' ')}").text()
    rows = [row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))) if row["slug"] == slug]
    return int(rows[0]["ratings"])


def test_rate_then_ask_for_erasure_and_staff_erase_it(privacy_site, page, browser):
    _app, base_url, slug, name = privacy_site
    before_api, before_csv = ratings_in_api(page, slug), ratings_in_csv(page, slug)
    page.goto(f"/points/{slug}/feedback")
    page.locator("#overall").get_by_text("Rất không hài lòng", exact=True).click()
    page.get_by_label("Ý kiến của bạn (không bắt buộc)").fill(COMMENT)
    page.get_by_role("button", name="Gửi đánh giá").click()
    code = page.locator("#reference-code").inner_text()
    assert len(code) == 14 and axe_violations(page) == []
    assert ratings_in_api(page, slug) == before_api + 1 and ratings_in_csv(page, slug) == before_csv + 1

    page.get_by_role("link", name="Quyền riêng tư").first.click()
    expect(page.get_by_role("heading", name="Quyền riêng tư", level=1)).to_be_visible()
    assert axe_violations(page) == []
    request_form = page.locator("form", has=page.get_by_role("button", name="Gửi yêu cầu"))
    request_form.get_by_label("Mã tham chiếu của đánh giá").fill(code.lower())
    request_form.get_by_label("Xóa toàn bộ đánh giá (cả ý kiến và liên hệ)").check()
    request_form.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.locator("#requests")).to_contain_text("Đã tiếp nhận, đang xử lý")
    assert axe_violations(page) == []

    staff = browser.new_context(base_url=base_url).new_page()
    staff.goto("/admin/login")
    staff.get_by_label("E-mail").fill(ADMIN)
    staff.get_by_label("Mật khẩu").fill(PASSWORD)
    staff.get_by_role("button", name="Đăng nhập").click()
    staff.get_by_role("link", name="Yêu cầu về dữ liệu cá nhân").click()
    item = staff.locator(".privacy-request", has_text="Xóa toàn bộ đánh giá")
    expect(item).to_contain_text(name)
    assert axe_violations(staff) == []
    item.get_by_role("button", name="Xóa theo yêu cầu").click()
    expect(staff.locator(".flash")).to_contain_text("Đã xóa dữ liệu theo yêu cầu.")
    staff.context.close()

    assert ratings_in_api(page, slug) == before_api and ratings_in_csv(page, slug) == before_csv
    page.goto(f"/points/{slug}")
    expect(page.locator("#quality")).not_to_contain_text(COMMENT)
    page.goto("/quyen-rieng-tu")
    status_form = page.locator("form", has=page.get_by_role("button", name="Xem tình trạng"))
    status_form.get_by_label("Mã tham chiếu của đánh giá").fill(code)
    status_form.get_by_role("button", name="Xem tình trạng").click()
    expect(page.locator("#requests tbody tr").first).to_contain_text("Đã thực hiện")

"""Acceptance 1 of the quarter cycle in Chromium: an administrator closes last quarter, a citizen's
rating sent afterwards counts in the open quarter while the frozen ranking stays as it was, the
quarter is published and found on /minh-bach, then reopened with a reason; axe on each new page."""
import pytest
from playwright.sync_api import expect

from app.clock import current_quarter
from app.scoring import previous_quarter, quarter_label
from tests.admin_factories import PASSWORD, make_staff, points, ratings, rebuild_aggregates
from tests.browser.axe_check import axe_violations
from tests.browser.page_waits import wait_for_htmx
from tests.live_server import seeded_file_app, serve

EMAIL = "giam.doc@buudien.test"
Q = current_quarter()
P = previous_quarter(Q)
PA = f"{P // 10}-Q{P % 10}"
REASON = "Bổ sung điểm khâu phát còn thiếu của hai bưu cục"


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """A seeded site where three points were rated last quarter, and an administrator."""
    app = seeded_file_app(tmp_path_factory.mktemp("quarter-live") / "live.db")
    with app.app_context():
        for values, point in zip(([5, 5, 5, 4, 5, 5], [4, 4, 3, 4, 4, 4], [2, 3, 2, 2, 3, 2]), points(3)):
            ratings(point, values, P)
        rebuild_aggregates()
        make_staff(EMAIL, "admin")
    return app


@pytest.fixture(scope="session")
def base_url(live_app):
    """This module's own live server."""
    with serve(live_app) as url:
        yield url


def ranking_rows(page) -> list[list[str]]:
    return [[" ".join(c.split()) for c in row.locator("td, th").all_inner_texts()]
            for row in page.locator("#ranking tbody tr").all()]


def sign_in(page, base_url) -> None:
    page.goto("/admin/login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/admin/")


def test_close_publish_and_reopen_a_quarter(page, base_url, browser):
    sign_in(page, base_url)
    page.goto(f"/admin/ranking?quarter={PA}")
    state = page.locator("#quarter-state")
    expect(state).to_contain_text("Đang mở")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Đóng quý và chốt xếp hạng").click()
    expect(state).to_contain_text("Đã đóng lúc")
    expect(state).to_contain_text(EMAIL)
    frozen = ranking_rows(page)
    leader = frozen[0][2]
    assert [row[0] for row in frozen[:3]] == ["1", "2", "3"]
    assert axe_violations(page) == []

    # A citizen rates the leader after the closing (another browser, no staff session).
    code = page.locator("#ranking tbody tr").first.get_attribute("data-point")
    leader_link = page.locator("#ranking tbody tr").first.locator("th a").get_attribute("href")
    citizen = browser.new_page(base_url=base_url)
    citizen.goto(leader_link.replace("/admin/points/", "/points/").split("?")[0] + "/feedback")
    wait_for_htmx(citizen)
    citizen.locator("#overall").get_by_text("Rất không hài lòng", exact=True).click()
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_role("heading", name="Cảm ơn bạn đã đánh giá!")).to_be_visible()
    citizen.close()

    page.reload()
    assert ranking_rows(page) == frozen  # the snapshot did not move
    page.goto(f"/admin/ranking?quarter={Q // 10}-Q{Q % 10}")
    row = page.locator(f"#ranking tbody tr[data-point='{code}']")
    expect(row).to_contain_text("(1)")  # counted in the open quarter

    # Publish, then find it on the public transparency page.
    page.goto(f"/admin/ranking?quarter={PA}")
    page.get_by_role("button", name="Công bố trên trang Minh bạch").click()
    expect(state).to_contain_text("Đã công bố trên trang Minh bạch")
    page.goto("/admin/reports/" + PA)
    expect(page.locator("#report-ranking tbody tr").first).to_contain_text(leader)
    assert axe_violations(page) == []

    public = browser.new_page(base_url=base_url)
    public.goto("/minh-bach")
    public.get_by_role("link", name=f"Xếp hạng {quarter_label(P)}").click()
    expect(public.locator("#public-ranking tbody tr").first).to_contain_text(leader)
    assert public.locator("#public-ranking tbody tr").count() == 3
    assert axe_violations(public) == []

    # Reopen with a reason: the public page goes, the ranking is live again.
    page.goto(f"/admin/ranking?quarter={PA}")
    page.get_by_label("Lý do mở lại (bắt buộc)").fill(REASON)
    page.get_by_role("button", name="Mở lại quý").click()
    expect(state).to_contain_text("Đang mở")
    expect(state).to_contain_text(REASON)
    assert axe_violations(page) == []
    assert public.goto(f"/minh-bach/xep-hang?quarter={PA}").status == 404
    public.close()

"""Staff pages in Chromium: hiding, replying and publishing swap the item in place and keep the
moderator's place (with htmx the window does not move; without JavaScript the redirect lands on
the item's anchor), and no staff page of the URL map scrolls sideways at 1280 px."""
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app import maps
from app.admin.params import quarter_arg
from app.clock import current_quarter
from app.extensions import db
from app.models import AdminUser, Feedback, ImportRun, PrivacyRequest
from app.permissions import SIGN_IN_STEPS
from app.registry.reader import read_table
from app.registry_admin.uploads import save_upload
from app.scoring import previous_quarter
from tests.admin_factories import PASSWORD, insert_feedback_row, make_staff, points, rebuild_aggregates
from tests.browser.axe_check import axe_violations
from tests.browser.page_waits import wait_for_htmx
from tests.live_server import seeded_file_app, serve
from tests.url_map import build_url

EMAIL = "kiem.duyet@buudien.test"
COMMENTS = 16  # one page of the point's feedback (20 a page), the last ones far below the first screen
HELD = 8
TEMPLATE_CSV = Path(__file__).resolve().parents[2] / "data" / "import_template.csv"


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on a real SQLite file with one point's many published comments and held ones."""
    app = seeded_file_app(tmp_path_factory.mktemp("staff-pages") / "live.db")
    with app.app_context():
        first, second = points(2)
        quarter = current_quarter()
        for n in range(COMMENTS):
            insert_feedback_row(first, 1 + n % 5, quarter, comment=f"Ý kiến số {n + 1} về quầy giao dịch")
        for n in range(HELD):
            insert_feedback_row(second, 2, quarter, status="held", hold_reason="link",
                                comment=f"Ý kiến chờ duyệt số {n + 1}: xem http://x.example")
        rebuild_aggregates()
        make_staff(EMAIL, "admin")
    return app


@pytest.fixture(scope="session")
def slug(live_app) -> str:
    """The slug of the point given the published comments."""
    with live_app.app_context():
        return points(1)[0].slug


@pytest.fixture(scope="session")
def base_url(live_app):
    """This module's own live server (its database holds the comments to moderate)."""
    with serve(live_app) as url:
        yield url


def sign_in(page) -> None:
    """Sign in through the form, as staff do."""
    page.goto("/admin/login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")


def scroll_y(page) -> float:
    """How far down the window is scrolled."""
    return page.evaluate("() => window.scrollY")


def items(page, selector: str = "article.feedback-item"):
    """The feedback items of the page, top to bottom."""
    return page.locator(selector)


def test_hide_and_reply_swap_the_item_and_keep_the_place(page, slug):
    """On a point's page: hide the next-to-last comment, reply to the last; the window stays put."""
    sign_in(page)
    page.goto(f"/admin/points/{slug}")
    wait_for_htmx(page)
    listed = items(page)
    assert listed.count() >= COMMENTS
    target = listed.nth(COMMENTS - 2)
    hide = target.get_by_role("button", name="Ẩn ý kiến")
    hide.scroll_into_view_if_needed()
    target.get_by_label("Lý do ẩn").fill("Có thông tin cá nhân")
    before = scroll_y(page)
    assert before > 1000  # far down the page
    target_id = target.get_attribute("id")
    hide.click()
    swapped = page.locator(f"#{target_id}")
    expect(swapped.locator(".status")).to_have_text("Đã ẩn")
    expect(swapped.locator(".flash")).to_have_text("Đã ẩn ý kiến.")
    expect(swapped.get_by_text("Lý do ẩn: Có thông tin cá nhân")).to_be_visible()
    assert abs(scroll_y(page) - before) <= 5
    assert page.url.endswith(f"/admin/points/{slug}")  # no page load
    assert axe_violations(page) == []

    last = items(page).nth(COMMENTS - 1)
    last_id = last.get_attribute("id")
    last.get_by_role("button", name="Lưu trả lời").scroll_into_view_if_needed()
    last.get_by_label("Trả lời công khai").fill("Bưu điện đã ghi nhận và sẽ sắp xếp thêm quầy.")
    before = scroll_y(page)
    last.get_by_role("button", name="Lưu trả lời").click()
    swapped = page.locator(f"#{last_id}")
    expect(swapped.locator(".flash")).to_have_text("Đã lưu câu trả lời công khai.")
    expect(swapped.locator(".reply")).to_contain_text("Bưu điện đã ghi nhận và sẽ sắp xếp thêm quầy.")
    assert abs(scroll_y(page) - before) <= 5


def test_publish_in_the_queue_keeps_the_place(page):
    """In the moderation queue: publishing a held comment far down swaps it in place."""
    page.set_viewport_size({"width": 1280, "height": 600})
    sign_in(page)
    page.goto("/admin/moderation")
    wait_for_htmx(page)
    target = items(page).nth(HELD - 1)
    target_id = target.get_attribute("id")
    publish = target.get_by_role("button", name="Công bố")
    publish.scroll_into_view_if_needed()
    before = scroll_y(page)
    assert before > 600
    publish.click()
    expect(page.locator(f"#{target_id} .status")).to_have_text("Đã công bố")
    expect(page.locator(f"#{target_id} .flash")).to_have_text("Đã công bố ý kiến.")
    assert abs(scroll_y(page) - before) <= 5


def test_without_javascript_the_redirect_keeps_the_place(browser, base_url, slug):
    """Without JavaScript the form posts, and the redirect comes back to the item's anchor (in the
    queue, once the item left it, to the next one's)."""
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page)
        page.goto(f"/admin/points/{slug}")
        target = items(page).nth(COMMENTS - 3)
        target_id = target.get_attribute("id")
        target.get_by_label("Trả lời công khai").fill("Cảm ơn anh/chị đã góp ý.")
        target.get_by_role("button", name="Lưu trả lời").click()
        page.wait_for_url(f"**#{target_id}")
        landed = page.locator(f"#{target_id}")
        expect(landed.locator(".reply")).to_contain_text("Cảm ơn anh/chị đã góp ý.")
        top = landed.bounding_box()["y"]
        assert scroll_y(page) > 1000 and -5 <= top <= 5  # the item at the top of the window

        # In the queue a published comment leaves it: the redirect lands on the one that followed.
        page.goto("/admin/moderation")
        first, following = (items(page).nth(n).get_attribute("id") for n in (0, 1))
        items(page).first.get_by_role("button", name="Công bố").click()
        page.wait_for_url(f"**/admin/moderation#{following}")
        assert page.locator(f"#{first}").count() == 0
        expect(page.locator(".flashes")).to_contain_text("Đã công bố ý kiến.")
    finally:
        context.close()


@pytest.fixture(scope="session")
def staff_urls(live_app, slug, tmp_path_factory) -> list[str]:
    """Every staff GET page of the URL map, its parameters filled with rows of the live site."""
    upload_dir = tmp_path_factory.mktemp("uploads")
    live_app.config["IMPORT_UPLOAD_DIR"] = str(upload_dir)
    with live_app.app_context():
        run = ImportRun(filename="danh-sach.csv", actor=EMAIL)
        held = db.session.scalar(select(Feedback).where(Feedback.comment_status == "held").limit(1))
        request = PrivacyRequest(reference_hash="2" * 64, feedback_id=held.id, kind="correct", details="Sửa",
                                 reply_due=date(2027, 1, 4), complete_due=date(2027, 1, 15))
        db.session.add_all([run, request])
        db.session.commit()
        user = db.session.scalar(select(AdminUser).where(AdminUser.email == EMAIL))
        table = read_table(TEMPLATE_CSV.name, TEMPLATE_CSV.read_bytes())
        values = {"slug": slug, "feedback_id": held.id, "user_id": user.id, "run_id": run.id,
                  "request_id": request.id, "token": save_upload(user.id, TEMPLATE_CSV.name, table, False),
                  "quarter": quarter_arg(previous_quarter(current_quarter())),
                  ("admin.overview_map", "token"): maps.admin_map_token()}
        rules = [r for r in live_app.url_map.iter_rules()
                 if r.rule.startswith("/admin") and "GET" in r.methods and r.endpoint not in SIGN_IN_STEPS]
        return sorted(build_url(rule, values) for rule in rules)


def sideways(page) -> dict:
    """How much wider than the window the page is, and each scrolling table than its box."""
    return page.evaluate("""() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        tables: [...document.querySelectorAll('.table-scroll')]
            .filter(box => box.scrollWidth > box.clientWidth + 1)
            .map(box => box.getAttribute('aria-labelledby') + ': ' + (box.scrollWidth - box.clientWidth)),
    })""")


def test_no_staff_page_scrolls_sideways_at_1280px(page, staff_urls):
    """At 1280 px neither a staff page nor any of its tables needs sideways scrolling; axe finds
    nothing on them."""
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page)
    checked, wide, violations = [], {}, {}
    for url in staff_urls:
        response = page.request.get(url)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        page.goto(url)
        checked.append(url)
        found = sideways(page)
        if found["page"] > 0 or found["tables"]:
            wide[url] = found
        if axe_violations(page):
            violations[url] = axe_violations(page)
    assert wide == {} and violations == {}
    assert {"/admin/", "/admin/ranking", "/admin/audit", "/admin/moderation",
            "/admin/import/"} <= set(checked)


def test_at_1280px_the_staff_menu_is_one_line_with_the_account_after_it(page):
    """An administrator's seven links fit one line; the account and sign-out come after them."""
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page)
    tops = page.eval_on_selector_all(".admin-nav li", "items => items.map(li => li.getBoundingClientRect().top)")
    assert len(tops) == 7 and max(tops) - min(tops) < 2, tops
    logout = page.get_by_role("button", name="Đăng xuất").bounding_box()
    assert logout["y"] >= max(tops) and logout["x"] + logout["width"] > 1280 - 40  # after them, at the right


def test_on_a_phone_the_overview_rows_are_cards_with_their_scores(page):
    """At 375 px each point is a card: no sideways scrolling, every score and its heading in view."""
    page.set_viewport_size({"width": 375, "height": 667})
    sign_in(page)
    assert sideways(page) == {"page": 0, "tables": []}
    card = page.locator(".overview-table tbody tr").first
    expect(card.locator("th")).to_be_visible()
    cells = card.locator("td")
    assert cells.count() == 10
    for n in range(cells.count()):
        box = cells.nth(n).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, cells.nth(n).inner_text()
    overall = card.locator("td[data-label='Chung']")
    shown_heading = overall.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert shown_heading == '"Chung"' and re.fullmatch(r"\d,\d\d", overall.inner_text())
    assert axe_violations(page) == []

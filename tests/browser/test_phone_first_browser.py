"""The directory on a 375×667 touch phone ("[phone-first]"): results in the first screen, filters
folded into one line, a map that lets the page scroll under one finger and moves under two, taps
that reach small dots, outlines and a notice when the tiles do not load, popups that say whether
the point is open, and a point page's map that cannot be dragged away."""
import re
import socket

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Unit
from tests.browser.page_waits import wait_until_still
from tests.live_server import seeded_file_app, serve

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2,
         "user_agent": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0.0.0 Mobile Safari/537.36"}
SCREEN_HEIGHT = PHONE["viewport"]["height"]
DRAWN = ".map-frame[data-map-drawn]"
MARKERS = f"{DRAWN} path.leaflet-interactive"
OUTLINES = f"{DRAWN} path.commune-outline"
NOTICE = "Không tải được nền bản đồ; vẫn xem được ranh giới xã và các điểm"
TILE_CREDIT = "Nền bản đồ thử nghiệm"


@pytest.fixture
def phone(browser, base_url):
    """A page in a touch phone's browser context on the shared live site."""
    context = browser.new_context(base_url=base_url, **PHONE)
    yield context.new_page()
    context.close()

TAP_TARGET = 44 - 0.01  # px; layout rounds 44 px to 43.99998 at some zoom levels

def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (tiles asked from it fail at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def blocked_tiles_site(tmp_path_factory):
    """The site with a tile server set that cannot be reached, as on a line that drops them. Its
    own page cache is off: the shared site would otherwise answer the same URLs from its cache."""
    tiles = f"http://127.0.0.1:{closed_port()}/{{z}}/{{x}}/{{y}}.png"
    app = seeded_file_app(tmp_path_factory.mktemp("tiles") / "tiles.db", MAP_TILES_URL=tiles,
                          MAP_TILES_ATTRIBUTION=TILE_CREDIT, PAGE_CACHE=False)
    with serve(app) as url:
        yield url


def document_top(locator) -> float:
    """The element's top in the document (not the viewport), in CSS pixels."""
    return locator.evaluate("e => e.getBoundingClientRect().top + window.scrollY")


def show_map(page) -> None:
    """Bring the map into view (it loads then) and wait until it is drawn."""
    page.locator(".map-frame").scroll_into_view_if_needed()
    expect(page.locator(DRAWN)).to_have_count(1)
    expect(page.locator(MARKERS).first).to_be_attached()
    wait_until_still(page.locator(MARKERS).first)


def touch(cdp, kind: str, points: list[tuple[float, float]]) -> None:
    """One touch event through Chromium's input pipeline (what a finger does, gestures included)."""
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
        {"x": x, "y": y, "id": n, "radiusX": 5, "radiusY": 5, "force": 1} for n, (x, y) in enumerate(points)]})


def swipe(page, start: list[tuple[float, float]], dy: float, steps: int = 12) -> None:
    """Fingers put down at `start`, moved by dy pixels (negative: up) and lifted."""
    cdp = page.context.new_cdp_session(page)
    touch(cdp, "touchStart", start)
    for step in range(1, steps + 1):
        touch(cdp, "touchMove", [(x, y + dy * step / steps) for x, y in start])
        page.wait_for_timeout(16)
    touch(cdp, "touchEnd", [])
    cdp.detach()


def marker_centres(page) -> list[dict]:
    """The dots' centres in the viewport."""
    return page.locator(MARKERS).evaluate_all(
        "paths => paths.map(p => { const b = p.getBoundingClientRect();"
        " return {x: b.left + b.width / 2, y: b.top + b.height / 2, r: b.width / 2}; })")


def test_after_typing_the_box_the_count_and_the_first_results_are_in_the_first_screen(phone):
    phone.goto("/")
    phone.locator("#q").press_sequentially("huu lung", delay=20)
    expect(phone.locator("#result-count")).to_contain_text("Tìm thấy 37 điểm phục vụ")
    expect(phone.locator(".point-list .point-name a").first).to_have_text("Bưu cục Hữu Lũng")
    assert phone.evaluate("window.scrollY") == 0
    first = phone.locator(".point-list .point-row").first
    assert document_top(first) <= SCREEN_HEIGHT
    assert document_top(first) + first.bounding_box()["height"] <= SCREEN_HEIGHT  # the whole first row
    assert document_top(phone.locator("#result-count")) < document_top(first)
    # "Gần tôi" sits beside the box, and the filters take one line.
    box, near = phone.locator("#q").bounding_box(), phone.get_by_role("button", name="Gần tôi").bounding_box()
    assert abs(near["y"] - box["y"]) < 4 and near["x"] > box["x"] + box["width"]
    assert phone.locator(".filter-panel > summary").bounding_box()["height"] <= 48
    expect(phone.locator("#type")).to_be_hidden()
    # The banner is one short line that links to an explanation of the data.
    banner = phone.locator(".notice-illustrative")
    expect(banner).to_contain_text("Dữ liệu minh họa")
    assert banner.bounding_box()["height"] <= 40
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_filters_summary_names_the_chosen_ones_and_follows_changes(phone, live_app):
    with live_app.app_context():
        code, name = db.session.execute(select(Unit.code, Unit.name).where(Unit.name == "Xã Hữu Lũng")).one()
    phone.goto(f"/?type=buu-cuc&unit={code}")
    summary = phone.locator(".filter-panel > summary")
    expect(summary).to_have_text(f"Bộ lọc: Bưu cục · {name}")
    summary.tap()
    expect(phone.locator("#type")).to_be_visible()
    phone.locator("#type").select_option("")
    phone.locator("#open_now").check()
    expect(summary).to_have_text(f"Bộ lọc: {name} · Đang mở cửa")
    expect(phone).to_have_url(re.compile(r"open_now=1"))
    phone.goto("/")
    expect(summary).to_have_text("Bộ lọc")


def test_one_finger_scrolls_the_page_over_the_map_and_two_fingers_move_the_map(phone):
    phone.goto("/")
    show_map(phone)
    frame = phone.locator(".map-frame")
    phone.evaluate("window.scrollTo(0, document.querySelector('.map-frame').getBoundingClientRect().top"
                   " + window.scrollY - 80)")  # the map fills the screen below a strip of page
    box = frame.bounding_box()
    before, dot = phone.evaluate("window.scrollY"), phone.locator(MARKERS).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, min(box["y"] + box["height"] - 20, SCREEN_HEIGHT - 20)
    swipe(phone, [(x, y)], -300)
    expect(frame.locator(".leaflet-container")).to_have_class(re.compile("map-hint-on"))  # "two fingers"
    phone.wait_for_timeout(300)
    assert phone.evaluate("window.scrollY") - before >= 100, "one finger should scroll the page"
    moved = phone.locator(MARKERS).first.bounding_box()
    assert abs(moved["x"] - dot["x"]) < 1, "one finger should not pan the map"
    # Two fingers move the map, and not the page.
    scrolled, box = phone.evaluate("window.scrollY"), frame.bounding_box()
    y = box["y"] + box["height"] / 2
    swipe(phone, [(box["x"] + 120, y), (box["x"] + 220, y)], -120)
    phone.wait_for_timeout(400)
    after = phone.locator(MARKERS).first.bounding_box()
    assert abs(after["y"] - moved["y"]) >= 60, "two fingers should pan the map"
    assert abs(phone.evaluate("window.scrollY") - scrolled) < 20


def test_a_tap_beside_a_small_dot_opens_its_popup_which_says_open_or_closed(phone):
    phone.goto("/?q=dong+dang")
    show_map(phone)
    phone.locator(".map-frame").scroll_into_view_if_needed()
    wait_until_still(phone.locator(MARKERS).first)  # the page and the map both at rest
    box, centres = phone.locator(".map-frame").bounding_box(), marker_centres(phone)
    inside = [d for d in centres if box["x"] + 60 < d["x"] < box["x"] + box["width"] - 30
              and box["y"] + 30 < d["y"] < box["y"] + box["height"] - 40]
    alone = [d for d in inside if all(((d["x"] - o["x"]) ** 2 + (d["y"] - o["y"]) ** 2) ** 0.5 > 60
                                      for o in centres if o is not d)]
    assert alone, "a dot away from the others"
    dot = alone[0]
    assert dot["r"] * 2 < 20  # the dot itself is small ...
    phone.touchscreen.tap(dot["x"] + 17, dot["y"] - 8)  # ... the tap lands 19 px off its centre
    popup = phone.locator(".map-popup .leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(re.compile("Đang mở cửa|Đã đóng cửa"))
    expect(popup).to_contain_text(re.compile(r"Hôm nay(: \d\d:\d\d–\d\d:\d\d| nghỉ)"))
    expect(popup).to_contain_text("Lạng Sơn")  # the address
    link = popup.locator("a")
    expect(link).to_have_attribute("href", re.compile(r"^/points/[a-z0-9-]+$"))
    assert link.bounding_box()["height"] >= TAP_TARGET
    close = phone.locator(".map-popup .leaflet-popup-close-button").bounding_box()
    assert close["width"] >= TAP_TARGET and close["height"] >= TAP_TARGET
    zoom_in = phone.locator(".leaflet-control-zoom-in").bounding_box()
    assert zoom_in["width"] >= TAP_TARGET and zoom_in["height"] >= TAP_TARGET


def test_without_tiles_the_outlines_show_with_a_notice_and_no_tile_credit(browser, blocked_tiles_site):
    context = browser.new_context(base_url=blocked_tiles_site, **PHONE)
    try:
        page = context.new_page()
        failed_tiles = []
        page.on("requestfailed", lambda request: failed_tiles.append(request.url)
                if request.url.endswith(".png") else None)
        page.goto("/")
        show_map(page)
        expect(page.locator(".map-notice")).to_have_text(NOTICE)
        assert page.locator(OUTLINES).count() >= 65
        expect(page.locator(".leaflet-control-attribution")).not_to_contain_text(TILE_CREDIT)
        assert failed_tiles, "the tiles were asked for, and failed"
    finally:
        context.close()


def test_a_site_without_a_tile_server_says_so_too(phone):
    phone.goto("/")
    show_map(phone)
    expect(phone.locator(".map-notice")).to_have_text(NOTICE)
    assert phone.locator(OUTLINES).count() >= 65


def test_the_point_pages_map_keeps_its_point(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto("/points/buu-cuc-huu-lung")
        show_map(page)
        expect(page.locator(".map-notice")).to_have_text(NOTICE)
        assert page.locator(OUTLINES).count() >= 1
        dot = page.locator(MARKERS).first.bounding_box()
        page.mouse.move(dot["x"] + 40, dot["y"] + 40)
        page.mouse.down()
        page.mouse.move(dot["x"] + 240, dot["y"] + 140, steps=10)
        page.mouse.up()
        page.wait_for_timeout(300)
        after = page.locator(MARKERS).first.bounding_box()
        assert abs(after["x"] - dot["x"]) < 1 and abs(after["y"] - dot["y"]) < 1
    finally:
        context.close()

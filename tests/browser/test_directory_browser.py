"""The directory in Chromium (acceptance 3): active search updates the list, the count, the map and
the URL without a page load; the map shows every result and its popups lead to the point pages;
without JavaScript the same query by form submit gives the same list. Also: Back, near me, the
language switch after a search, and axe-core."""
import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.axe_check import axe_violations
from tests.browser.page_waits import wait_until_still

MARKERS = ".map-frame[data-map-drawn] path.leaflet-interactive"
ROW_LINKS = ".point-list .point-name a"


def total_of(page) -> int:
    """The result count the page announces."""
    return int(re.search(r"(\d+) điểm", page.locator("#result-count").inner_text()).group(1))


def wait_for_map(page, markers: int) -> None:
    """The map is drawn (lazily, once in view) with that many circle markers."""
    page.locator(".map-frame").scroll_into_view_if_needed()
    expect(page.locator(MARKERS)).to_have_count(markers)


def search(page, text: str) -> None:
    """Type a query as a person does and wait until the list has followed."""
    page.locator("#q").fill(text)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(page.locator("#search-form")).not_to_have_class(re.compile("htmx-request"))


def test_typing_updates_list_count_map_and_url_without_reload(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    wait_for_map(page, 235)
    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 235 điểm phục vụ")
    page.evaluate("window.sameDocument = true")
    page.locator("#q").press_sequentially("huu lung", delay=20)
    expect(page).to_have_url(re.compile(r"/\?q=huu(%20|\+)lung$"))
    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 37 điểm phục vụ")
    expect(page.locator(ROW_LINKS).first).to_have_text("Bưu cục Hữu Lũng")
    expect(page).to_have_title(re.compile(r"^huu lung – "))
    wait_for_map(page, 37)  # every result, not only the 20 of the first page
    assert page.evaluate("window.sameDocument") is True  # no page load happened
    assert errors == []


def test_filters_update_the_list_and_map_too(page):
    page.goto("/?q=huu+lung")
    page.locator("#type").select_option("bdvhx")
    expect(page).to_have_url(re.compile(r"type=bdvhx"))
    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 10 điểm phục vụ")
    wait_for_map(page, 10)
    labels = page.locator(".point-list .point-meta").all_inner_texts()
    assert len(labels) == 10 and all("Điểm Bưu điện – Văn hóa xã" in label for label in labels)


def test_back_restores_the_previous_results(page):
    page.goto("/?q=huu+lung")
    page.locator("#type").select_option("kiot")
    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 7 điểm phục vụ")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/\?q=huu\+lung$"))
    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 37 điểm phục vụ")
    expect(page.locator("#type")).to_have_value("")


def test_a_popup_leads_to_the_point_page(page):
    page.goto("/?q=dong+dang")
    wait_for_map(page, total_of(page))
    page.locator(MARKERS).first.click(force=True)
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_be_visible()
    wait_until_still(link)  # a popup opened near the edge slides into view first (Leaflet's autoPan)
    name = link.inner_text()
    link.click()
    expect(page).to_have_url(re.compile(r"/points/[a-z0-9-]+$"))
    expect(page.locator("h1")).to_have_text(name)
    wait_for_map(page, 1)  # the point page's own small map


def test_the_mouse_wheel_scrolls_the_page_until_the_map_is_clicked(page):
    page.goto("/")
    wait_for_map(page, total_of(page))
    frame, marker = page.locator(".map-frame .leaflet-container"), page.locator(MARKERS).first

    def marker_in_map() -> tuple[float, float]:
        dot, box = marker.bounding_box(), frame.bounding_box()
        return round(dot["x"] - box["x"]), round(dot["y"] - box["y"])

    box = frame.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6)
    before, scrolled = marker_in_map(), page.evaluate("() => window.scrollY")
    page.mouse.wheel(0, -200 if scrolled > 200 else 200)  # whichever way the page can go
    page.wait_for_function("y => window.scrollY !== y", arg=scrolled)
    assert marker_in_map() == before  # the page scrolled; the map kept its zoom
    frame.click(position={"x": 5, "y": box["height"] - 5})  # a corner without a point
    box = frame.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6)
    page.mouse.wheel(0, -300)
    deadline = time.monotonic() + 5
    while marker_in_map() == before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert marker_in_map() != before  # once clicked, the wheel zooms the map


def test_without_javascript_a_form_submit_gives_the_same_results(browser, live_server, page):
    page.goto("/")
    search(page, "huu lung")
    expect(page.locator("#result-count")).to_contain_text("37")
    with_js = page.locator(ROW_LINKS).all_inner_texts()

    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto("/")
        plain.locator("#q").fill("huu lung")
        plain.get_by_role("button", name="Tìm", exact=True).click()
        expect(plain).to_have_url(re.compile(r"/\?q=huu\+lung"))
        expect(plain.locator("#result-count")).to_contain_text("Tìm thấy 37 điểm phục vụ")
        assert plain.locator(ROW_LINKS).all_inner_texts() == with_js
        assert plain.locator("[data-near-me]").is_hidden()  # needs JavaScript: not offered
    finally:
        context.close()


def test_near_me_sorts_by_distance(browser, live_server):
    context = browser.new_context(base_url=live_server, permissions=["geolocation"],
                                  geolocation={"latitude": 21.8537, "longitude": 106.7615})
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("button", name="Gần tôi").click()
        expect(page).to_have_url(re.compile(r"near=21\.854(%2C|,)106\.76[12]$"))
        expect(page.locator("#result-count")).to_contain_text("gần nhất trước")
        distances = page.locator(".point-list .distance").all_inner_texts()
        assert len(distances) == 20
        metres = [float(d.split()[1].replace(".", "").replace(",", ".")) * (1 if d.endswith(" m") else 1000)
                  for d in distances]
        assert metres == sorted(metres)
    finally:
        context.close()


def test_language_switch_after_a_search_keeps_it(page):
    page.goto("/")
    search(page, "dong dang")
    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 6")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#q")).to_have_value("dong dang")
    expect(page.locator("#result-count")).to_contain_text("Found 6 service points")


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
@pytest.mark.parametrize("path", ["/", "/?q=huu+lung&type=bdvhx", "/points?q=xyzzy", "/points/buu-cuc-huu-lung"])
def test_no_axe_violations(page, path):
    page.goto(path)
    if page.locator(".map-frame").count():
        page.locator(".map-frame").scroll_into_view_if_needed()
        expect(page.locator(".map-frame[data-map-drawn]")).to_have_count(1)
    assert axe_violations(page, WCAG_21_AA) == []
    assert axe_violations(page) == []  # best practices too

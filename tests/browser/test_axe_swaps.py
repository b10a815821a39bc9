"""axe-core after htmx swaps, in Vietnamese and English: what a page becomes once htmx has swapped
part of it must pass as the full page did — the directory after an active search (results, and no
results with suggestions), the point page after "more comments", the rating form after an invalid
submission (errors swapped in) and after a valid one (thanks and the score block, out of band),
and the staff overview after an htmx sort and an htmx filter. Each check first proves that the
swap happened without a page load, so axe reads the swapped document."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe_check import axe_violations
from tests.browser.page_waits import wait_for_htmx
from tests.admin_factories import PASSWORD, make_staff

LANGS = ("vi", "en")


@pytest.fixture
def open_page(browser, rated_site, request):
    """A page of a fresh context in a language (the language switch's cookie), its own agent."""
    contexts = []

    def open_in(lang: str, path: str):
        agent = f"Mozilla/5.0 (axe after swaps; {request.node.name}) Chromium"
        context = browser.new_context(base_url=rated_site.url, user_agent=agent)
        contexts.append(context)
        page = context.new_page()
        context.add_cookies([{"name": "lang", "value": lang, "url": rated_site.url}])
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        wait_for_htmx(page)
        page.evaluate("window.beforeSwap = true")
        return page

    yield open_in
    for context in contexts:
        context.close()


def violations_after_swap(page) -> list[str]:
    """axe-core's violations on the document as swapped (which must be the same document)."""
    assert page.evaluate("window.beforeSwap === true"), "a page load happened: htmx did not swap"
    return axe_violations(page)


def settled(page, selector: str = "body") -> None:
    """Wait until htmx has finished its requests and settled the swap."""
    expect(page.locator(".htmx-request")).to_have_count(0)
    expect(page.locator(".htmx-settling, .htmx-swapping")).to_have_count(0)
    page.locator(selector).first.wait_for()


@pytest.mark.parametrize("lang", LANGS)
def test_directory_after_active_search_and_filter(open_page, lang):
    page = open_page(lang, "/")
    page.locator("#q").press_sequentially("that khe", delay=15)
    expect(page).to_have_url(re.compile(r"[?&]q=that(\+|%20)khe"))
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^\D+ 5 \D+$"))  # not the first 235
    expect(page.locator(".point-list > li")).to_have_count(5)
    settled(page)
    assert violations_after_swap(page) == []

    page.locator("#type").select_option("kiot")
    expect(page).to_have_url(re.compile(r"type=kiot"))
    expect(page.locator(".point-list > li")).to_have_count(1)
    settled(page)
    assert violations_after_swap(page) == []

    page.locator("#q").fill("xyzzy khong co")
    expect(page.locator(".no-results")).to_be_visible()
    settled(page)
    assert violations_after_swap(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_point_page_after_more_comments(open_page, rated_site, lang):
    page = open_page(lang, f"/points/{rated_site.lowest_slug}")
    comments = page.locator("#comments > li.comment")
    expect(comments).to_have_count(10)
    page.locator("#comments-more a").click()
    expect(comments).not_to_have_count(10)
    assert comments.count() > 10
    expect(comments.filter(has_text=rated_site.comments[0])).to_have_count(1)  # the oldest of them
    settled(page)
    assert violations_after_swap(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_feedback_form_after_invalid_then_valid_htmx_submission(open_page, rated_site, lang):
    slug = rated_site.scored_slugs[4 + LANGS.index(lang)]
    page = open_page(lang, f"/points/{slug}/feedback")
    count_before = page.locator("#quality .score-count").inner_text()

    # A contact without the consent: the server refuses, and htmx swaps the errors into the form.
    page.locator("#overall input[value='4']").check()
    page.locator("#contact").fill("nguoi.danh.gia@example.vn")
    page.locator(".feedback-form button[type=submit]").click()
    expect(page.locator("#consent-error")).to_be_visible()
    expect(page.locator(".form-errors")).to_be_focused()
    settled(page)
    assert violations_after_swap(page) == []

    # Consent given: the thanks replace the form, the score block is swapped out of band.
    page.locator("input[name=consent]").check()
    page.locator(".feedback-form button[type=submit]").click()
    expect(page.locator(".thanks h2")).to_be_focused()
    expect(page.locator("#quality .score-count")).not_to_have_text(count_before)
    settled(page, "#quality")
    assert violations_after_swap(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_staff_overview_after_htmx_sort_and_filter(open_page, live_app, lang):
    email = f"axe-swaps-{lang}@buudien.test"
    with live_app.app_context():
        make_staff(email, "reviewer")
    page = open_page(lang, "/admin/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.admin-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    wait_for_htmx(page)
    page.evaluate("window.beforeSwap = true")

    page.locator("thead th a[href*='sort=count']").click()
    expect(page.locator("thead th[aria-sort]")).to_have_count(1)
    expect(page.locator("thead th[aria-sort] a")).to_have_attribute("href", re.compile(r"sort=count"))
    settled(page, ".admin-map.leaflet-container")
    assert violations_after_swap(page) == []

    page.locator("#f-type").select_option("bdvhx")
    page.locator("form.admin-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"type=bdvhx"))
    expect(page.locator("#points-title")).to_contain_text("79")
    settled(page, ".admin-map.leaflet-container")
    assert violations_after_swap(page) == []

"""Pages a phone has opened stay readable without a connection ("[phone-first]" acceptance 1): a
visited point page opens with the network off and says it is the copy of a given day, a page never
opened says the connection is needed, and the feedback form keeps what was typed through a lost
connection and a reload. The site is reached through a TCP forwarder the test cuts: a browser's
offline switch alone does not stop a service worker's own requests."""
import datetime
import gzip
import urllib.request
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.page_waits import wait_for_htmx
from tests.browser.test_phone_first_browser import PHONE
from tests.tcp_proxy import TcpProxy

COPY_NOTICE = "Bạn đang ngoại tuyến – dữ liệu ngày"
COMMENT = "Quầy đông, chờ khoảng 20 phút; nhân viên hướng dẫn tận tình."


@pytest.fixture
def line(live_server):
    """A connection to the live site that the test can cut (stop) and restore (start)."""
    parts = urlsplit(live_server)
    proxy = TcpProxy(parts.hostname, parts.port)
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture
def phone(browser, line):
    context = browser.new_context(base_url=f"http://127.0.0.1:{line.port}", **PHONE)
    yield context
    context.close()


def go_offline(context, line) -> None:
    line.stop()
    context.set_offline(True)


def go_online(context, line) -> None:
    line.start()
    context.set_offline(False)


def wait_for_worker(page) -> None:
    """Wait until the site's service worker controls the page (it claims the pages open)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


def kept(page, path: str) -> bool:
    """Whether the service worker has kept a copy of the page at path."""
    return page.evaluate("path => caches.match(path, {ignoreVary: true}).then(found => !!found)", path)


def wait_until_kept(page, path: str) -> None:
    page.wait_for_function("path => caches.match(path, {ignoreVary: true}).then(found => !!found)", arg=path,
                           timeout=15_000)


def test_a_visited_point_page_opens_offline_with_the_day_of_its_copy(phone, line):
    page = phone.new_page()
    page.goto("/")
    wait_for_worker(page)
    links = page.locator("#results a[href^='/points/']")
    visited, unvisited = links.nth(0).get_attribute("href"), links.nth(1).get_attribute("href")
    name = links.nth(0).inner_text().strip()
    page.goto(visited)
    wait_until_kept(page, visited)
    assert not kept(page, unvisited)

    go_offline(phone, line)
    page.goto(visited)
    expect(page.locator("h1")).to_have_text(name)
    today = datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y")
    notice = page.locator("[data-offline-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_have_text(f"{COPY_NOTICE} {today}")
    page.goto("/")  # the home list was kept when the worker was installed
    expect(page.locator("#results a[href^='/points/']").first).to_be_visible()
    expect(page.locator("[data-offline-notice]")).to_be_visible()

    page.goto(unvisited)
    expect(page.locator("h1")).to_have_text("Bạn đang ngoại tuyến")
    expect(page.get_by_text("Trang này cần kết nối mạng")).to_be_visible()

    go_online(phone, line)
    page.goto(visited)
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("[data-offline-notice]")).to_be_hidden()


def test_the_feedback_form_keeps_what_was_typed_through_a_lost_connection(phone, line):
    page = phone.new_page()
    page.goto("/")
    wait_for_worker(page)
    point = page.locator("#results a[href^='/points/']").first.get_attribute("href")
    page.goto(f"{point}/feedback")
    wait_for_htmx(page)
    page.locator("input[name=overall][value='4']").check(force=True)
    page.locator("textarea[name=comment]").fill(COMMENT)
    expect(page.locator("[data-needs-connection]")).to_be_hidden()

    go_offline(phone, line)
    expect(page.locator("[data-needs-connection]")).to_be_visible()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("[data-connection-lost]")).to_be_visible()
    expect(page.locator("textarea[name=comment]")).to_have_value(COMMENT)

    page.reload()  # the form is personal (no-store): offline, the worker shows why it cannot open
    expect(page.locator("h1")).to_have_text("Bạn đang ngoại tuyến")

    go_online(phone, line)
    page.goto(f"{point}/feedback")
    expect(page.locator("textarea[name=comment]")).to_have_value(COMMENT)
    expect(page.locator("input[name=overall][value='4']")).to_be_checked()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("#feedback-panel")).to_contain_text("Cảm ơn")
    # the rating is received: what was typed is no longer kept in the tab
    assert page.evaluate("key => sessionStorage.getItem(key)", f"feedback-draft:{point}/feedback") is None


def gzipped_size(url: str) -> int:
    """The size of what the site serves at url, gzipped as web servers do (level 6)."""
    with urllib.request.urlopen(url) as response:
        return len(gzip.compress(response.read(), 6))


def test_a_phone_downloads_its_first_screen_light_and_a_repeat_visit_almost_nothing(phone, line, live_server):
    page = phone.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url)._replace(scheme="", netloc="").geturl()))
    page.goto("/")
    wait_for_worker(page)
    page.wait_for_load_state("networkidle")
    first_screen = sum(gzipped_size(live_server.rstrip("/") + path) for path in dict.fromkeys(requested))
    page.locator(".map-frame").scroll_into_view_if_needed()
    expect(page.locator(".map-frame[data-map-drawn]")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    with_map = sum(gzipped_size(live_server.rstrip("/") + path) for path in dict.fromkeys(requested))

    line.received = 0  # the same phone comes back later, in a new tab
    again = phone.new_page()
    again.goto("/")
    expect(again.locator("#results a[href^='/points/']").first).to_be_visible()
    again.wait_for_load_state("networkidle")
    repeat = line.received
    print(f"\nphone at 375×667: first screen {first_screen / 1024:.1f} KB gzipped, with the map {with_map / 1024:.1f} KB; "
          f"a repeat visit {repeat:,} bytes on the wire, headers included")
    assert first_screen <= 80 * 1024
    assert repeat < 5 * 1024

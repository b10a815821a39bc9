"""axe-core in Debian's Chromium on every page a visitor (and, logged in, staff) can reach from `/`,
on a desktop and a 375-px phone, in Vietnamese and English: zero violations, and no page wider
than the screen (sideways scrolling; a phone zooms such a page out). Pages are found by
crawling the live site (bounded), so pages added later are checked without editing this file.
A page that fails is screenshotted to test-artifacts/screenshots/ (ignored by git)."""
import re
from pathlib import Path

import pytest

from app import create_app
from scripts.serve_for_checks import served
from scripts.site_crawl import Crawler, login_path, parameterless_get_paths, url_map_kind
from tests.browser.axe_check import axe_violations

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 375}
MAX_PAGES = 25  # per crawl; each kind of page (endpoint and query keys) is kept twice at most



@pytest.fixture(scope="module")
def live_site():
    """The site under gunicorn with production settings on a fresh seeded SQLite file."""
    with served() as site:
        yield site


@pytest.fixture(scope="module")
def site_pages(live_site):
    """The pages to check: (URL, cookies of the staff session or None), found by crawling."""
    app = create_app("test")
    visitor = Crawler(live_site.base_url, max_pages=MAX_PAGES, kind_of=url_map_kind(app))
    public = visitor.crawl(["/", *parameterless_get_paths(app)])
    pages = [(p.url, None) for p in public if p.is_html and p.status == 200]
    pages.append((live_site.base_url + "__no-such-page__", None))  # the error page, too
    login = login_path(app)
    if live_site.admin_email and login:
        staff = Crawler(live_site.base_url, max_pages=MAX_PAGES, kind_of=url_map_kind(app))
        landing = staff.login(login, live_site.admin_email, live_site.admin_password)
        assert landing is not None, f"the checks' admin account could not log in at {login}"
        folder = "/" + landing.url.split("/", 3)[3].split("/")[0]
        cookies = [{"name": c.name, "value": c.value, "url": live_site.base_url} for c in staff.cookies]
        pages += [(p.url, cookies) for p in staff.crawl([landing.url], prefix=folder)
                  if p.is_html and p.status == 200]
    assert pages, "the crawl found no page"
    return pages


def screenshot_path(url: str, lang: str, device: str) -> Path:
    """A file name that says which page, language and device."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", url.split("/", 3)[3] or "home").strip("-")[:80] or "home"
    return SCREENSHOTS / f"{name}-{lang}-{device}.png"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("audience", ["visitor", "staff"])
def test_every_page_has_no_axe_violation(browser, live_site, site_pages, lang, audience):
    """Zero axe-core violations on every crawled page, in this language, at each width, and every
    page fits each width. A page is loaded once and checked at every width, narrowest last (the
    same document, laid out again)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    urls = [url for url, cookies in site_pages if (cookies is None) == (audience == "visitor")]
    if audience == "staff" and not urls:
        pytest.skip("no staff account to sign in with (the checks' site made none)")
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    if audience == "staff":
        context.add_cookies(next(c for _, c in site_pages if c))
    page = context.new_page()
    if lang == "en":
        context.add_cookies([{"name": "lang", "value": "en", "url": live_site.base_url}])  # as the switch leaves it
    found: list[str] = []
    for url in urls:
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == lang, url
        for device in WIDTHS:
            found += check_at_width(page, url, lang, device)
    context.close()
    assert urls
    assert found == [], "\n".join(found)


def check_at_width(page, url: str, lang: str, device: str) -> list[str]:
    """axe's violations and a too-wide page at one width, as lines; the page screenshotted if any."""
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    problems = [f"{url} ({device}): {line}" for line in axe_violations(page)]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > WIDTHS[device]:
        problems.append(f"{url} ({device}): {width} px wide")
    if problems:  # the page as it failed, to look at
        page.screenshot(path=screenshot_path(url, lang, device), full_page=True)
    return problems

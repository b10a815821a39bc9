"""The three users' journeys in Debian's Chromium, each on a desktop (1280×800) and a 375-px touch
phone, in Vietnamese and in English (switched with the visible language link):

- find: a former commune's name in the search box, the list and count follow without a page load,
  a service filter, then a point's page: hours with open/closed, services, quality, QR code;
- rate: from a point's page to the rating form, a rating with one factor and a comment, the thanks
  and the new score and count swapped in by htmx;
- review: an administrator created with the CLI signs in, sorts the overview to the lowest score,
  opens that point, replies to a comment, and finds the reply in the audit log.

Every step must fit the screen's width; a step that does not is screenshotted into
test-artifacts/screenshots/journeys/ (ignored by git), and every step is with SCREENSHOTS=1. The site is
the shared `live_app`, seeded once (`rated_site`); each test uses its own browser context and user
agent, so per-client rate limits and the one-rating-a-day rule never meet between tests."""
import os
import re
from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import expect
from sqlalchemy import select

from app.admin.params import quarter_arg
from app.clock import current_quarter
from app.extensions import db
from app.models import Point, Service
from app.queries.quality import point_quality
from app.scoring import quarter_label
from tests.browser.page_waits import wait_for_htmx

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots" / "journeys"
KEEP_SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
ENGLISH = Translations.load(str(ROOT / "app" / "translations"), ["en"])
SCREENS = {"desktop": {"viewport": {"width": 1280, "height": 800}},
           "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
                     "device_scale_factor": 2}}
LANGS = ("vi", "en")
VARIANT_IDS = [f"{screen}-{lang}" for screen in SCREENS for lang in LANGS]  # each rates/answers its own
VARIANTS = [pytest.param(*variant.split("-"), id=variant) for variant in VARIANT_IDS]
PASSWORD = "mật khẩu đủ dài cho hành trình"
FORMER_NAME = "hoang dong"  # Xã Hoàng Đồng, merged into Phường Tam Thanh on 1 July 2025
FORMER_NAME_RESULTS, FIRST_RESULT = 6, "Điểm BĐ-VHX Hoàng Đồng"
SERVICE, SERVICE_RESULTS = "chi-tra-luong-huu", 2  # pension payments: what older people look for



class Journey:
    """One user's visit: a browser context of its own, the language, screenshots of each step."""

    def __init__(self, browser, base_url: str, name: str, screen: str, lang: str):
        self.name, self.screen, self.lang, self.step = name, screen, lang, 0
        agent = f"Mozilla/5.0 (journey {name} {screen} {lang}) Chromium"
        self.context = browser.new_context(base_url=base_url, user_agent=agent, **SCREENS[screen])
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.page.url}: {error}"))
        self.page.on("console", lambda m: self.problems.append(f"{self.page.url}: {m.text}")
                     if m.type == "error" else None)

    def t(self, msgid: str, **values) -> str:
        """The text the page shows for a source string, in this journey's language."""
        text = msgid
        if self.lang == "en":
            text = ENGLISH.gettext(msgid)
            assert text != msgid, f"no English translation of {msgid!r}"
        return text % values if values else text

    def count_text(self, n: int) -> str:
        """The directory's result count as the page words it."""
        return self.plural("Tìm thấy %(num)s điểm phục vụ", n)

    def plural(self, msgid: str, n: int) -> str:
        """A sentence with a count ("%(num)s …": one form in Vietnamese, singular or plural in English)."""
        text = ENGLISH.ngettext(msgid, msgid, n) if self.lang == "en" else msgid
        return text % {"num": n}

    def press(self, locator) -> None:
        """Tap on the phone, click on the desktop."""
        if self.screen == "phone":
            locator.tap()
        else:
            locator.click()

    def choose_language(self) -> None:
        """Switch to the journey's language with the header's visible button (Vietnamese by default)."""
        expect(self.page.locator("html")).to_have_attribute("lang", "vi")
        if self.lang == "en":
            self.press(self.page.locator(".lang-switch").get_by_role("button", name="English"))
            expect(self.page.locator("html")).to_have_attribute("lang", "en")
            self.shot("english")

    def shot(self, label: str) -> None:
        """A step, which must fit the screen's width (no sideways scrolling: a phone would otherwise
        zoom the whole page out); screenshotted when it does not, and every step with SCREENSHOTS=1."""
        self.step += 1
        self.page.wait_for_load_state("load")  # the stylesheet applied: an unstyled page is wider
        width = self.page.evaluate("document.documentElement.scrollWidth")
        fits = width <= SCREENS[self.screen]["viewport"]["width"]
        if not fits or KEEP_SCREENSHOTS:
            name = f"{self.name}-{self.screen}-{self.lang}-{self.step:02d}-{label}.jpg"
            self.page.screenshot(path=SHOTS / name, full_page=True, type="jpeg", quality=70)
        assert fits, f"{self.page.url} is {width} px wide"

    def mark_document(self) -> None:
        """Mark the current document: the mark survives htmx swaps, not a page load."""
        self.page.evaluate("window.journeyDocument = true")

    def same_document(self) -> bool:
        """Whether no page load happened since mark_document()."""
        return self.page.evaluate("window.journeyDocument === true")

    def close(self) -> None:
        """Close the context; the journey must not have met a script error."""
        self.context.close()
        assert self.problems == []


@pytest.fixture
def journey(browser, rated_site, request):
    """Open a journey (closed, and checked for script errors, after the test)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    opened: list[Journey] = []

    def open_journey(name: str, screen: str, lang: str) -> Journey:
        opened.append(Journey(browser, rated_site.url, name, screen, lang))
        return opened[-1]

    yield open_journey
    for one in opened:
        one.close()


def score_and_count(page) -> tuple[float | None, int]:
    """The quality block's overall score, one decimal (None when not enough ratings), and its count
    of ratings."""
    value = page.locator("#quality .score-value").inner_text()
    count = int(re.search(r"\d+", page.locator("#quality .score-count").inner_text()).group())
    found = re.fullmatch(r"(\d)[.,](\d)/5", value)
    return (float(f"{found[1]}.{found[2]}") if found else None), count


def stored_score(app, slug: str) -> float | None:
    """A point's overall score as computed (two decimals): the page shows it to one decimal."""
    with app.app_context():
        point = db.session.scalars(select(Point).where(Point.slug == slug)).one()
        return point_quality(point)["overall"].value


@pytest.mark.parametrize("screen,lang", VARIANTS)
def test_find_a_point_by_its_former_commune(journey, live_app, screen, lang):
    j = journey("find", screen, lang)
    j.page.goto("/")
    j.shot("home")
    j.choose_language()
    expect(j.page.locator("#result-count")).to_contain_text(j.count_text(235))
    search_by_former_name_and_service(j)
    name = j.page.locator(".point-list .point-name a").first.inner_text()
    j.press(j.page.locator(".point-list .point-name a").first)
    expect(j.page).to_have_url(re.compile(r"/points/[a-z0-9-]+$"))
    expect(j.page.get_by_role("heading", level=1)).to_have_text(name)
    with live_app.app_context():
        service = db.session.scalar(select(Service).where(Service.code == SERVICE))
        service_label = service.name_en if lang == "en" else service.name_vi
    check_point_page(j, service_label)
    check_qr_code(j, name)


def search_by_former_name_and_service(j: Journey) -> None:
    """Type a former commune's name without diacritics, then pick a service: the list and the
    count follow each time, and no page load happens."""
    page = j.page
    j.mark_document()
    j.press(page.locator("#q"))
    page.locator("#q").press_sequentially(FORMER_NAME, delay=15)
    expect(page.locator("#result-count")).to_have_text(j.count_text(FORMER_NAME_RESULTS))
    expect(page).to_have_url(re.compile(r"[?&]q=hoang(\+|%20)dong"))
    expect(page.locator(".point-list .point-name a").first).to_have_text(FIRST_RESULT)
    expect(page.locator(".point-list > li")).to_have_count(FORMER_NAME_RESULTS)
    j.shot("searched")
    panel = page.locator("[data-filter-panel]")
    if not panel.evaluate("details => details.open"):
        j.press(panel.locator("summary"))  # a phone folds the filters into one line: open them
    page.locator("#service").select_option(SERVICE)
    expect(page.locator("#result-count")).to_have_text(j.count_text(SERVICE_RESULTS))
    expect(page).to_have_url(re.compile(rf"service={SERVICE}"))
    expect(page.locator(".point-list > li")).to_have_count(SERVICE_RESULTS)
    assert j.same_document(), "the search and the filter should not load a page"
    j.shot("filtered")


def check_point_page(j: Journey, service_label: str) -> None:
    """The point's page shows its hours with the status now, the service, and the quality block."""
    page = j.page
    status = page.locator("#open-status .status").inner_text()
    assert status in (j.t("Đang mở cửa"), j.t("Đã đóng cửa"))
    hours = page.locator("table.hours")
    expect(hours.get_by_role("columnheader").first).to_have_text(j.t("Ngày"))
    expect(hours.locator("tbody tr")).to_have_count(7)
    expect(hours.locator("tbody tr.today")).to_have_count(1)
    services = page.locator("section[aria-labelledby=services-title]")
    expect(services.get_by_role("heading", level=2)).to_have_text(j.t("Dịch vụ"))
    expect(services.get_by_role("listitem").filter(has_text=service_label)).to_have_count(1)
    quality = page.locator("#quality")
    expect(quality.get_by_role("heading", level=2)).to_have_text(j.t("Chất lượng phục vụ"))
    _, count = score_and_count(page)
    ratings_text = j.plural("%(num)s đánh giá trong 12 tháng", count)
    expect(quality.locator(".score-count")).to_have_text(f"({ratings_text})")
    j.shot("point")


def check_qr_code(j: Journey, name: str) -> None:
    """The QR code to the rating form is an image that loads, named for the point."""
    page = j.page
    qr = page.get_by_role("img", name=j.t("Mã QR dẫn đến trang đánh giá %(name)s", name=name))
    qr.scroll_into_view_if_needed()
    expect(qr).to_be_visible()
    page.wait_for_function("() => { const i = document.querySelector('.qr img');"
                           " return i.complete && i.naturalWidth > 0; }")
    answer = page.request.get(qr.get_attribute("src"))
    assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    j.shot("qr-code")


@pytest.mark.parametrize("screen,lang", VARIANTS)
def test_rate_a_point_from_its_page(journey, live_app, rated_site, screen, lang):
    j = journey("rate", screen, lang)
    page = j.page
    slug = rated_site.scored_slugs[VARIANT_IDS.index(f"{screen}-{lang}")]
    page.goto(f"/points/{slug}")
    j.choose_language()
    j.press(page.get_by_role("link", name=j.t("Đánh giá chất lượng phục vụ"), exact=True))
    expect(page).to_have_url(re.compile(rf"/points/{slug}/feedback$"))
    wait_for_htmx(page)
    score, count = score_and_count(page)
    assert score is not None, "the point should show a score before it is rated"
    precise = stored_score(live_app, slug)
    assert abs(score - precise) <= 0.05 + 1e-9  # shown to one decimal
    j.shot("form")
    j.mark_document()
    comment = {"vi": "Giao dịch viên không giải thích rõ cước phí.",
               "en": "The clerk did not explain the postage clearly."}[lang]
    fill_rating(j, comment)
    j.press(page.get_by_role("button", name=j.t("Gửi đánh giá")))

    expect(page.get_by_role("heading", name=j.t("Cảm ơn bạn đã đánh giá!"))).to_be_visible()
    expect(page.get_by_text(j.t("Ý kiến của bạn đã được công bố."))).to_be_visible()
    expect(page.locator("#quality .score-count")).to_contain_text(f"({count + 1} ")
    new_score, new_count = score_and_count(page)
    new_precise = stored_score(live_app, slug)
    # One decimal may hide a small fall: the computed score fell, and the page shows the new one.
    assert new_count == count + 1 and new_precise < precise
    assert new_score is not None and new_score <= score and abs(new_score - new_precise) <= 0.05 + 1e-9
    assert j.same_document(), "the rating should be sent by htmx, without a page load"
    expect(page.locator("#quality .comment-text").filter(has_text=comment)).to_have_count(1)
    j.shot("thanks")


def fill_rating(j: Journey, comment: str) -> None:
    """Very dissatisfied overall, dissatisfied with the staff (one factor), and a comment."""
    page = j.page
    j.press(page.locator("#overall").get_by_text(j.t("Rất không hài lòng"), exact=True))
    j.press(page.get_by_text(j.t("Đánh giá chi tiết 5 yếu tố (không bắt buộc)")))
    j.press(page.locator("#staff").get_by_text(j.t("Không hài lòng"), exact=True))
    page.locator("#comment").fill(comment)
    expect(page.locator("#overall input:checked")).to_have_value("1")
    expect(page.locator("#staff input:checked")).to_have_value("2")
    j.shot("filled")


@pytest.mark.parametrize("screen,lang", VARIANTS)
def test_review_the_lowest_point_and_reply(journey, live_app, rated_site, screen, lang):
    email = f"journey-{screen}-{lang}@buudien.test"
    created = live_app.test_cli_runner().invoke(
        args=["create-admin", email, "--role", "admin", "--password-stdin"], input=PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    j = journey("review", screen, lang)
    sign_in(j, email)
    this_quarter(j)  # the overview opens on the last finished quarter; the low ratings are this quarter's
    first = sort_lowest_first(j)
    expect(first.locator("th")).to_have_text(rated_site.lowest_name)

    # The point's quality page: reply in public to one of its comments.
    j.press(first.get_by_role("link"))
    j.page.wait_for_url(re.compile(rf"/admin/points/{rated_site.lowest_slug}"))
    comment = rated_site.comments[VARIANT_IDS.index(f"{screen}-{lang}")]
    reply = f"Bưu điện đã bổ sung quầy giao dịch ({screen}, {lang})."
    reply_to(j, comment, reply)

    # The audit log lists the reply, by this administrator, with the text before and after.
    j.press(j.page.locator(".admin-nav").get_by_role("link", name=j.t("Nhật ký thao tác")))
    j.page.wait_for_url(re.compile(r"/admin/audit"))
    row = j.page.locator("#audit tbody tr").filter(has_text=email).filter(has_text=j.t("Trả lời ý kiến"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(reply)
    j.shot("audit-log")


def sign_in(j: Journey, email: str) -> None:
    """From a staff URL to the login page and, signed in, to the overview."""
    page = j.page
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    j.choose_language()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(j.t("Mật khẩu")).fill(PASSWORD)
    j.shot("login")
    j.press(page.get_by_role("button", name=j.t("Đăng nhập")))
    page.wait_for_url(re.compile(r"/admin/$"))
    j.shot("overview")


def this_quarter(j: Journey) -> None:
    """Choose the quarter running now in the overview's period and apply the filters."""
    page = j.page
    page.get_by_label(j.t("Kỳ"), exact=True).select_option(label=quarter_label(current_quarter()))
    j.press(page.get_by_role("button", name=j.t("Lọc")))
    expect(page.locator("#opening-period")).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"quarter={quarter_arg(current_quarter())}"))


def sort_lowest_first(j: Journey):
    """Sort by the overall score with the column's link (htmx swaps the table): descending, then
    ascending; the first row (the lowest score) is returned."""
    page = j.page
    j.mark_document()
    overall = page.locator("thead th").filter(has_text=j.t("Chung"))
    j.press(overall.get_by_role("link"))
    expect(overall).to_have_attribute("aria-sort", "descending")
    highest = page.locator("table.data tbody tr").first.locator("th").inner_text()
    j.press(overall.get_by_role("link"))
    expect(overall).to_have_attribute("aria-sort", "ascending")
    expect(page).to_have_url(re.compile(r"sort=overall.*dir=asc|dir=asc.*sort=overall"))
    first = page.locator("table.data tbody tr").first
    expect(first.locator("th")).not_to_have_text(highest)
    assert j.same_document(), "sorting should swap the table, not load a page"
    j.shot("lowest-first")
    return first


def reply_to(j: Journey, comment: str, reply: str) -> None:
    """Write a public reply under a comment and save it; it shows under the comment."""
    item = j.page.locator("article.feedback-item").filter(has_text=comment)
    item.get_by_label(j.t("Trả lời công khai")).fill(reply)
    j.shot("reply")
    j.press(item.get_by_role("button", name=j.t("Lưu trả lời")))
    expect(j.page.get_by_text(j.t("Đã lưu câu trả lời công khai."))).to_be_visible()
    saved = j.page.locator("article.feedback-item").filter(has_text=comment)
    expect(saved.locator(".reply")).to_contain_text(reply)
    j.shot("replied")

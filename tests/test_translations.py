"""The English catalogue matches the code, and English pages show no Vietnamese label.

The extraction is the one `make translations-update` runs (scripts/translations.py), so a string
the code shows but extraction cannot see, or a catalogue entry nothing uses any more, fails here
before the next update would drop it and English pages quietly showed Vietnamese."""
import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from app import labels
from app.extensions import db
from app.models import Point, Unit
from scripts.translations import extract_catalog, po_files
from tests.admin_factories import insert_feedback_row, points, rebuild_aggregates
from tests.page_text import TextNodes

MAX_PAGES = 50
PER_ENDPOINT = 3
SKIPPED = ("/static/", "/lang/", "/admin/logout")


def catalogue(path) -> dict[str, str]:
    """msgid → msgstr of a .po file (plural entries by their singular)."""
    with open(path, "rb") as handle:
        entries = read_po(handle)
    return {_key(m.id): m.string for m in entries if m.id}


def _key(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def test_the_catalogue_and_the_code_agree_both_ways():
    extracted = {_key(m.id) for m in extract_catalog() if m.id}
    for path in po_files():
        translated = catalogue(path)
        assert sorted(extracted - set(translated)) == [], f"{path}: strings not in the catalogue"
        assert sorted(set(translated) - extracted) == [], f"{path}: catalogue entries no code uses"
        untranslated = [m for m, s in translated.items() if not (s[0] if isinstance(s, tuple) else s)]
        assert untranslated == [], f"{path}: entries without a translation"


def test_extraction_finds_every_label():
    extracted = {_key(m.id) for m in extract_catalog() if m.id}
    for text in vietnamese_labels():
        assert text in extracted, text


def vietnamese_labels() -> set[str]:
    """The Vietnamese words of every label of app/labels.py."""
    found = set()
    with force_locale("vi"):
        for value in vars(labels).values():
            items = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else ()
            found |= {str(item) for item in items if hasattr(item, "_args")}
    return found


def crawl(client, starts, app) -> dict[str, list[str]]:
    """path → text nodes of every page reached from the starts (a few per endpoint)."""
    adapter = app.url_map.bind("localhost")
    seen, per_endpoint, pages = set(starts), Counter(), {}
    queue = deque(starts)
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        try:
            endpoint = adapter.match(urlsplit(path).path)[0]
        except HTTPException:
            continue
        per_endpoint[endpoint] += 1
        with client.get(path) as response:  # closed: some links are files sent from disk
            if per_endpoint[endpoint] > PER_ENDPOINT or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
        parser = TextNodes()
        parser.feed(html)
        pages[path] = parser.texts
        for link in parser.links:
            link = urldefrag(link)[0]
            if link not in seen and not link.startswith(SKIPPED):
                seen.add(link)
                queue.append(link)
    return pages


@pytest.fixture
def english_staff(admin_client, app):
    """An administrator reading in English, with a held comment and audit entries to show."""
    point = points(1)[0]
    insert_feedback_row(point, 2, comment="Xem http://spam.example", status="held", hold_reason="link;phone")
    insert_feedback_row(point, 5, comment="Tốt", access=4)
    rebuild_aggregates()
    admin_client.get("/admin/logout")  # a GET: refused, nothing changes
    admin_client.set_cookie("lang", "en")
    return admin_client


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # words do not depend on the database
def test_english_pages_show_no_vietnamese_label(english_staff, app):
    with force_locale("en"):
        same_in_both = {text for text in vietnamese_labels() if str(_english(text)) == text}
    wanted = vietnamese_labels() - same_in_both
    pages = crawl(english_staff, ["/", "/admin/", "/admin/moderation", "/admin/audit", "/minh-bach"], app)
    assert len(pages) >= 20
    names = data_texts()
    leaks = set()
    for path, texts in pages.items():
        for text in texts:
            bare = without_data(text, names)
            if bare in wanted or _contains_label(bare, wanted):
                leaks.add((path, text))
    assert sorted(leaks) == []


def data_texts() -> list[str]:
    """Names and addresses of points and places: data, which may hold a label's words ("Đại lý
    bưu điện Ba Sơn"), longest first."""
    rows = db.session.execute(select(Point.name, Point.address, Point.address_former)).all()
    found = {value for row in rows for value in row if value}
    found |= set(db.session.scalars(select(Unit.name)))
    return sorted(found, key=len, reverse=True)


def without_data(text: str, names: list[str]) -> str:
    """The text with every name and address it quotes taken out."""
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    return " ".join(text.split())


def _english(text: str) -> str:
    from flask_babel import gettext

    return gettext(text)


def _contains_label(text: str, wanted: set[str]) -> bool:
    """A label inside a longer text node ("Giữ lại vì: Có đường dẫn (link)"), for labels of
    three words or more (shorter ones occur inside point names and addresses)."""
    return any(len(label.split()) >= 3 and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)
               for label in wanted)

"""Every fact on the site true or marked: each point page marks its illustrative facts where they are
shown and the API names the source of each; the 15 real offices show their landlines, their VNPost
office code as "Mã bưu cục", never a 6-digit postcode, and no demo rating."""
import csv
import re
from datetime import date

from markupsafe import escape
from sqlalchemy import func, select

from app.extensions import db
from app.models import Feedback, Point
from app.services.demo_feedback import seed_demo_feedback
from app.sources import FACTS, KINDS, PUBLIC_SOURCES
from tests.databases import DATA_DIR

POSTCODE = re.compile(r"<dt>Mã bưu chính</dt><dd>([^<]*)</dd>")


def section(html: str, heading_id: str) -> str | None:
    """The HTML of the <section> labelled by a heading id, or None when the page has none."""
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.S)
    return found.group(1) if found else None


def shown_facts(html: str, detail: dict) -> dict[str, str | None]:
    """Where each fact is shown on the page (the HTML of its place), None when the page leaves it out."""
    contact = section(html, "contact-title")
    phone = re.search(r'<dd data-fact="phone">(.*?)</dd>', contact, re.S).group(1)
    return {
        "name": re.search(r'<dd data-fact="name">(.*?)</dd>', contact, re.S).group(1),
        "address": re.search(r'<dd data-fact="address">(.*?)</dd>', contact, re.S).group(1),
        "phone": phone if detail["phone"] else None,
        "hours": section(html, "hours-title"),
        "services": section(html, "services-title"),
        "procedures": section(html, "procedures-title"),
        "pension_days": section(html, "pension-title"),
        "location": section(html, "location-title"),
    }


def test_every_point_page_marks_its_illustrative_facts(client):
    slugs = db.session.scalars(select(Point.slug).where(Point.is_active.is_(True))).all()
    assert len(slugs) == 235
    marked = 0
    for slug in slugs:
        detail = client.get(f"/api/points/{slug}").json
        assert set(detail["sources"]) == set(FACTS) and set(detail["sources"].values()) <= set(KINDS)
        html = client.get(f"/points/{slug}").get_data(as_text=True)
        for fact, place in shown_facts(html, detail).items():
            kind = detail["sources"][fact]
            if place is None:
                continue
            if kind == "illustrative":
                assert f'data-fact-mark="{fact}"' in place, (slug, fact)
                marked += 1
            else:
                assert f'data-fact-mark="{fact}"' not in place, (slug, fact)
            if kind == "public":
                assert f'data-fact-source="{fact}"' in place and fact in detail["public_sources"]
        # The page's own list of sources says the same as the API.
        sources = section(html, "sources-title")
        assert re.findall(r'data-source="(\w+)"', sources) == [detail["sources"][f] for f in FACTS]
        assert "Cập nhật lần cuối" in sources
        for code in POSTCODE.findall(html):
            assert re.fullmatch(r"25[0-9]{3}", code), (slug, code)
    assert marked > 220 * 5  # the seeded points' name, address, hours, services, location at least


def real_offices() -> list[dict]:
    with open(DATA_DIR / "lang_son_post_offices.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_real_offices_show_their_landline_office_code_and_sources(client):
    offices = real_offices()
    assert len(offices) == 15
    for office in offices:
        point = db.session.scalar(select(Point).where(Point.office_code == office["office_code"]))
        html = client.get(f"/points/{point.slug}").get_data(as_text=True)
        contact = section(html, "contact-title")
        digits = re.sub(r"\D", "", office["phone"])
        assert f'<a href="tel:{digits}">{office["phone"]}</a>' in contact
        assert f"<dt>Mã bưu cục</dt><dd>{office['office_code']}</dd>" in contact
        assert not POSTCODE.search(html)  # the source gives no 5-digit postcode
        # The hotline is there, said to be the national paid line, apart from the office's phone.
        assert "1900 54 54 81" in contact and "1900 54 54 81" not in re.search(
            r'<dd data-fact="phone">(.*?)</dd>', contact, re.S).group(1)
        # Its location is the unit's centroid: said so, and directions search the address.
        assert 'id="approximate-location"' in contact
        assert 'href="https://www.google.com/maps/search/?api=1&amp;query=' in contact
        detail = client.get(f"/api/points/{point.slug}").json
        assert detail["sources"] == {"name": "public", "address": "public", "phone": "public",
                                     "hours": "illustrative", "services": "illustrative",
                                     "procedures": "illustrative", "pension_days": "illustrative",
                                     "location": "public"}
        assert "HThanh-how/order-management" in detail["public_sources"]["phone"]["url"]
        assert detail["public_sources"]["phone"]["date"] is None  # the copy carries no date
        assert 'data-fact-mark="hours"' in section(html, "hours-title")


def test_no_demo_rating_on_a_real_office_and_the_demo_share_is_labelled(client):
    assert seed_demo_feedback() > 0  # what `make run` does after seeding
    real_ids = db.session.scalars(select(Point.id).where(Point.is_illustrative.is_(False))).all()
    assert len(real_ids) == 15
    on_real = db.session.scalar(select(func.count()).select_from(Feedback).where(Feedback.point_id.in_(real_ids)))
    assert on_real == 0
    demo = db.session.scalar(select(func.count()).select_from(Feedback).where(Feedback.origin == "demo"))
    page = client.get("/minh-bach").get_data(as_text=True)
    assert 'id="demo-share"' in page
    assert str(demo) in re.search(r'id="demo-share">(.*?)</p>', page, re.S).group(1).replace(".", "")
    # A seeded point with demo ratings labels them beside its score.
    point_id = db.session.scalar(select(Feedback.point_id).where(Feedback.origin == "demo").limit(1))
    slug = db.session.get(Point, point_id).slug
    html = client.get(f"/points/{slug}").get_data(as_text=True)
    assert re.search(r'data-demo-ratings="\d+"', section(html, "quality-title") or html)


def test_staff_see_demo_ratings_labelled(admin_client):
    seed_demo_feedback()
    point_id = db.session.scalar(select(Feedback.point_id).where(Feedback.origin == "demo").limit(1))
    page = admin_client.get(f"/admin/points/{db.session.get(Point, point_id).slug}").get_data(as_text=True)
    assert "Đánh giá mẫu minh họa" in page


def test_demo_ratings_an_older_seed_left_on_a_real_office_are_removed(client):
    seed_demo_feedback()
    office = db.session.scalar(select(Point).where(Point.office_code == "240000"))
    db.session.add(Feedback(point_id=office.id, visit_date=date(2026, 11, 2), quarter=20264, overall=5,
                            client_hash="old-demo", origin="demo"))
    db.session.commit()
    seed_demo_feedback()  # `make run` again, on the same database
    assert db.session.scalar(select(func.count()).select_from(Feedback).where(
        Feedback.point_id == office.id)) == 0


def test_the_banner_leads_to_where_the_sources_are_explained(client):
    home = client.get("/").get_data(as_text=True)
    assert '<a href="/minh-bach#du-lieu">Về dữ liệu</a>' in home
    page = client.get("/minh-bach").get_data(as_text=True)
    section = page[page.index('<h2 id="du-lieu">'):page.index('id="method-title"')]
    assert "Sổ đăng ký" in section and "Nguồn công khai" in section and "Minh họa" in section
    for source in PUBLIC_SOURCES.values():
        assert f'<a href="{source.url}" rel="noopener">{escape(str(source.name))}</a>' in section

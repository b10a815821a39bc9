"""A point's page: everything a citizen needs before going, in Vietnamese and English; its map
script and the QR code to its feedback form."""
import re

import pytest
import segno
from sqlalchemy import select

from app.cache import forget_cached_pages
from app.extensions import db
from app.models import Point
from app.public.qr import qr_svg
from tests.factories import STANDARD_WEEK, make_point


@pytest.fixture
def week_point(app):
    """Build points with the standard week (Mon–Fri with a lunch break, Saturday morning) for one
    test; they go with the test's rollback, on both backends."""
    def build(slug="diem-thu-nghiem", **values) -> Point:
        defaults = {"code": f"T-{slug}", "name": "Điểm Thử Nghiệm Riêng", "type": "bdvhx",
                    "unit_code": "05986", "address": "Thôn Thử, Phường Tam Thanh, Tỉnh Lạng Sơn",
                    "lat": 21.88, "lon": 106.74, "search_text": "diem thu nghiem rieng",
                    "is_illustrative": False, "hours": STANDARD_WEEK}
        return make_point(slug=slug, **{**defaults, **values})
    return build


@pytest.fixture
def known_point(week_point):
    return week_point(
        address_former="Xã Hoàng Đồng, Thành phố Lạng Sơn, Tỉnh Lạng Sơn", office_code="241900", postcode="25110",
        phone="0205 3 870 123", pension_day_from=5, pension_day_to=12,
        services=[("gui-thu", None), ("chuyen-tien", None), ("bh-pti-xe-may", None),
                  ("chi-tra-luong-huu", None), ("doc-sach-bao", None),
                  ("tthc-khai-sinh", "receive"), ("tthc-khai-tu", "return"),
                  ("tthc-dat-dai-bien-dong", "both"),
                  ("tthc-lltp", "return")])  # withdrawn since 2025: an old import's row, shown nowhere


def section(html: str, heading_id: str) -> str:
    """The text of the <section> labelled by a heading id."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.S)
    assert match, heading_id
    return match.group(1)


def test_point_page_shows_what_a_citizen_needs(client, known_point):
    response = client.get("/points/diem-thu-nghiem")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Điểm Thử Nghiệm Riêng</h1>" in html and "Điểm Bưu điện – Văn hóa xã" in html
    contact = section(html, "contact-title")
    assert "Thôn Thử, Phường Tam Thanh, Tỉnh Lạng Sơn" in contact
    assert "Địa chỉ trước 01/7/2025" in contact and "Xã Hoàng Đồng, Thành phố Lạng Sơn" in contact
    assert '<a href="tel:02053870123">0205 3 870 123</a>' in contact
    assert re.search(r"<dt>Mã bưu cục</dt><dd>241900</dd>", contact)
    assert re.search(r"<dt>Mã bưu chính</dt><dd>25110</dd>", contact)
    assert "1900 54 54 81" in contact and "không phải số của điểm này" in contact
    assert 'href="https://www.google.com/maps/dir/?api=1&amp;destination=21.880000,106.740000"' in contact
    assert 'href="geo:21.880000,106.740000"' in contact


def test_services_grouped_by_category_with_pension_days(client, known_point):
    html = client.get("/points/diem-thu-nghiem").get_data(as_text=True)
    services = section(html, "services-title")
    headings = re.findall(r"<h3>([^<]+)</h3>", services)
    assert headings == ["Dịch vụ bưu chính", "Dịch vụ tài chính", "Bảo hiểm", "Dịch vụ hành chính công", "Văn hóa"]
    assert "Chuyển tiền trong nước" in services and "Đọc sách, báo" in services
    assert "Đăng ký khai sinh" not in services  # procedures have their own table
    assert "từ ngày 5 đến ngày 12 hằng tháng" in section(html, "pension-title")


def test_procedures_say_what_the_point_does_with_the_dossier(client, known_point):
    procedures = section(client.get("/points/diem-thu-nghiem").get_data(as_text=True), "procedures-title")
    assert "45/2016/QĐ-TTg" in procedures
    rows = [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", procedures, re.S) if "<td" in row]
    assert rows == [["Đăng ký khai sinh (mã 1.001193)", "Tiếp nhận hồ sơ", "Quyết định 45/2016/QĐ-TTg"],
                    ["Đăng ký khai tử (mã 1.000656)", "Trả kết quả", "Quyết định 45/2016/QĐ-TTg"],
                    ["Đăng ký biến động đất đai (chuyển nhượng, thừa kế, tặng cho…)",
                     "Tiếp nhận hồ sơ và trả kết quả", "Quyết định 45/2016/QĐ-TTg"]]
    assert "lý lịch tư pháp" not in procedures


def test_point_without_procedures_or_pension_leaves_them_out(client, week_point):
    week_point(slug="ki-ot-thu", type="kiot", services=[("gui-thu", None)])
    html = client.get("/points/ki-ot-thu").get_data(as_text=True)
    assert 'id="procedures-title"' not in html and "hằng tháng" not in html
    assert "Ki-ốt bưu điện" in html


def test_quality_block_feedback_link_and_qr(client, known_point):
    html = client.get("/points/diem-thu-nghiem").get_data(as_text=True)
    assert '<section id="quality"' in html and "Chưa đủ đánh giá" in html
    assert 'href="/points/diem-thu-nghiem/feedback"' in html
    assert '<img src="/points/diem-thu-nghiem/qr.svg"' in html
    assert 'alt="Mã QR dẫn đến trang đánh giá Điểm Thử Nghiệm Riêng"' in html


def test_quality_block_alone_for_htmx(client, known_point):
    response = client.get("/points/diem-thu-nghiem", headers={"HX-Request": "true", "HX-Target": "quality"})
    html = response.get_data(as_text=True)
    assert html.strip().startswith('<section id="quality"') and "<h1>" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_qr_code_encodes_the_absolute_feedback_url(client, known_point):
    response = client.get("/points/diem-thu-nghiem/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data()
    assert svg.startswith(b"<svg") and "<title>Điểm Thử Nghiệm Riêng</title>".encode() in svg
    expected = "http://localhost/points/diem-thu-nghiem/feedback?src=qr"
    assert svg == qr_svg(expected, "Điểm Thử Nghiệm Riêng")
    assert svg != qr_svg("http://localhost/points/diem-thu-nghiem/feedback", "Điểm Thử Nghiệm Riêng")
    symbol = segno.make(expected, error="m", micro=False)  # 4 px modules, 4-module quiet zone
    assert f'width="{(symbol.symbol_size(scale=1, border=4)[0]) * 4}"'.encode() in svg


def test_point_map_script_shows_the_point(client, known_point):
    html = client.get("/points/diem-thu-nghiem").get_data(as_text=True)
    map_div = re.search(r'<div class="folium-map" id="(map_[0-9a-f]+)"', html).group(1)
    assert 'data-map-script="/points/diem-thu-nghiem/map.js"' in html
    script = client.get("/points/diem-thu-nghiem/map.js")
    assert script.mimetype == "application/javascript"
    text = script.get_data(as_text=True)
    assert f'getElementById("{map_div}")' in text and "[106.74, 21.88]" in text
    # Without tiles (as in tests) the point's commune shows around it; with tiles, its street.
    assert "center: [21.88, 106.74]" in text and '"zoom": 13' in text


def test_point_map_with_tiles_is_at_street_level_and_holds_its_point(app, client, known_point, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILES_URL", "https://tiles.example.org/{z}/{x}/{y}.png")
    forget_cached_pages()  # settings do not change while a server runs; this test changes them
    text = client.get("/points/diem-thu-nghiem/map.js").get_data(as_text=True)
    assert "center: [21.88, 106.74]" in text and '"zoom": 15' in text
    assert '"dragging": false' in text and '"maxBoundsViscosity": 1.0' in text


@pytest.mark.parametrize("path", ["/points/nowhere", "/points/nowhere/qr.svg", "/points/nowhere/map.js"])
def test_unknown_point_is_404(client, path):
    assert client.get(path).status_code == 404


def test_inactive_point_is_410(client, week_point):
    week_point(slug="da-dong", is_active=False)
    assert client.get("/points/da-dong").status_code == 410  # with the nearest points: test_import_loses_nothing


def test_english_point_page(client, known_point):
    html = client.get("/points/diem-thu-nghiem?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Commune post and culture point (BĐ-VHX)" in html
    assert "Domestic money transfer" in html and "Chuyển tiền trong nước" not in html
    assert "Birth registration" in html and "Takes the application" in html
    assert "Address before 1 July 2025" in html and "Monday" in html and "Thứ Hai" not in html


@pytest.mark.parametrize("kind", ["buu-cuc", "bdvhx", "dai-ly", "kiot"])
def test_seeded_points_of_every_type_render(client, app, kind):
    points = db.session.scalars(select(Point).where(Point.type == kind).limit(5)).all()
    for point in points:
        html = client.get(f"/points/{point.slug}").get_data(as_text=True)
        assert f"<h1>{point.name}</h1>" in html
        assert point.address in html

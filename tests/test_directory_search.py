"""Directory search over the seed: folding, former names, services, filters, ranking, distance,
paging and the alternatives offered when nothing matches (acceptance 1)."""
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.geo import distance_km
from app.hours import VN_TZ
from app.models import FormerCommune, Point, PointService, Service, Unit
from app.models.points import POINT_TYPES
from app.public.params import parse_filters
from app.queries.search import PointFilters, match_rank, search_alternatives, search_points
from app.search import fold

ALL = 1000  # a page size that holds the whole directory


def found(**filters) -> list[str]:
    """Slugs of every point the search finds, in display order."""
    return [p.slug for p in search_points(PointFilters(**filters), per_page=ALL).points]


def listed_names(client, query: str) -> list[str]:
    """Point names on every page of /points for a query string, as a citizen sees them."""
    names, page = [], 1
    while True:
        html = client.get(f"/points?{query}&page={page}").get_data(as_text=True)
        names += re.findall(r'<h3 class="point-name"><a href="[^"]+">([^<]+)</a>', html)
        if 'rel="next"' not in html:
            return names
        page += 1


def slugs_in_units(*codes: str) -> set[str]:
    return set(db.session.scalars(select(Point.slug).where(Point.unit_code.in_(codes))))


@pytest.mark.parametrize("query", ["huu lung", "Hữu Lũng", "HỮU LŨNG", "hữu lũng", "Huu  Lung "])
def test_case_and_diacritics_do_not_matter(app, query):
    assert found(q=query) == found(q="huu lung")
    assert len(found(q=query)) > 5


def test_same_results_on_the_page_whatever_the_spelling(app, client):
    pages = [listed_names(client, f"q={q}") for q in ("huu+lung", "H%E1%BB%AFu+L%C5%A9ng", "H%E1%BB%AEU+L%C5%A8NG")]
    assert pages[0] == pages[1] == pages[2]
    assert "Bưu cục Hữu Lũng" in pages[0]


def test_dong_dang_finds_the_dong_dang_points(app):
    result = found(q="dong dang")
    dong_dang_unit = db.session.scalar(select(Unit.code).where(Unit.name == "Xã Đồng Đăng"))
    assert slugs_in_units(dong_dang_unit) <= set(result)
    named = {slug for slug in result if "dong-dang" in slug}
    assert "buu-cuc-dong-dang" in named
    # Only places called Đồng Đăng: the syllables apart ("Đồng", "Đăng") do not widen the search.
    texts = {slug: text for slug, text in db.session.execute(select(Point.slug, Point.search_text))}
    assert all("dong dang" in texts[slug] for slug in result)


def test_every_former_commune_finds_the_points_of_the_unit_it_became(app):
    communes = db.session.scalars(select(FormerCommune)).all()
    assert len(communes) == 194
    for commune in communes:
        expected = slugs_in_units(*(u.code for u in commune.units))
        assert expected <= set(found(q=commune.name)), commune.name


def test_hoang_dong_finds_tam_thanh(app):
    result = found(q="Hoàng Đồng")
    tam_thanh = db.session.scalar(select(Unit.code).where(Unit.name == "Phường Tam Thanh"))
    assert slugs_in_units(tam_thanh) <= set(result)
    assert result[0] == "diem-bd-vhx-hoang-dong"  # named after it: first


def test_full_former_address_finds_the_new_commune(app):
    result = found(q="Thị trấn Thất Khê, huyện Tràng Định")
    that_khe = db.session.scalar(select(Unit.code).where(Unit.name == "Xã Thất Khê"))
    assert slugs_in_units(that_khe) == set(result)


def test_former_district_finds_its_points(app):
    result = set(found(q="huyện Hữu Lũng"))
    assert "buu-cuc-huu-lung" in result and "buu-cuc-tuan-son" in result


def offering(code: str) -> set[str]:
    stmt = (select(Point.slug).join(PointService, PointService.point_id == Point.id)
            .join(Service).where(Service.code == code))
    return set(db.session.scalars(stmt))


@pytest.mark.parametrize("query,code", [("chuyển tiền", "chuyen-tien"), ("khai sinh", "tthc-khai-sinh"),
                                        ("pension", "chi-tra-luong-huu"),
                                        ("CHỨNG THỰC BẢN SAO", "tthc-chung-thuc")])
def test_service_names_find_the_points_offering_them(app, query, code):
    assert offering(code) and set(found(q=query)) == offering(code)


def test_a_service_and_a_place_together(app):
    # No point holds the whole phrase, so every word is looked for apart (services included).
    result = set(found(q="chuyen tien huu lung"))
    huu_lung = set(found(q="huu lung"))
    assert offering("chuyen-tien") & huu_lung <= result <= huu_lung
    assert len(result) < len(huu_lung)


def test_better_matches_first(app):
    result = found(q="huu lung")
    names = [db.session.scalar(select(Point.name).where(Point.slug == s)) for s in result]
    # Named "<type> Hữu Lũng" (exact), then "… Hữu Lũng 1, 2, 3" (prefix), then the points of the
    # former district (an exact match of a place, not of the name), by name.
    assert names[:5] == ["Bưu cục Hữu Lũng", "Ki-ốt bưu điện Hữu Lũng", "Đại lý bưu điện Hữu Lũng 1",
                         "Đại lý bưu điện Hữu Lũng 2", "Đại lý bưu điện Hữu Lũng 3"]
    assert names.index("Điểm BĐ-VHX Hòa Bình (huyện Hữu Lũng cũ)") > 5


def test_match_rank_orders_exact_prefix_substring():
    in_unit, elsewhere_text = "x | xa tan thanh | huyen trang dinh", "x | xa hoa lac | huyen trang dinh"
    exact = match_rank("tan thanh", "Bưu cục Tân Thành", in_unit)
    prefix = match_rank("tan thanh", "Đại lý bưu điện Tân Thành 2", in_unit)
    place = match_rank("tan thanh", "Ki-ốt bưu điện Khác", in_unit)
    substring = match_rank("tan thanh", "Điểm BĐ-VHX Hòa Tân Thành", elsewhere_text)
    words_only = match_rank("tan thanh", "Ki-ốt bưu điện Khác", "x | tan lap thanh")
    assert exact < prefix < place < substring < words_only
    assert match_rank("tan thanh", "Xã Tân Thành", elsewhere_text) == exact  # "xã" left out


@pytest.mark.parametrize("kind", POINT_TYPES)
def test_type_filter_returns_only_that_type(app, kind):
    result = search_points(PointFilters(type=kind), per_page=ALL)
    assert result.total == len(result.points) > 0
    assert {p.type for p in result.points} == {kind}


def test_type_counts_add_up(app):
    for q in ("", "lang son", "huu lung"):
        total = search_points(PointFilters(q=q)).total
        assert sum(search_points(PointFilters(q=q, type=k)).total for k in POINT_TYPES) == total
    assert search_points(PointFilters(type="bdvhx")).total == 79
    assert search_points(PointFilters()).total == 235


def test_unit_filter_returns_only_that_unit_and_counts_add_up(app):
    units = db.session.scalars(select(Unit.code)).all()
    totals = {code: search_points(PointFilters(unit=code), per_page=ALL) for code in units}
    assert all({p.unit_code for p in r.points} <= {code} for code, r in totals.items())
    assert sum(r.total for r in totals.values()) == 235


def test_service_filter_returns_only_points_offering_it(app):
    result = found(service="tthc-khai-sinh")
    assert set(result) == offering("tthc-khai-sinh")
    both = found(service="tthc-khai-sinh", q="huu lung")
    assert set(both) == set(result) & set(found(q="huu lung"))


def open_at(hours, at: datetime) -> bool:
    """Independent reading of stored hours: a range of that weekday holds the time."""
    return any(h.weekday == at.weekday() and h.opens <= at.time() < h.closes for h in hours)


@pytest.mark.parametrize("moment", [
    datetime(2026, 12, 7, 13, 45, tzinfo=VN_TZ),  # Monday: the 13:30 openers, not the 14:00 ones
    datetime(2026, 12, 7, 7, 15, tzinfo=VN_TZ),  # Monday: the 07:00 openers only
    datetime(2026, 12, 6, 9, 0, tzinfo=VN_TZ),  # Sunday: the few open on Sunday mornings
])
def test_open_now_filter_and_the_closed_make_the_total(app, monkeypatch, moment):
    monkeypatch.setitem(app.config, "CLOCK", lambda: moment)
    every = db.session.scalars(select(Point)).all()
    expected = {p.slug for p in every if open_at(p.hours, moment)}
    open_now = found(open_now=True)
    assert set(open_now) == expected
    assert 0 < len(open_now) < 235
    closed = [p for p in every if p.slug not in set(open_now)]
    assert len(open_now) + len(closed) == 235


def test_near_sorts_by_distance_and_shows_it(app, client):
    here = (21.8537, 106.7615)  # Lạng Sơn city
    result = search_points(PointFilters(near=here), per_page=ALL)
    distances = [distance_km(*here, p.lat, p.lon) for p in result.points]
    assert distances == sorted(distances)
    assert result.total == 235
    html = client.get("/points?near=21.8537,106.7615").get_data(as_text=True)
    first = result.points[0]
    assert html.index(first.name) < html.index(result.points[1].name)
    assert re.search(r'class="distance">cách [\d,]+ (m|km)</span>', html)


def test_pages_cover_the_results_once(app):
    filters = dict(q="lang son")
    total = search_points(PointFilters(**filters)).total
    pages = [search_points(PointFilters(**filters, page=n), per_page=50) for n in range(1, 7)]
    slugs = [p.slug for page in pages for p in page.points]
    assert len(slugs) == len(set(slugs)) == total == 235
    assert pages[0].pages == 5 and pages[5].points == []


def test_nothing_found_says_so_and_offers_alternatives(app, client):
    html = client.get("/points?q=huu+lug").get_data(as_text=True)
    assert "Không tìm thấy điểm phục vụ nào" in html
    assert 'href="/points?unit=06385"' in html and "Xã Hữu Lũng" in html  # the close name
    alternatives = search_alternatives(PointFilters(q="hoang dongg"))
    assert alternatives.former_names[0] == "Xã Hoàng Đồng"


def test_filtered_nothing_offers_the_same_query_without_filters(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2026, 12, 6, 23, 0, tzinfo=VN_TZ))
    html = client.get("/points?q=huu+lung&open_now=1&type=kiot").get_data(as_text=True)
    assert "Không tìm thấy điểm phục vụ nào" in html
    total = search_points(PointFilters(q="huu lung")).total
    assert f"Bỏ các bộ lọc: {total} điểm phù hợp" in html
    assert 'href="/points?q=huu+lung"' in html


def test_bad_arguments_are_reported_not_fatal(app, client):
    filters, errors = parse_filters({"near": "north", "type": "castle", "page": "x"})
    assert set(errors) == {"near", "type", "page"} and filters == PointFilters()
    response = client.get("/points?near=north&type=castle")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Vị trí không hợp lệ" in html and "Loại điểm không hợp lệ" in html
    assert "Tìm thấy 235 điểm phục vụ" in html


def test_search_text_holds_each_former_district_apart(app):
    text = db.session.scalar(select(Point.search_text).where(Point.slug == "buu-cuc-dong-dang"))
    assert "| huyen cao loc |" in f"{text} |"
    assert fold("Thị trấn Đồng Đăng") in text

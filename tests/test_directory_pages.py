"""The directory pages: full page and htmx fragment (acceptance 2), the map served as a script of
ours, the language switch, and the number of queries a page costs."""
import json
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from app import maps
from app.cache import forget_cached_pages
from app.extensions import db
from app.models import Point
from app.queries.search import PointFilters, search_points

HX = {"HX-Request": "true", "HX-Target": "results", "HX-Current-URL": "http://localhost/"}


@pytest.mark.parametrize("path", ["/", "/points"])
def test_full_page_has_form_list_and_map(client, path):
    response = client.get(f"{path}?q=huu+lung")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith("<!doctype html>") and '<html lang="vi">' in html
    assert 'id="search-form"' in html and f'action="{path}"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html and 'hx-push-url="true"' in html
    assert '<div id="results"' in html and 'class="point-list"' in html
    assert 'data-map-script="/points/map.js?q=huu+lung"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_request_gets_only_the_results_fragment(client):
    response = client.get("/points?q=huu+lung", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<head" not in html and 'id="search-form"' not in html
    assert 'class="point-list"' in html and "Bưu cục Hữu Lũng" in html
    total = search_points(PointFilters(q="huu lung")).total
    assert f'<p id="result-count" hx-swap-oob="innerHTML">Tìm thấy {total} điểm phục vụ' in html
    assert 'data-map-script="/points/map.js?q=huu+lung"' in html  # the swap refreshes the map
    assert "HX-Request" in response.headers["Vary"]


def test_history_restore_gets_the_full_page(client):
    response = client.get("/points?q=huu+lung", headers={**HX, "HX-History-Restore-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" in html and 'id="search-form"' in html and "Bưu cục Hữu Lũng" in html
    assert "HX-Request" in response.headers["Vary"]


def test_fragment_and_page_list_the_same_points(client):
    page = client.get("/points?q=dong+dang&type=dai-ly").get_data(as_text=True)
    fragment = client.get("/points?q=dong+dang&type=dai-ly", headers=HX).get_data(as_text=True)
    names = re.compile(r'<h3 class="point-name"><a href="([^"]+)">')
    assert names.findall(page) == names.findall(fragment) and len(names.findall(page)) == 3


def test_pagination_links_keep_the_filters_and_work_with_htmx(client):
    html = client.get("/points?type=dai-ly&page=2").get_data(as_text=True)
    assert 'href="/points?type=dai-ly" rel="prev" hx-get="/points?type=dai-ly" hx-target="#results"' in html
    assert 'href="/points?type=dai-ly&amp;page=3" rel="next"' in html
    assert '<ol class="point-list" start="21">' in html


def map_features(script: str) -> list[dict]:
    """The GeoJSON features the map script adds to its layer."""
    data = re.search(r"_add\((\{.*\})\);", script).group(1)
    return json.loads(data)["features"]


def test_map_script_is_served_from_our_url_with_every_result(client):
    response = client.get("/points/map.js")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    script = response.get_data(as_text=True)
    features = map_features(script)
    assert len(features) == 235
    assert script.count("L.geoJson(") == 1  # one layer, not 235 markers
    assert "L.marker(" not in script and "new L.Marker" not in script
    assert "http://" not in script and "https://" not in script  # no tiles in tests, no CDN
    assert '<a href=\\"/points/buu-cuc-huu-lung\\">' in script.replace("\\u003c", "<").replace("\\u003e", ">")


def test_map_follows_the_filters(client):
    features = map_features(client.get("/points/map.js?q=huu+lung&type=bdvhx").get_data(as_text=True))
    expected = search_points(PointFilters(q="huu lung", type="bdvhx"), per_page=1000).points
    assert len(features) == len(expected) > 0
    assert {f["properties"]["type"] for f in features} == {"bdvhx"}
    expected_spots = sorted((round(p.lon, 5), round(p.lat, 5)) for p in expected)
    assert sorted(tuple(f["geometry"]["coordinates"]) for f in features) == expected_spots


def test_page_and_script_name_the_same_map(client):
    html = client.get("/?q=dong+dang").get_data(as_text=True)
    script = client.get("/points/map.js?q=dong+dang").get_data(as_text=True)
    map_div = re.search(r'<div class="folium-map" id="(map_[0-9a-f]+)"', html).group(1)
    assert f'document.getElementById("{map_div}")' in script and f'L.map(\n                "{map_div}"' in script
    other = client.get("/points/map.js?q=huu+lung").get_data(as_text=True)
    assert map_div not in other


def test_map_container_is_what_folium_renders_for_the_map(app):
    """The page writes the map's <div> itself; it must stay what folium would render for that map."""
    from app.maps.directory import container, new_map

    with app.test_request_context():
        root = new_map("0123456789ab").get_root()
        root.render()
        assert str(container("0123456789ab")) == root.html.render().strip()


def test_map_without_tiles_sets_a_max_zoom_and_with_tiles_uses_the_setting(app, client, monkeypatch):
    script = client.get("/points/map.js").get_data(as_text=True)
    assert '"maxZoom": 18' in script and "tileLayer" not in script
    monkeypatch.setitem(app.config, "MAP_TILES_URL", "https://tiles.example.org/{z}/{x}/{y}.png")
    monkeypatch.setitem(app.config, "MAP_TILES_ATTRIBUTION", "Tiles by Example")
    forget_cached_pages()  # settings do not change while a server runs; this test changes them
    script = client.get("/points/map.js").get_data(as_text=True)
    assert 'L.tileLayer(\n                "https://tiles.example.org/{z}/{x}/{y}.png"' in script
    assert '"attribution": "Tiles by Example"' in script


def test_map_popup_escapes_names():
    html = maps.popup_html('<img src=x onerror="alert(1)">', "/points/x", "Ki-ốt bưu điện")
    assert "<img" not in html and "&lt;img" in html
    assert html.startswith('<a href="/points/x">')


def test_legend_lists_every_type_as_text(client):
    html = client.get("/").get_data(as_text=True)
    legend = re.search(r'<ul class="map-legend"[^>]*>(.*?)</ul>', html, re.S).group(1)
    for label in ("Bưu cục", "Điểm Bưu điện – Văn hóa xã", "Đại lý bưu điện", "Ki-ốt bưu điện"):
        assert label in legend


def test_legend_colours_are_the_map_colours():
    with open("static/css/site.css", encoding="utf-8") as handle:
        css = handle.read()
    for kind, style in maps.TYPE_STYLES.items():
        assert re.search(rf"\.swatch-{kind} {{ background: {style['color']}; }}", css), kind


def test_english_page_translates_labels_and_services(client):
    html = client.get("/points?lang=en&q=huu+lung").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Commune post and culture point (BĐ-VHX)" in html and "Post office" in html
    assert "Domestic money transfer" in html and "Chuyển tiền trong nước" not in html
    assert re.search(r"Found \d+ service points", html)


def test_language_switch_keeps_the_query(client):
    html = client.get("/points?q=huu+lung&type=bdvhx").get_data(as_text=True)
    form = re.search(r'<form method="post" action="(/lang/en)">\s*<input type="hidden" name="next" value="([^"]+)"', html)
    response = client.post(form.group(1), data={"next": form.group(2).replace("&amp;", "&")})
    assert response.status_code == 303
    assert response.headers["Location"] == "/points?q=huu+lung&type=bdvhx"
    assert "lang=en" in response.headers["Set-Cookie"]
    english = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="en">' in english and 'value="huu lung"' in english


@contextmanager
def counted_queries():
    """Count the SQL statements run inside the block."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("per_page", [5, 50])
def test_directory_queries_do_not_grow_with_the_page(app, client, per_page):
    app.config["POINTS_PER_PAGE"] = per_page
    try:
        client.get("/points?q=lang+son")  # warm the cached "illustrative" label
        forget_cached_pages()  # count what rendering costs, not a cache hit
        with counted_queries() as statements:
            assert client.get("/points?q=lang+son").status_code == 200
        with counted_queries() as script_statements:
            assert client.get("/points/map.js?q=lang+son").status_code == 200
    finally:
        app.config["POINTS_PER_PAGE"] = 20
    # + 1 each: the data version the page cache is keyed by
    assert len(statements) <= 9, statements
    assert len(script_statements) <= 3  # the points, and whether the phrase is found as a whole


def test_point_page_queries_are_few(app, client):
    slug = db.session.scalar(select(Point.slug).where(Point.type == "buu-cuc").limit(1))
    client.get(f"/points/{slug}")
    with counted_queries() as statements:
        assert client.get(f"/points/{slug}").status_code == 200
    assert len(statements) <= 10, statements


def test_near_is_kept_in_the_form_and_can_be_dropped(client):
    html = client.get("/points?q=huu+lung&near=21.854,106.762").get_data(as_text=True)
    assert '<input type="hidden" name="near" value="21.854,106.762">' in html
    assert '<a href="/points?q=huu+lung">Bỏ xếp theo khoảng cách</a>' in html
    assert "gần nhất trước" in html
    assert 'data-map-script="/points/map.js?q=huu+lung&amp;near=21.854,106.762"' in html

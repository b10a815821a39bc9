"""The quality overview: scores per criterion and period, filters, sorting, htmx, map and CSV."""
import csv
import io
import re

import pytest
from sqlalchemy import event

from app.extensions import db
from app.admin.params import parse_overview_filters, quarter_arg
from app.queries.overview import OverviewFilters
from app.clock import current_quarter
from app.queries.scores import forget_province_means
from app.templating import forget_illustrative_label
from app.scoring import previous_quarter, quarter_label
from tests.admin_factories import points, ratings, rebuild_aggregates, signed_in, table_rows

Q = current_quarter()
P = previous_quarter(Q)


@pytest.fixture
def rated(app):
    """A falls from 5 to about 1.5, B rises from 3 to 4.6, C has too few ratings, D rated last quarter."""
    a, b, c, d = points(4)
    ratings(a, [1, 2, 1, 2, 1, 2], Q, access=2, staff=1)
    ratings(a, [5, 5, 5, 5, 5], P)
    ratings(b, [5, 4, 5, 4, 5, 5, 4], Q, channel="qr")
    ratings(b, [3, 3, 3, 3, 3], P)
    ratings(c, [3, 3], Q)
    ratings(d, [4, 4, 4, 4, 4], P)
    rebuild_aggregates()
    return {"a": a, "b": b, "c": c, "d": d}


@pytest.fixture
def staff(client):
    """A client signed in as a reviewer (who may read the overview)."""
    return signed_in(client, "reviewer")


def rows_of(staff, query: str = "") -> list[list[str]]:
    """The overview table's rows for a query string."""
    response = staff.get(f"/admin/?{query}")
    assert response.status_code == 200
    return table_rows(response.get_data(as_text=True))


def names(rows) -> list[str]:
    return [row[0] for row in rows]


def vietnamese_decimal(text: str) -> float:
    """A score as the Vietnamese page writes it ("2,87"): a comma, never a dot, before the decimals."""
    assert "." not in text, text
    return float(text.replace(",", "."))


def test_lowest_score_first_with_every_criterion(staff, rated):
    rows = rows_of(staff, f"quarter={quarter_arg(Q)}")
    total_points = len(points())
    assert len(rows) == total_points
    assert names(rows)[:2] == [rated["a"].name, rated["b"].name]
    a_row = rows[0]
    assert a_row[3] == "6"  # ratings this quarter
    overall, access, staff_score = (vietnamese_decimal(v) for v in (a_row[4], a_row[5], a_row[7]))
    assert overall < 3 and access < overall + 1 and staff_score < 3
    assert a_row[6] == "–"  # procedure was never rated
    assert a_row[10].startswith("▼")  # fell since last quarter
    assert rows_of(staff, "sort=overall&dir=desc")[0][0] == rated["b"].name


def test_province_summary(staff, rated):
    page = staff.get(f"/admin/?quarter={quarter_arg(Q)}").get_data(as_text=True)
    mean = (9 + 32 + 6) / 15
    assert f"{mean:.2f}/5".replace(".", ",") in page  # 3,13/5
    assert f"<dd>15</dd>" in page
    assert f"<dd>{len(points()) - 2}/{len(points())}</dd>" in page


@pytest.mark.parametrize("query, expected", [
    ("below=3", ["a"]),
    ("falling=1", ["a"]),
    ("below=4.9&sort=name", ["b", "a"]),
])
def test_filters(staff, rated, query, expected):
    assert names(rows_of(staff, query)) == [rated[k].name for k in expected]


def test_type_unit_and_not_enough_filters(staff, rated):
    a = rated["a"]
    by_type = rows_of(staff, f"type={a.type}")
    assert by_type and len(by_type) == sum(1 for p in points() if p.type == a.type)
    by_unit = rows_of(staff, f"unit={a.unit_code}")
    assert a.name in names(by_unit) and len(by_unit) == sum(1 for p in points() if p.unit_code == a.unit_code)
    not_enough = names(rows_of(staff, "not_enough=1"))
    assert rated["c"].name in not_enough and rated["a"].name not in not_enough
    assert len(not_enough) == len(points()) - 2


def test_rolling_twelve_months_counts_every_quarter(staff, rated):
    rows = {row[0]: row for row in rows_of(staff, "quarter=12m")}
    assert rows[rated["a"].name][3] == "11" and rows[rated["d"].name][3] == "5"
    previous = {row[0]: row for row in rows_of(staff, f"quarter={quarter_arg(P)}")}
    assert previous[rated["a"].name][3] == "5" and vietnamese_decimal(previous[rated["a"].name][4]) > 4


def test_sort_links_work_without_javascript(staff, rated):
    page = staff.get("/admin/?sort=count&dir=desc").get_data(as_text=True)
    assert 'aria-sort="descending"' in page
    rows = table_rows(page)
    assert names(rows)[:3] == [rated["b"].name, rated["a"].name, rated["c"].name]
    # The count heading now links to the ascending order, keeping the period.
    assert f'href="/admin/?quarter={quarter_arg(Q)}&amp;sort=count&amp;dir=asc"' in page


def test_htmx_gets_only_the_results(staff, rated):
    headers = {"HX-Request": "true", "HX-Target": "overview-results"}
    fragment = staff.get("/admin/?below=3", headers=headers)
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
    assert body.lstrip().startswith('<div id="overview-results">') and "<html" not in body
    assert names(table_rows(body)) == [rated["a"].name]
    restore = staff.get("/admin/", headers={**headers, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)


def test_csv_is_what_the_page_shows(staff, rated):
    query = "below=4.9&sort=overall&dir=asc"
    shown = rows_of(staff, query)
    response = staff.get(f"/admin/overview.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert lines[0][:2] == ["Mã điểm", "Tên điểm"]
    assert [line[1] for line in lines[1:]] == names(shown)
    assert [f"{float(line[5]):.2f}".replace(".", ",") for line in lines[1:]] == [row[4] for row in shown]


def test_map_is_served_from_our_url(staff, rated):
    page = staff.get("/admin/?below=3").get_data(as_text=True)
    div = re.search(r'<div class="folium-map admin-map" id="map_quality_([0-9a-f]{8})"></div>', page)
    token = div.group(1)
    script_url = f"/admin/map/{token}.js?quarter={quarter_arg(Q)}&below=3&sort=overall&dir=asc"
    assert f'<script src="{script_url.replace("&", "&amp;")}" defer>' in page
    assert "/static/vendor/leaflet/leaflet.js" in page
    script = staff.get(script_url)
    text = script.get_data(as_text=True)
    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert f'L.map(\n                "map_quality_{token}"' in text
    assert text.count('"type": "Polygon"') == 65  # every commune/ward shaded
    assert rated["a"].slug in text and rated["b"].slug not in text  # points of the same filters
    assert "cdn" not in text and "tile.openstreetmap" not in text  # no tiles configured in tests
    assert staff.get("/admin/map/zzzzzzzz.js").status_code == 404


def test_each_render_names_its_map_afresh(staff, rated):
    # htmx would otherwise copy the old map's inline style onto the new one, which the CSP blocks.
    pattern = r'id="(map_quality_[0-9a-f]{8})"'
    first, second = (re.search(pattern, staff.get("/admin/").get_data(as_text=True)).group(1)
                     for _ in range(2))
    assert first != second


def test_overview_reads_a_fixed_number_of_queries(staff, rated, app):
    def count_queries() -> int:
        forget_province_means()  # measure a cold render each time: the per-process caches
        forget_illustrative_label()  # would otherwise make the first count differ from the second
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert staff.get("/admin/?quarter=12m").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)
    few = count_queries()
    for point in points(60):
        ratings(point, [4, 3, 5, 2, 4, 4], Q, access=3)
    rebuild_aggregates()
    assert count_queries() == few <= 10


def test_it_opens_on_the_latest_finished_quarter_with_ratings(staff, rated):
    """Opened without a choice: last quarter (rated), said so; with a choice, no such note."""
    page = staff.get("/admin/").get_data(as_text=True)
    assert f'<option value="{quarter_arg(P)}" selected>' in page
    assert f"Trang mở ở {quarter_label(P)}, quý gần nhất đã kết thúc có đánh giá." in page
    assert {row[0]: row for row in table_rows(page)}[rated["d"].name][3] == "5"
    assert "Trang mở ở" not in staff.get(f"/admin/?quarter={quarter_arg(Q)}").get_data(as_text=True)


def test_without_finished_quarters_rated_it_opens_on_twelve_months(staff, app):
    """Only this quarter rated: the rolling 12 months, said so."""
    ratings(points(1)[0], [4, 4, 4, 4, 4], Q)
    rebuild_aggregates()
    page = staff.get("/admin/").get_data(as_text=True)
    assert '<option value="12m" selected>' in page
    assert "Trang mở ở 12 tháng gần nhất vì chưa quý nào đã kết thúc có đánh giá." in page


def test_unreadable_filters_are_ignored():
    filters = parse_overview_filters({"quarter": "bogus", "type": "castle", "below": "x",
                                      "sort": "drop table"})
    assert filters == OverviewFilters(quarter=current_quarter())
    assert parse_overview_filters({"quarter": "12m", "below": "2,5"}).below == 2.5


def test_overview_in_english(staff, rated):
    page = staff.get("/admin/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    for english in ("Service quality by point", "Last 12 months", "Commune post and culture point (BĐ-VHX)"):
        assert english in page

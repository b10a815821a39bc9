"""Acceptance 2 and the other formats: GeoJSON checked by a third-party validator, the CSV keeps
Vietnamese through a round trip, the catalogue and the units with their former names."""
import csv
import io
import json

import geojson_validator
from sqlalchemy import func, select

from app.api.export import CSV_COLUMNS
from app.extensions import db
from app.geo import point_in_polygon
from app.models import Point, PointService, Service, Unit

VIETNAMESE_NAME = "Điểm BĐ-VHX Ngọc Động – Đồng Đăng “mới”"


def test_geojson_passes_a_third_party_validator(client):
    response = client.get("/api/points.geojson")
    assert response.mimetype == "application/geo+json"
    collection = response.json
    assert geojson_validator.validate_structure(collection) == {}
    geometry_report = geojson_validator.validate_geometries(collection)
    assert geometry_report["invalid"] == {}
    assert len(collection["features"]) == 235


def test_geojson_is_lon_lat_inside_each_unit(client):
    geometries = {code: json.loads(text) for code, text in db.session.execute(select(Unit.code, Unit.geometry))}
    features = client.get("/api/points.geojson").json["features"]
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert point_in_polygon(lon, lat, geometries[feature["properties"]["unit_code"]]), feature["properties"]


def test_geojson_takes_the_same_filters(client):
    features = client.get("/api/points.geojson?type=bdvhx").json["features"]
    assert len(features) == 79
    assert {f["properties"]["type"] for f in features} == {"bdvhx"}


def read_csv_response(client, path="/api/points.csv"):
    response = client.get(path)
    raw = response.data
    return response, raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_served_from_the_page_cache_is_still_a_download(client):
    first = client.get("/api/points.csv")
    again = client.get("/api/points.csv")  # the same data version: the cached copy
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    assert "attachment" in again.headers["Content-Disposition"] and again.data == first.data


def test_csv_has_a_bom_and_the_documented_columns(client):
    response, raw, rows = read_csv_response(client)
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Type"].endswith("charset=utf-8")
    assert "attachment" in response.headers["Content-Disposition"]
    assert raw.startswith("\ufeff".encode("utf-8"))
    header = raw.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [name for name, _ in CSV_COLUMNS]
    assert len(rows) == 235


def test_csv_round_trip_keeps_vietnamese_exactly(client):
    point = db.session.scalar(select(Point).where(Point.code == "BC-240000"))
    point.name = VIETNAMESE_NAME
    point.address = "Số 1, ngõ 2, đường Trần Đăng Ninh, Phường Đông Kinh, Tỉnh Lạng Sơn"
    db.session.commit()
    _, raw, rows = read_csv_response(client)
    written = {row["code"]: row for row in rows}["BC-240000"]
    assert written["name"] == VIETNAMESE_NAME
    assert written["address"] == point.address
    # Writing the rows back with the csv module and the BOM gives the same bytes.
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in CSV_COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    assert out.getvalue().encode("utf-8") == raw
    names = {row["name"] for row in rows}
    assert names == set(db.session.scalars(select(Point.name).where(Point.is_active.is_(True))))


def test_csv_columns_hold_what_the_import_reads(client):
    _, _, rows = read_csv_response(client, "/api/points.csv?q=gd cap 1")
    row = rows[0]
    assert row["unit_code"] == "05977" and row["unit_name"] == "Phường Đông Kinh"
    assert row["hours"] == "T2-T7 07:00-19:00; CN 07:00-11:30"
    # A procedure whose handling is not known is written bare, as the import reads it back.
    assert "tthc-khai-sinh" in row["services"].split(";") and "tthc-ho-chieu" not in row["services"]
    assert row["office_code"] == "240000" and row["postcode"] == "" and row["is_illustrative"] == "0"
    assert row["coord_quality"] == "approximate" and row["phone"] == "0205 3870 047"
    assert row["url"].endswith("/points/gd-cap-1-lang-son")


def test_services_with_how_many_points_offer_each(client):
    items = client.get("/api/services").json["items"]
    assert len(items) == db.session.scalar(select(func.count()).select_from(Service))
    counted = dict(db.session.execute(
        select(Service.code, func.count(PointService.point_id)).join(PointService).group_by(Service.code)).all())
    for item in items:
        assert item["points"] == counted.get(item["code"], 0)
    passport = next(i for i in items if i["code"] == "tthc-ho-chieu")
    assert passport["is_procedure"] is True and passport["category"] == "public_admin"
    assert passport["status"] == "withdrawn" and passport["points"] == 0 and passport["note_vi"]


def test_units_with_their_former_names(client):
    items = {u["code"]: u for u in client.get("/api/units").json["items"]}
    assert len(items) == 65
    tam_thanh = items["05986"]
    assert tam_thanh["name"] == "Phường Tam Thanh"
    hoang_dong = next(c for c in tam_thanh["former_communes"] if c["name"] == "Xã Hoàng Đồng")
    assert hoang_dong["district_name"] == "Thành phố Lạng Sơn" and hoang_dong["also_became"] == []
    kien_moc = next(c for c in items["06625"]["former_communes"] if c["name"] == "Xã Bính Xá")
    assert kien_moc["also_became"] == ["06613"]
    assert sum(u["points"] for u in items.values()) == 235
    assert "geometry" not in tam_thanh

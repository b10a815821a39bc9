"""The foundation: health, the seeded directory as GeoJSON, idempotent seed, settings."""
import json

import pytest
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import shape
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Point, Unit
from tests.databases import DATA_DIR

import csv


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"
    assert response.json["points"] == 235


def test_geojson_is_the_seeded_directory(client, app):
    response = client.get("/api/points.geojson")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    features = response.json["features"]
    assert len(features) == 235
    assert sum(f["properties"]["type"] == "bdvhx" for f in features) == 79
    for feature in features:
        assert set(feature["properties"]) >= {"slug", "name", "type", "unit_code", "services", "score", "ratings"}


def test_every_point_inside_its_unit_polygon(client, app):
    features = client.get("/api/points.geojson").json["features"]
    with open(DATA_DIR / "lang_son_communes.geojson", encoding="utf-8") as fh:
        polygons = {f["properties"]["code"]: shape(f["geometry"]) for f in json.load(fh)["features"]}
    outside = [
        f["properties"]["slug"] for f in features
        if not polygons[f["properties"]["unit_code"]].contains(ShapelyPoint(*f["geometry"]["coordinates"]))
    ]
    assert outside == []


def test_real_offices_by_their_real_names(client):
    names = {f["properties"]["name"] for f in client.get("/api/points.geojson").json["features"]}
    with open(DATA_DIR / "lang_son_post_offices.csv", encoding="utf-8") as fh:
        offices = list(csv.DictReader(fh))
    assert len(offices) == 15
    assert {o["name"] for o in offices} <= names
    offices_by_name = {p.name: p for p in db.session.scalars(select(Point).where(Point.office_code.is_not(None)))}
    for office in offices:
        point = offices_by_name[office["name"]]
        assert (point.office_code, point.phone, point.postcode) == (office["office_code"], office["phone"], None)


def table_snapshot() -> dict:
    """Every row of every table, to compare before and after a command."""
    snapshot = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        snapshot[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return snapshot


def test_second_seed_changes_no_row(app, runner):
    before = table_snapshot()
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Nothing to change" in result.output
    assert table_snapshot() == before


def test_units_and_former_units_loaded(app):
    assert db.session.scalar(select(db.func.count()).select_from(Unit)) == 65
    tam_thanh = db.session.get(Unit, "05986")
    assert "Xã Hoàng Đồng" in [c.name for c in tam_thanh.former_communes]


def test_production_refuses_default_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_seeded_hours_round_trip_through_the_hours_syntax(app):
    from app.hours import Interval, format_hours, parse_hours
    from app.models import PointHours

    rows = db.session.execute(select(PointHours.point_id, PointHours.weekday, PointHours.opens, PointHours.closes)).all()
    by_point: dict[int, list] = {}
    for point_id, weekday, opens, closes in rows:
        by_point.setdefault(point_id, []).append(Interval(weekday, opens, closes))
    assert len(by_point) == 235  # every point has opening hours
    for intervals in by_point.values():
        assert parse_hours(format_hours(intervals)) == sorted(intervals)
        assert any(i.weekday < 5 for i in intervals)  # open on working days

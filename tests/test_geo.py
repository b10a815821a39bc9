"""app.geo: containment, bbox, sampling and distances, checked against shapely and the data."""
import csv
import json
import random
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from app import geo

DATA = Path(__file__).resolve().parents[1] / "data"

SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ],
}
TWO_SQUARES = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
        [[[5, 5], [7, 5], [7, 7], [5, 7], [5, 5]]],
    ],
}


@pytest.fixture(scope="module")
def geometries():
    return geo.load_unit_geometries(DATA / "lang_son_communes.geojson")


@pytest.mark.parametrize("lon, lat, expected", [
    (1, 1, True), (9.5, 9.5, True), (5, 5, False), (4.5, 5.5, False), (11, 5, False), (-0.1, 3, False),
])
def test_polygon_with_hole(lon, lat, expected):
    assert geo.point_in_polygon(lon, lat, SQUARE_WITH_HOLE) is expected


@pytest.mark.parametrize("lon, lat, expected", [
    (0.5, 0.5, True), (6, 6, True), (3, 3, False), (6, 8, False),
])
def test_multipolygon(lon, lat, expected):
    assert geo.point_in_polygon(lon, lat, TWO_SQUARES) is expected


def test_unsupported_geometry_is_refused():
    with pytest.raises(ValueError):
        geo.point_in_polygon(0, 0, {"type": "Point", "coordinates": [0, 0]})


def test_bbox():
    assert geo.bbox(SQUARE_WITH_HOLE) == (0, 0, 10, 10)
    assert geo.bbox(TWO_SQUARES) == (0, 0, 7, 7)


def test_load_unit_geometries_matches_units_csv(geometries):
    with open(DATA / "lang_son_units.csv", encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    assert set(geometries) == codes
    assert len(codes) == 65


def test_agrees_with_shapely_on_every_unit(geometries):
    # Random points over each unit's bbox, plus the published centroid: same answer as GEOS.
    rng = random.Random(7)
    with open(DATA / "lang_son_units.csv", encoding="utf-8") as handle:
        centroids = {r["code"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(handle)}
    for code, geometry in geometries.items():
        polygon = shape(geometry)
        min_lon, min_lat, max_lon, max_lat = polygon.bounds
        assert geo.bbox(geometry) == pytest.approx((min_lon, min_lat, max_lon, max_lat))
        lat, lon = centroids[code]
        assert geo.point_in_polygon(lon, lat, geometry), code
        for _ in range(40):
            x, y = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
            assert geo.point_in_polygon(x, y, geometry) == polygon.contains(Point(x, y)), (code, x, y)


def test_hole_in_real_data_is_respected(geometries):
    # The data holds at least one polygon with an inner ring; a point in it is outside the unit.
    holed = [(c, g) for c, g in geometries.items() if len(g["coordinates"]) > 1]
    assert holed, "expected a polygon with a hole in the reference data"
    for code, geometry in holed:
        inner = shape({"type": "Polygon", "coordinates": [geometry["coordinates"][1]]})
        probe = inner.representative_point()
        assert not geo.point_in_polygon(probe.x, probe.y, geometry), code
        assert not shape(geometry).contains(probe)


def test_random_point_in_is_inside_and_deterministic(geometries):
    geometry = geometries[sorted(geometries)[0]]
    first = [geo.random_point_in(geometry, random.Random(3)) for _ in range(2)]
    assert first[0] == first[1]
    rng = random.Random(11)
    for _ in range(50):
        lat, lon = geo.random_point_in(geometry, rng)
        assert shape(geometry).contains(Point(lon, lat))
    assert geo.random_point_in(geometry, random.Random(4)) != first[0]


def test_random_point_in_avoids_holes():
    rng = random.Random(1)
    for _ in range(300):
        lat, lon = geo.random_point_in(SQUARE_WITH_HOLE, rng)
        assert not (4 <= lon <= 6 and 4 <= lat <= 6)


def test_random_point_apart_keeps_distance(geometries):
    geometry = geometries[sorted(geometries)[1]]
    rng, taken = random.Random(5), []
    for _ in range(10):
        lat, lon = geo.random_point_apart(geometry, rng, taken, 0.3)
        assert all(geo.distance_km(lat, lon, a, b) >= 0.3 for a, b in taken)
        assert shape(geometry).contains(Point(lon, lat))
        taken.append((lat, lon))


def test_nearby_point_in_moves_within_reach(geometries):
    with open(DATA / "lang_son_units.csv", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    lat, lon = float(row["lat"]), float(row["lon"])
    new_lat, new_lon = geo.nearby_point_in(geometries[row["code"]], lat, lon, [(lat, lon)], 0.3)
    assert 0.3 <= geo.distance_km(lat, lon, new_lat, new_lon) <= 1.6
    assert shape(geometries[row["code"]]).contains(Point(new_lon, new_lat))


def test_distance_km():
    assert geo.distance_km(21.8, 106.7, 21.8, 106.7) == 0
    # One degree of latitude is about 111.2 km on the mean sphere.
    assert geo.distance_km(21.0, 106.0, 22.0, 106.0) == pytest.approx(111.19, abs=0.05)
    # Hà Nội (Hoàn Kiếm) to Lạng Sơn city, straight line: about 130 km.
    assert geo.distance_km(21.0285, 105.8542, 21.8537, 106.7615) == pytest.approx(131, abs=3)
    assert geo.distance_km(21.0, 106.0, 22.0, 107.0) == geo.distance_km(22.0, 107.0, 21.0, 106.0)


def test_geojson_is_a_feature_collection_of_polygons():
    with open(DATA / "lang_son_communes.geojson", encoding="utf-8") as handle:
        collection = json.load(handle)
    assert collection["type"] == "FeatureCollection"
    assert {f["geometry"]["type"] for f in collection["features"]} <= {"Polygon", "MultiPolygon"}

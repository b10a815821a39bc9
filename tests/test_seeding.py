"""app.seeding: the planned directory checked against the reference data (SPEC "Data")."""
import csv
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import astuple, fields
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from app.geo import distance_km, load_unit_geometries
from app.seeding import COMMUNE_PROCEDURES, plan_directory

DATA = Path(__file__).resolve().parents[1] / "data"
TYPES = {"buu-cuc", "bdvhx", "dai-ly", "kiot"}
CATEGORIES = {"postal", "financial", "insurance", "public_admin", "culture"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def read_csv(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def plan():
    return plan_directory(DATA)


@pytest.fixture(scope="module")
def points(plan):
    return plan.points


@pytest.fixture(scope="module")
def communes():
    return {r["code"]: r for r in read_csv("lang_son_legacy_units.csv") if r["level"] == "commune"}


def test_reference_tables_carried_over(plan):
    units = read_csv("lang_son_units.csv")
    legacy = read_csv("lang_son_legacy_units.csv")
    assert [u.code for u in plan.units] == sorted(r["code"] for r in units)
    assert {(u.code, u.name, u.type, u.population) for u in plan.units} == {
        (r["code"], r["name"], r["type"], int(r["population"])) for r in units}
    assert {d.code for d in plan.former_districts} == {
        r["code"] for r in legacy if r["level"] == "district"}
    assert {c.code for c in plan.former_communes} == {
        r["code"] for r in legacy if r["level"] == "commune"}
    split = [c for c in plan.former_communes if len(c.new_unit_codes) > 1]
    assert all(len(c.new_unit_codes) == len(set(c.new_unit_codes)) for c in plan.former_communes)
    assert {c.code for c in split} == {
        r["code"] for r in legacy if r["level"] == "commune" and ";" in r["new_unit_codes"]}


def test_services_catalogue(plan):
    rows = read_csv("services.csv")
    assert [s.code for s in plan.services] == [r["code"] for r in rows]
    assert len({r["code"] for r in rows}) == len(rows)
    assert {r["category"] for r in rows} == CATEGORIES
    procedures = [r for r in rows if r["is_procedure"] == "1"]
    assert 6 <= len([r for r in procedures if r["status"] != "withdrawn"]) <= 10
    assert all(r["category"] == "public_admin" for r in procedures)
    assert {r["status"] for r in rows} == {"offered", "winding_down", "withdrawn"}
    assert all(r["basis"] for r in rows)
    assert {r["is_procedure"] for r in rows} == {"0", "1"}
    for row in rows:
        assert SLUG.match(row["code"]), row["code"]
        assert row["name_vi"] == unicodedata.normalize("NFC", row["name_vi"]) and row["name_en"]


def test_exactly_235_points(points):
    assert len(points) == 235
    assert {p.type for p in points} == TYPES


def test_exactly_79_bdvhx_in_distinct_former_communes(points, communes):
    bdvhx = [p for p in points if p.type == "bdvhx"]
    assert len(bdvhx) == 79
    codes = [p.former_commune_code for p in bdvhx]
    assert None not in codes and len(set(codes)) == 79
    for point in bdvhx:
        commune = communes[point.former_commune_code]
        assert commune["type"] in {"xã", "thị trấn"}
        bare = re.sub(r"^(Xã|Thị trấn) ", "", commune["name"])
        assert bare in point.name and point.name.startswith("Điểm BĐ-VHX ")
        assert point.unit_code in commune["new_unit_codes"].split("; ")
        assert commune["name"] in point.address_former


def test_real_post_offices_kept(points):
    rows = read_csv("lang_son_post_offices.csv")
    by_office = {p.office_code: p for p in points if p.office_code}
    assert len(by_office) == len(rows) == 15
    for row in rows:
        point = by_office[row["office_code"]]
        assert (point.name, point.address, point.address_former, point.unit_code, point.phone) == (
            row["name"], row["address"], row["address_pre2025"], row["unit_code"], row["phone"])
        assert point.type == "buu-cuc" and point.is_illustrative is False
        # The source gives no 5-digit postcode, and the spot is the unit's centroid, not the building.
        assert point.postcode is None and point.coord_quality == "approximate"
        assert point.sources["phone"] == "public:vnpost-list" and point.sources["hours"] == "illustrative"
        # Reference coordinate kept, or moved off a shared one by at most ~1.5 km.
        assert distance_km(point.lat, point.lon, float(row["lat"]), float(row["lon"])) <= 1.6
    coords = [(p.lat, p.lon) for p in by_office.values()]
    assert len(set(coords)) == len(coords)


def test_every_point_inside_its_unit(points):
    polygons = {code: shape(g) for code, g in
                load_unit_geometries(DATA / "lang_son_communes.geojson").items()}
    units = {r["code"] for r in read_csv("lang_son_units.csv")}
    for point in points:
        assert point.unit_code in units
        assert polygons[point.unit_code].contains(Point(point.lon, point.lat)), point.code


def test_points_spread_apart_within_a_unit(points):
    by_unit = defaultdict(list)
    for point in points:
        by_unit[point.unit_code].append(point)
    for unit_points in by_unit.values():
        for a, b in itertools.combinations(unit_points, 2):
            assert distance_km(a.lat, a.lon, b.lat, b.lon) >= 0.3, (a.code, b.code)


def test_every_unit_has_a_point(plan):
    assert {p.unit_code for p in plan.points} == {u.code for u in plan.units}


def test_codes_and_slugs_unique(points):
    assert len({p.code for p in points}) == len(points)
    assert len({p.slug for p in points}) == len(points)
    assert len({p.name for p in points}) == len(points)
    assert all(SLUG.match(p.slug) for p in points)


def test_hours_well_formed(points):
    for point in points:
        assert point.hours, point.code
        by_day = defaultdict(list)
        for interval in point.hours:
            assert 0 <= interval.weekday <= 6 and interval.closes > interval.opens, point.code
            by_day[interval.weekday].append((interval.opens, interval.closes))
        for intervals in by_day.values():
            intervals.sort()
            assert all(a[1] <= b[0] for a, b in zip(intervals, intervals[1:])), point.code


def test_services_exist_and_handling_matches(points):
    rows = {r["code"]: r for r in read_csv("services.csv")}
    for point in points:
        codes = [code for code, _ in point.services]
        assert codes and len(codes) == len(set(codes)), point.code
        for code, handling in point.services:
            assert code in rows and rows[code]["status"] != "withdrawn", code
            # Not known for a procedure either: only the registry says what a point does.
            assert handling is None


def test_type_profiles(points):
    counts = Counter(p.type for p in points)
    assert counts["buu-cuc"] >= 15 and counts["dai-ly"] > counts["kiot"] > 0
    for point in points:
        codes = {code for code, _ in point.services}
        if point.type == "bdvhx":
            assert {"gui-thu", "chi-tra-luong-huu", "doc-sach-bao"} <= codes
            assert codes & set(COMMUNE_PROCEDURES)  # takes in some procedures
        if point.type == "kiot":
            assert point.pension_days is None
        if point.pension_days is not None:
            first, last = point.pension_days
            assert 1 <= first <= last <= 31 and "chi-tra-luong-huu" in codes


def test_generated_points_are_honest(points):
    for point in points:
        if point.office_code:
            continue
        # No invented phone: the point's number is unknown, and the national hotline is not it.
        assert point.is_illustrative and point.phone is None
        assert set(point.sources.values()) == {"illustrative"}
        assert not re.search(r"\d", point.address), point.address  # no invented house numbers
        assert point.address.endswith("Tỉnh Lạng Sơn")


def test_text_is_nfc(plan):
    for record in itertools.chain(plan.units, plan.former_communes, plan.services, plan.points):
        for value in astuple(record):
            if isinstance(value, str):
                assert value == unicodedata.normalize("NFC", value)


def test_same_seed_same_plan(plan):
    again = plan_directory(DATA)
    assert again == plan
    assert [tuple(getattr(p, f.name) for f in fields(p)) for p in again.points] == [
        tuple(getattr(p, f.name) for f in fields(p)) for p in plan.points]


def test_other_seed_moves_generated_points(plan):
    other = plan_directory(DATA, seed=7)
    assert len(other.points) == 235
    generated = {p.code: (p.lat, p.lon) for p in plan.points if p.is_illustrative}
    moved = {p.code: (p.lat, p.lon) for p in other.points if p.is_illustrative}
    assert generated != moved
    real = {p.code: (p.lat, p.lon) for p in plan.points if not p.is_illustrative}
    assert real == {p.code: (p.lat, p.lon) for p in other.points if not p.is_illustrative}

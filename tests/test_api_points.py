"""The points API: JSON with the directory's filters, one point, 400 on bad input, ETag, CORS, privacy."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Feedback, FeedbackContact, Point, ScoreAggregate
from app.clock import current_quarter

PRIVATE_MARKERS = ("client_hash", "contact", "0987654321", "rater@example.vn", "secret-client-hash")


def active_count(**where) -> int:
    stmt = select(func.count()).select_from(Point).where(Point.is_active.is_(True))
    for column, value in where.items():
        stmt = stmt.where(getattr(Point, column) == value)
    return db.session.scalar(stmt)


def rate(point: Point, count: int, value: int = 4) -> None:
    """Aggregates as the feedback area keeps them, plus one raw rating with a private contact."""
    quarter = current_quarter()
    for criterion in ("overall", "staff"):
        db.session.add(ScoreAggregate(point_id=point.id, quarter=quarter, criterion=criterion,
                                      count=count, total=value * count, total_sq=value * value * count))
    feedback = Feedback(point_id=point.id, visit_date=date.today(), quarter=quarter, overall=value,
                        comment="Nhân viên nhiệt tình", comment_status="published",
                        client_hash="secret-client-hash", channel="web")
    feedback.contact = FeedbackContact(contact="rater@example.vn 0987654321", erase_after=date(2030, 1, 1))
    db.session.add(feedback)
    db.session.commit()


def test_list_pages_through_every_active_point(client):
    first = client.get("/api/points?per_page=100")
    assert first.status_code == 200
    body = first.json
    assert body["total"] == active_count() == 235
    assert (body["page"], body["per_page"], body["pages"]) == (1, 100, 3)
    assert len(body["items"]) == 100
    assert body["links"]["prev"] is None
    last = client.get(body["links"]["next"].replace("http://localhost", "")).json
    last = client.get(last["links"]["next"].replace("http://localhost", "")).json
    assert len(last["items"]) == 35 and last["links"]["next"] is None
    slugs = {p["slug"] for p in body["items"]} | {p["slug"] for p in last["items"]}
    assert len(slugs) == 135


def test_filters_are_the_directorys(client):
    body = client.get("/api/points?type=bdvhx&per_page=100").json
    assert body["total"] == active_count(type="bdvhx") == 79
    assert {p["type"] for p in body["items"]} == {"bdvhx"}
    in_unit = client.get("/api/points?unit=05977&per_page=100").json
    assert in_unit["total"] == active_count(unit_code="05977")
    assert {p["unit_name"] for p in in_unit["items"]} == {"Phường Đông Kinh"}
    with_service = client.get("/api/points?service=tthc-khai-sinh&per_page=100").json
    assert with_service["total"] > 0
    assert all("tthc-khai-sinh" in p["services"] for p in with_service["items"])
    # Passports are the police's since 2025: the filter finds no point for a withdrawn service.
    assert client.get("/api/points?service=tthc-ho-chieu&per_page=100").json["total"] == 0
    found = client.get("/api/points?q=gd cap 1").json
    assert [p["name"] for p in found["items"]] == ["GD Cấp 1 Lạng Sơn"]


def test_empty_filter_fields_mean_no_filter(client):
    body = client.get("/api/points?type=&unit=&service=&q=&near=&open_now=").json
    assert body["total"] == 235


@pytest.mark.parametrize("query, param", [
    ("type=hotel", "type"), ("page=0", "page"), ("page=abc", "page"), ("page=²", "page"),
    ("per_page=101", "per_page"), ("per_page=", "per_page"), ("near=91,106", "near"),
    ("near=abc", "near"), ("unit=123", "unit"), ("service=Gửi thư", "service"),
    ("open_now=yes", "open_now"), ("q=" + "x" * 201, "q")
])
def test_bad_filters_answer_400_in_json(client, query, param):
    response = client.get(f"/api/points?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.json["error"] == 400
    assert param in response.json["errors"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_nul_byte_anywhere_answers_400_in_json(client):
    response = client.get("/api/points?q=a%00b")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.json["error"] == 400


@pytest.mark.parametrize("path", ["/api/points.geojson?type=x", "/api/points.csv?near=1"])
def test_bad_filters_on_the_full_lists_too(client, path):
    response = client.get(path)
    assert response.status_code == 400 and response.json["errors"]


def test_point_detail_has_services_hours_and_scores(client):
    point = db.session.scalar(select(Point).where(Point.code == "BC-240000"))
    rate(point, 7)
    response = client.get(f"/api/points/{point.slug}")
    assert response.status_code == 200
    body = response.json
    assert body["name"] == "GD Cấp 1 Lạng Sơn" and body["office_code"] == "240000" and body["postcode"] is None
    assert body["phone"] == "0205 3870 047" and body["coord_quality"] == "approximate"
    assert body["unit_name"] == "Phường Đông Kinh"
    assert body["former_commune"] == {"code": "05977", "name": "Phường Vĩnh Trại", "district": "Thành phố Lạng Sơn"}
    assert body["hours_text"] == "T2-T7 07:00-19:00; CN 07:00-11:30"
    assert {"weekday": 6, "opens": "07:00", "closes": "11:30"} in body["hours"]
    procedures = [s for s in body["services"] if s["is_procedure"]]
    # The seed cannot know whether the office takes the dossier or returns the result: null.
    assert procedures and all(s["handling"] is None for s in procedures)
    assert all(s["status"] != "withdrawn" for s in body["services"])
    assert all(s["handling"] is None for s in body["services"] if not s["is_procedure"])
    assert body["scores"]["overall"]["ratings"] == 7 and body["scores"]["overall"]["score"] is not None
    assert body["scores"]["staff"]["ratings"] == 7
    assert body["scores"]["access"] == {"score": None, "ratings": 0}
    assert body["score"] == body["scores"]["overall"]["score"] and body["ratings"] == 7


def test_score_is_null_below_the_minimum_but_ratings_are_counted(client):
    point = db.session.scalar(select(Point).where(Point.type == "kiot").limit(1))
    rate(point, 2)
    listed = client.get(f"/api/points?q={point.name}").json["items"]
    mine = next(p for p in listed if p["slug"] == point.slug)
    assert (mine["score"], mine["ratings"]) == (None, 2)


def test_unknown_point_is_404_json_and_inactive_is_410(client):
    assert client.get("/api/points/no-such-point").status_code == 404
    point = db.session.scalar(select(Point).limit(1))
    point.is_active = False
    db.session.commit()
    response = client.get(f"/api/points/{point.slug}")
    assert response.status_code == 410 and response.json["error"] == 410 and len(response.json["nearest"]) == 5


@pytest.mark.parametrize("path", ["/api/points", "/api/points/gd-cap-1-lang-son", "/api/points.geojson",
                                  "/api/points.csv", "/api/services", "/api/units", "/api/openapi.json"])
def test_etag_gives_304_until_the_data_changes(client, path):
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    assert "max-age" in first.headers["Cache-Control"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_etag_changes_when_a_point_changes(client):
    before = client.get("/api/points.geojson").headers["ETag"]
    point = db.session.scalar(select(Point).where(Point.code == "BC-240000"))
    point.name = "GD Cấp 1 Lạng Sơn (mới)"
    db.session.commit()
    response = client.get("/api/points.geojson", headers={"If-None-Match": before})
    assert response.status_code == 200 and response.headers["ETag"] != before


def test_cors_for_reading_and_405_with_allow(client):
    assert client.get("/api/services").headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/points", headers={"Origin": "https://bao.example",
                                                       "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    refused = client.delete("/api/points")
    assert refused.status_code == 405
    assert set(refused.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Origin" not in client.get("/").headers


def test_no_personal_data_anywhere(client):
    point = db.session.scalar(select(Point).where(Point.code == "BC-240000"))
    rate(point, 6)
    for path in ("/api/points?per_page=100", f"/api/points/{point.slug}", "/api/points.geojson",
                 "/api/points.csv", "/api/services", "/api/units", "/api/openapi.json", "/api/docs"):
        text = client.get(path).get_data(as_text=True)
        assert not any(marker in text for marker in PRIVATE_MARKERS), path
        assert "Nhân viên nhiệt tình" not in text  # comments live on the point's page, not in the data

"""Public pages are cached until the data changes; conditional requests get 304."""
from sqlalchemy import select

from app.cache import current_version
from app.extensions import db
from app.models import Point


def names(client) -> set[str]:
    return {f["properties"]["name"] for f in client.get("/api/points.geojson").json["features"]}


def test_a_public_write_bumps_the_version_and_refreshes_the_page(client, app):
    before = current_version()
    assert "Renamed point" not in names(client)
    point = db.session.scalars(select(Point).order_by(Point.id)).first()
    point.name = "Renamed point"
    db.session.commit()
    assert current_version() == before + 1
    assert "Renamed point" in names(client)


def test_unrelated_write_keeps_the_version(client, app):
    from app.models import AuditLog

    before = current_version()
    db.session.add(AuditLog(actor="test", action="noop"))
    db.session.commit()
    assert current_version() == before


def test_conditional_request_gets_304(client):
    first = client.get("/api/points.geojson")
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get("/api/points.geojson", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_cached_response_equals_fresh_one(client):
    first = client.get("/api/points.geojson")
    second = client.get("/api/points.geojson")
    assert first.data == second.data
    assert second.mimetype == "application/geo+json"
    assert "Content-Security-Policy" in second.headers

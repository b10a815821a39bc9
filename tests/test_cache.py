"""Public pages are cached until the data changes; conditional requests get 304."""
from sqlalchemy import select

from app.cache import stored_version
from app.extensions import db
from app.models import Point


def names(client) -> set[str]:
    return {f["properties"]["name"] for f in client.get("/api/points.geojson").json["features"]}


def test_a_public_write_bumps_the_version_and_refreshes_the_page(client, app):
    before = stored_version()
    assert "Renamed point" not in names(client)
    point = db.session.scalars(select(Point).order_by(Point.id)).first()
    point.name = "Renamed point"
    db.session.commit()
    assert stored_version() == before + 1
    assert "Renamed point" in names(client)


def test_unrelated_write_keeps_the_version(client, app):
    from app.models import AuditLog

    before = stored_version()
    db.session.add(AuditLog(actor="test", action="noop"))
    db.session.commit()
    assert stored_version() == before


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


def test_another_servers_write_shows_within_the_version_ttl(client, app, monkeypatch):
    from sqlalchemy import update

    from app import cache
    from app.models import DataVersion

    monkeypatch.setitem(app.config, "PAGE_CACHE_VERSION_TTL", 60)
    client.get("/api/points.geojson")
    point = db.session.scalars(select(Point).order_by(Point.id)).first()
    # Another server's write: the rows change and the version moves, none of it through this
    # process's session events (a Core statement on the connection, as another process would).
    db.session.connection().execute(update(Point).where(Point.id == point.id).values(name="Elsewhere"))
    db.session.connection().execute(update(DataVersion).values(version=DataVersion.version + 1))
    db.session.expire_all()  # a request of this server starts with a fresh session
    assert "Elsewhere" not in names(client)  # within the TTL: the cached page
    read_at, value = cache._version["value"]
    cache._version["value"] = (read_at - 61, value)  # the TTL has passed
    assert "Elsewhere" in names(client)  # the new version is read: a fresh render

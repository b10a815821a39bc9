"""GeoJSON (RFC 7946) for points: [lon, lat] order, documented properties."""
from app.queries.points import service_codes_by_point
from app.queries.scores import rolling_scores, verified_counts


def points_feature_collection(points) -> dict:
    """A FeatureCollection of the given points with slug, name, type, unit, services, score,
    ratings and verified ratings."""
    ids = [p.id for p in points]
    services = service_codes_by_point(ids)
    scores = rolling_scores("overall", ids)
    verified = verified_counts(ids)
    return {"type": "FeatureCollection", "features": [
        point_feature(p, services.get(p.id, []), scores.get(p.id), verified.get(p.id, 0)) for p in points
    ]}


def point_feature(point, services: list[str], score, verified: int = 0) -> dict:
    """One point as a Feature; score is null below the minimum number of ratings."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(point.lon, 6), round(point.lat, 6)]},
        "properties": {
            "slug": point.slug, "name": point.name, "type": point.type,
            "unit_code": point.unit_code, "services": services,
            "score": score.value if score else None,
            "ratings": score.count if score else 0,
            "verified": verified,
        },
    }

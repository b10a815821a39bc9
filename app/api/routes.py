"""Open data: the directory as GeoJSON (and, with [open-data], JSON, CSV and OpenAPI)."""
from flask import Blueprint, jsonify

from app.api.geojson import points_feature_collection
from app.cache import cached_page
from app.extensions import db
from app.queries.points import active_points

bp = Blueprint("api", __name__)


@bp.get("/points.geojson")
@cached_page
def points_geojson():
    """Every active point as an RFC 7946 FeatureCollection."""
    points = db.session.scalars(active_points()).all()
    response = jsonify(points_feature_collection(points))
    response.mimetype = "application/geo+json"
    return response

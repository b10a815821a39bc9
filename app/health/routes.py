"""/healthz: is the app up, and can it reach its database?"""
from flask import Blueprint, jsonify
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.queries.points import count_points

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 with the database status, or 503 when the database does not answer."""
    try:
        points = count_points()
    except SQLAlchemyError as error:
        db.session.rollback()
        return jsonify(status="error", database="unavailable", detail=error.__class__.__name__), 503
    return jsonify(status="ok", database="ok", points=points)


@bp.get("/livez")
def livez():
    """Liveness: the process answers (no database); also the framework's ceiling in `make bench`."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}

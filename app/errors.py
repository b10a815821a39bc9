"""Error pages: friendly, in the site's language, and a 503 while the database is away."""
import logging

from flask import Flask, Response, jsonify, make_response, render_template, request
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from app.extensions import db

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def render_error(status: int, **context):
    """An error page, or a JSON body on the API."""
    if _wants_json():
        return jsonify(error=status, **{k: str(v) for k, v in context.items()}), status
    return render_template("errors/error.html", status=status, **context), status


def register(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, SecurityError):  # a Host not served here: no page of ours is built for it
            return Response("Bad Request: unknown host\n", 400, mimetype="text/plain")
        response = make_response(render_error(error.code or 500, description=error.description))
        allow = dict(error.get_headers()).get("Allow")  # a 405 says which methods the URL takes
        if allow:
            response.headers["Allow"] = allow
        return response

    @app.errorhandler(500)
    def internal_error(error: Exception):
        db.session.rollback()
        return render_error(500)

    @app.errorhandler(DataError)
    def database_refused_input(error: Exception):
        # the database refused a value it was given (a NUL byte, a number out of range): the
        # request's fault, not an outage
        log.warning("database refused input: %s", error.__class__.__name__)
        db.session.rollback()
        return render_error(400)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error: Exception):
        log.error("database error: %s", error.__class__.__name__)
        db.session.rollback()
        return render_error(503)

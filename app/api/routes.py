"""Open data: the directory as JSON, GeoJSON and CSV, the catalogue, the units, and their OpenAPI."""
from flask import Blueprint, current_app, render_template, request

from app.api import http
from app.api.documents import point_detail as point_document
from app.api.documents import points_page, service_document, unit_document
from app.api.export import points_csv as csv_text
from app.api.geojson import points_feature_collection
from app.cache import cached_page
from app.api.openapi import openapi_document, split_description
from app.api.params import InvalidParameters, read_filters
from app.queries.api import services_with_counts, unit_names, units_with_counts
from app.public.moved import moved_or_gone
from app.queries.points import nearest_active_points, point_by_slug
from app.queries.scores import rolling_criteria_scores
from app.queries.search import all_matching_rows, search_points

bp = Blueprint("api", __name__)
bp.after_app_request(http.open_for_reading)


@bp.errorhandler(InvalidParameters)
def invalid_parameters(error: InvalidParameters):
    """400 with one message per parameter."""
    return http.json_response({"error": 400, "description": "invalid query parameters",
                               "errors": error.errors}, status=400)


@bp.get("/points")
@cached_page
def points():
    """One page of points matching the /points filters."""
    filters, per_page = read_filters(request.args)
    page = points_page(search_points(filters, per_page, with_hours=False), unit_names(), request.args)
    return http.cacheable(http.json_response(page))


@bp.get("/points/<slug>")
@cached_page
def point_detail(slug: str):
    """One active point with its services, hours and scores; a former slug redirects (301), a point
    no longer in operation answers 410 with the slugs of the nearest active points."""
    point = point_by_slug(slug, details=True) or moved_or_gone(slug, point_gone)
    document = point_document(point, rolling_criteria_scores(point.id), unit_names())
    return http.cacheable(http.json_response(document))


def point_gone(point):
    """410 for a point no longer in operation, with the slugs of the nearest active points."""
    nearest = [p.slug for p in nearest_active_points(point).points]
    body = {"error": 410, "description": "this point is no longer in operation", "slug": point.slug,
            "nearest": nearest}
    return http.cacheable(http.json_response(body, status=410))


@bp.get("/points.geojson")
@cached_page
def points_geojson():
    """Every matching active point as an RFC 7946 FeatureCollection."""
    filters, _ = read_filters(request.args, paged=False)
    collection = points_feature_collection(all_matching_rows(filters))
    return http.cacheable(http.json_response(collection, mimetype="application/geo+json"))


@bp.get("/points.csv")
@cached_page
def points_csv():
    """Every matching active point as CSV (UTF-8 with BOM)."""
    filters, _ = read_filters(request.args, paged=False)
    text = csv_text(all_matching_rows(filters), unit_names())
    response = current_app.response_class(text.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="diem-phuc-vu-lang-son.csv"'
    return http.cacheable(response)


@bp.get("/services")
@cached_page
def services():
    """The service catalogue with how many points offer each service."""
    items = [service_document(s, points=n) for s, n in services_with_counts()]
    return http.cacheable(http.json_response({"items": items}))


@bp.get("/units")
@cached_page
def units():
    """The current units with their former communes."""
    items = [unit_document(u, n) for u, n in units_with_counts()]
    return http.cacheable(http.json_response({"items": items}))


@bp.get("/openapi.json")
@cached_page
def openapi():
    """The OpenAPI 3.1 description, in the chosen language."""
    document = openapi_document(current_app.config["POINTS_PER_PAGE"])
    response = http.cacheable(http.json_response(document))
    response.vary.add("Cookie")  # the language cookie picks the descriptions' language
    return response


@bp.get("/docs")
@cached_page
def docs():
    """The description as a readable page, rendered here: no script, nothing from elsewhere."""
    document = openapi_document(current_app.config["POINTS_PER_PAGE"])
    return render_template("api/docs.html", spec=document, split_description=split_description)

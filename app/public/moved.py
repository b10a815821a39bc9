"""What a point's URL answers when its slug names no active point: a permanent redirect from a
former slug to the current one (query string kept), 410 for a point no longer in operation (with
the nearest active points), 404 for a slug no point ever had.

Views call it only after their usual lookup found nothing, so a point's page costs one query
more only when the slug is not found. The answers are not kept by the page cache (it keeps 200s
only) and ask browsers to check again, since a slug may come back to its point or a point be
reactivated."""
from typing import Callable, NoReturn
from urllib.parse import quote_from_bytes

from flask import Response, abort, make_response, redirect, render_template, request, url_for

from app.clock import local_now
from app.models import Point
from app.public.pages import row_marks
from app.queries.points import nearest_active_points, point_by_any_slug

QUERY_SAFE = "/?:@!$&'()*+,;=%~"  # already escaped bytes stay as they are


def moved_or_gone(slug: str, gone: Callable[[Point], Response] | None = None) -> NoReturn:
    """Stop the request: to the current URL if the slug was the point's, gone(point) (the page by
    default) if the point no longer operates, else 404."""
    point = point_by_any_slug(slug)
    if point is None:
        abort(404)
    if point.slug != slug:
        abort(redirect_to_slug(point.slug))
    abort((gone or gone_page)(point))


def redirect_to_slug(slug: str) -> Response:
    """This request's URL with the point's current slug: 301, or 308 for a form sent (its method
    and body kept); the query string kept as it came."""
    url = url_for(request.endpoint, **{**(request.view_args or {}), "slug": slug})
    if request.query_string:
        url += "?" + quote_from_bytes(request.query_string, safe=QUERY_SAFE)
    response = redirect(url, 301 if request.method in ("GET", "HEAD") else 308)
    response.headers["Cache-Control"] = "no-cache"
    return response


def gone_page(point: Point) -> Response:
    """410: the point no longer operates; its nearest active points, with distances and opening status."""
    nearest, now = nearest_active_points(point), local_now()
    context = {"point": point, "result": nearest, "now": now, **row_marks(nearest.points, now)}
    response = make_response(render_template("public/gone.html", **context), 410)
    response.headers["Cache-Control"] = "no-cache"
    return response


def gone_status(point: Point) -> NoReturn:
    """410 with the site's short error page (for what is not a page: a QR code, a script)."""
    abort(410)

"""Public pages: the directory (search, filters, list, map), a point's page, its map and QR code."""
from flask import Blueprint, Response, abort, current_app, redirect, request, url_for

from app import maps
from app.cache import cached_page
from app.htmx import render_page
from app.i18n import LANG_COOKIE
from app.public.formatting import TEMPLATE_GLOBALS
from app.public.moved import gone_status, moved_or_gone
from app.public.pages import directory_context, directory_map_script, point_context
from app.public.qr import qr_svg
from app.queries.points import point_by_slug
from app.public.params import parse_filters
from app.queries.search import search_points
from app.extensions import csrf
from app.urls import absolute_url, from_this_site, page_arg, safe_next

bp = Blueprint("public", __name__)
for _function in TEMPLATE_GLOBALS:
    bp.add_app_template_global(_function)


def directory_page(endpoint: str):
    """The directory for the query arguments: the full page, or for htmx the results block."""
    filters, errors = parse_filters(request.args)
    context = directory_context(endpoint, filters, search_points(filters), errors)
    return render_page("public/directory.html", {"results": "results"}, **context)


def javascript(source: str) -> Response:
    """A script served from our own URL (the CSP allows no inline script)."""
    return Response(source, mimetype="application/javascript")


@bp.get("/")
@cached_page
def home():
    """Search box, list and map (the first view of the site)."""
    return directory_page("public.home")


@bp.get("/points")
@cached_page
def points():
    """The list of points with filters: q, type, service, unit, open_now, near, page."""
    return directory_page("public.points")


@bp.get("/points/map.js")
@cached_page
def directory_map():
    """The script of the directory map for the same filters as the list."""
    filters, _errors = parse_filters(request.args)
    return javascript(directory_map_script(filters))


@bp.get("/points/<slug>")
@cached_page
def point_page(slug: str):
    """A point's page: address, hours and open now, services, procedures, quality, map, QR code; a
    former slug redirects (301), a point no longer in operation answers 410 with the nearest ones."""
    point = point_by_slug(slug, details=True) or moved_or_gone(slug)
    page = page_arg(request.args.get("page"))
    return render_page("public/point.html", {"quality": "quality"}, **point_context(point, page))


@bp.get("/points/<slug>/map.js")
@cached_page
def point_map(slug: str):
    """The script of a point page's small map."""
    point = point_by_slug(slug) or moved_or_gone(slug, gone_status)
    return javascript(maps.point_map_script(point))


@bp.get("/points/<slug>/qr.svg")
@cached_page
def point_qr(slug: str):
    """A QR code of the point's feedback form (absolute URL, marked as coming from the QR code)."""
    point = point_by_slug(slug) or moved_or_gone(slug, gone_status)
    url = absolute_url("feedback.form", slug=point.slug, src="qr")
    response = Response(qr_svg(url, point.name), mimetype="image/svg+xml")
    response.cache_control.public, response.cache_control.max_age = True, 86400
    return response


@bp.post("/lang/<code>")
@csrf.exempt  # no token, so that every page stays the same for everyone (cacheable); see below
def set_language(code: str):
    """Switch language and remember it in a cookie, back to where the user was. A POST from the
    header's form; one sent by another site (Sec-Fetch-Site, else Origin) is refused (403)."""
    if not from_this_site():
        abort(403)
    response = redirect(safe_next(request.form.get("next")) or url_for("public.home"), 303)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


set_language.cross_site_refused = True  # tests/test_security.py checks it in place of the CSRF token

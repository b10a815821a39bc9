"""What the public pages show, gathered for their templates (views stay a few lines)."""
from urllib.parse import quote, urlencode

from flask import url_for

from app import maps
from app.catalogue import is_offered
from app.htmx import wants_fragment
from app.models.points import POINT_TYPES, SERVICE_CATEGORIES
from app.public.opening import closed_on, status_of, week_of
from app.clock import local_now
from app.pension import paying_on, point_windows
from app.sources import fact_sources
from app.special_days import upcoming
from app.queries.points import count_points, service_choices, unit_choices
from app.queries.quality import point_quality
from app.queries.search import PointFilters, SearchResult, search_alternatives

DIRECTIONS_URL = "https://www.google.com/maps/dir/?api=1&destination={lat:.6f},{lon:.6f}"
# Where a point's spot is only approximate, directions search its address instead.
ADDRESS_SEARCH_URL = "https://www.google.com/maps/search/?api=1&query={query}"
# Bưu điện Việt Nam's national customer-service line (a paid number): never a point's own phone.
NATIONAL_HOTLINE = "1900 54 54 81"


def map_key(filters: PointFilters) -> str:
    """What names a directory map: the filters without the page (the map shows every page)."""
    return urlencode(sorted(filters.to_args().items()))


def row_marks(points, now) -> dict:
    """What each listed point's row says of today: open now or not, and a pension payment day."""
    return {"statuses": {p.id: status_of(p, now) for p in points},
            "paying_today": {p.id for p in points if paying_on(p, now.date(), closed_on(p))}}


def directory_context(endpoint: str, filters: PointFilters, result: SearchResult, errors: dict) -> dict:
    """The search form, the page of results, their opening status, the map, or the alternatives."""
    now = local_now()
    context = {
        "endpoint": endpoint, "filters": filters, "errors": errors, "result": result, "now": now,
        **row_marks(result.points, now),
        "alternatives": None if result.total else search_alternatives(filters),
        "types": POINT_TYPES, "is_fragment": wants_fragment(),
        "map_html": maps.directory_map_html(map_key(filters)),
        "map_script_url": url_for("public.directory_map", **filters.to_args()),
        "leaflet": maps.leaflet_assets(),
    }
    if not context["is_fragment"]:  # the form and the intro are outside the fragment
        context.update(units=unit_choices(), service_options=by_category(service_choices()),
                       point_count=count_points())
    return context


def by_category(services) -> list[tuple[str, list]]:
    """Services grouped by category, categories and services in catalogue order."""
    ordered = sorted(services, key=lambda s: s.position)
    return [(category, [s for s in ordered if s.category == category])
            for category in SERVICE_CATEGORIES if any(s.category == category for s in ordered)]


def service_groups(point) -> list[tuple[str, list]]:
    """The point's services, procedures and withdrawn entries aside, grouped by category."""
    return by_category(ps.service for ps in point.point_services
                       if not ps.service.is_procedure and is_offered(ps.service))


def procedures(point) -> list:
    """The administrative procedures the point accepts, with what it does (QĐ 45/2016/QĐ-TTg);
    withdrawn ones left out."""
    return sorted((ps for ps in point.point_services if ps.service.is_procedure and is_offered(ps.service)),
                  key=lambda ps: ps.service.position)


def phone_href(phone: str | None) -> str | None:
    """A tel: link of a phone number as people write it ("1900 54 54 81")."""
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else None


def directions(point) -> tuple[str, str]:
    """The directions link and the geo: link: to the spot when it is exact, else to the address."""
    if point.coord_quality == "exact":
        return DIRECTIONS_URL.format(lat=point.lat, lon=point.lon), f"geo:{point.lat:.6f},{point.lon:.6f}"
    query = quote(point.address, safe="")
    return ADDRESS_SEARCH_URL.format(query=query), f"geo:0,0?q={query}"


def point_context(point, comments_page: int) -> dict:
    """Everything the point's page shows, quality summary and the source of each fact included."""
    now = local_now()
    closed = closed_on(point)
    directions_url, geo_url = directions(point)
    return {
        "point": point, "now": now, "status": status_of(point, now), "week": week_of(point.hours),
        "holiday_today": now.date() in closed, "special_days": upcoming(point.special_days, now.date()),
        "pension_windows": point_windows(point, now.date(), 3), "paying_today": paying_on(point, now.date(), closed),
        "sources": fact_sources(point), "hotline": NATIONAL_HOTLINE, "hotline_href": phone_href(NATIONAL_HOTLINE),
        "service_groups": service_groups(point), "procedures": procedures(point),
        "quality": point_quality(point, comments_page), "phone_href": phone_href(point.phone),
        "feedback_url": url_for("feedback.form", slug=point.slug),
        "directions_url": directions_url, "geo_url": geo_url,
        "map_html": maps.point_map_html(point), "leaflet": maps.leaflet_assets(),
        "map_script_url": url_for("public.point_map", slug=point.slug),
    }

"""What the public pages show, gathered for their templates (views stay a few lines)."""
from types import SimpleNamespace
from urllib.parse import quote, urlencode

from flask import get_template_attribute, url_for
from flask_babel import gettext

from app import maps
from app.catalogue import is_offered
from app.labels import type_label
from app.htmx import wants_fragment
from app.models.points import POINT_TYPES, SERVICE_CATEGORIES
from app.public.formatting import service_name
from app.public.opening import closed_on, spans_on, status_of, week_of
from app.clock import local_now
from app.pension import paying_on, point_windows
from app.sources import fact_sources
from app.queries.points import count_points, service_choices, unit_choices
from app.queries.quality import point_quality
from app.queries.search import PointFilters, SearchResult, map_points, search_alternatives
from app.special_days import upcoming

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


def map_rows(filters: PointFilters) -> list:
    """Every point matching the filters as the map shows it: where, and its popup's open-now line
    and hours today (the same status_of as the list)."""
    now, status_line = local_now(), get_template_attribute("public/_macros.html", "status_line")
    rows = []
    for first, hours in map_points(filters):
        point = SimpleNamespace(special_days=first.special_days, hours=hours)
        rows.append(maps.MapPoint(first.slug, first.name, first.type, first.lat, first.lon, first.address,
                                  status_line(status_of(point, now), now), spans_on(point, now.date())))
    return rows


def directory_map_script(filters: PointFilters) -> str:
    """The directory map's script for the filters (the list's, without the page)."""
    return maps.directory_map_script(map_key(filters), map_rows(filters))


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
        context["active_filters"] = active_filters(filters, context["units"], context["service_options"])
    return context


def active_filters(filters: PointFilters, units, service_options) -> list[str]:
    """What the folded filters' summary names, in the form's order: the type, the service, the
    commune or ward, and open now (static/js/site.js words it the same way as they change)."""
    services = {s.code: service_name(s) for _category, items in service_options for s in items}
    chosen = [type_label(filters.type) if filters.type else None, services.get(filters.service),
              dict(units).get(filters.unit), gettext("Đang mở cửa") if filters.open_now else None]
    return [label for label in chosen if label]


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

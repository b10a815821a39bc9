"""The JSON shapes of the API: a point in a list, a point on its own, the catalogue, the units.

Only public facts: never a rater's contact or client identifier, never a comment."""
from datetime import timedelta

from app.catalogue import is_offered, portal_url
from app.clock import today_local
from app.holiday_calendar import holidays_between
from app.hours import Interval, closed_days, format_hours
from app.labels import TYPE_LABELS, in_vietnamese
from app.pension import point_windows
from app.sources import sources_document
from app.special_days import parse_special_days, upcoming
from app.queries.points import service_codes_by_point
from app.queries.scores import rolling_scores, satisfaction, verified_counts
from app.urls import absolute_url


def page_url(slug: str) -> str:
    """The point's public page (the SPEC's /points/<slug>), as an absolute URL."""
    return absolute_url("public.point_page", slug=slug)


def point_summary(point, unit_name: str, services: list[str], overall, distance=None, verified: int = 0) -> dict:
    """A point as listed: where it is, what it offers, its overall score and the ratings behind it."""
    return {
        "slug": point.slug, "code": point.code, "name": point.name, "type": point.type,
        "type_label": in_vietnamese(TYPE_LABELS).get(point.type, point.type),
        "unit_code": point.unit_code, "unit_name": unit_name,
        "address": point.address, "address_former": point.address_former,
        "postcode": point.postcode, "office_code": point.office_code, "phone": point.phone,
        "lat": round(point.lat, 6), "lon": round(point.lon, 6), "coord_quality": point.coord_quality,
        "services": services,
        "score": overall.value if overall else None, "ratings": overall.count if overall else 0,
        "verified": verified,
        "distance_km": round(distance, 3) if distance is not None else None,
        "is_illustrative": point.is_illustrative,
        "url": page_url(point.slug),
        "api_url": absolute_url("api.point_detail", slug=point.slug),
    }


def points_page(result, names: dict[str, str], args) -> dict:
    """One page of search results with the totals and the links to the neighbouring pages."""
    ids = [p.id for p in result.points]
    services = service_codes_by_point(ids)
    scores, verified = rolling_scores("overall", ids), verified_counts(ids)
    items = [point_summary(p, names.get(p.unit_code, ""), services.get(p.id, []), scores.get(p.id),
                           result.distances.get(p.id), verified.get(p.id, 0)) for p in result.points]
    return {"items": items, "total": result.total, "page": result.page,
            "per_page": result.per_page, "pages": result.pages,
            "links": page_links(result, args)}


def page_links(result, args) -> dict:
    """Absolute URLs of this, the next and the previous page (null at the ends)."""
    query = {k: v for k, v in args.items() if k != "page"}
    pages = {"self": result.page,
             "next": result.page + 1 if result.page < result.pages else None,
             "prev": result.page - 1 if 1 < result.page <= result.pages else None}
    return {name: absolute_url("api.points", **query, page=page) if page else None
            for name, page in pages.items()}


CLOSED_DATES_AHEAD = 365


def satisfaction_document(found) -> dict:
    """The share of 4–5 ratings over 12 months, its n and 95% Wilson interval (nulls without ratings)."""
    low, high = found.interval
    rounded = (lambda value: None if value is None else round(value, 4))
    return {"share": rounded(found.share), "n": found.n, "low": rounded(low), "high": rounded(high)}


def closed_dates(point) -> list[str]:
    """The days of the next twelve months the point does not open (its weekly days off, the
    public holidays and its closed special days; a special day with hours opens), as ISO dates."""
    start = today_local()
    end = start + timedelta(days=CLOSED_DATES_AHEAD - 1)
    intervals = [Interval(h.weekday, h.opens, h.closes) for h in point.hours]
    special = parse_special_days(point.special_days)
    closed = holidays_between(start, end) | {day for day, spans in special.items() if not spans}
    return [d.isoformat() for d in closed_days(intervals, closed, start, CLOSED_DATES_AHEAD)
            if d not in special or not special[d]]


def pension_payments(point) -> list[dict]:
    """The point's pension payments of the next twelve months (none for a point that pays none)."""
    return [{"month": f"{w.month:%Y-%m}", "starts": w.starts and w.starts.isoformat(),
             "ends": w.ends and w.ends.isoformat(), "months": w.months}
            for w in point_windows(point, today_local(), 12)]


def special_days_document(point) -> list[dict]:
    """The point's special days from today on: closed (no hours) or open on other hours."""
    return [{"date": day.isoformat(),
             "hours": [{"opens": f"{o:%H:%M}", "closes": f"{c:%H:%M}"} for o, c in spans]}
            for day, spans in upcoming(point.special_days, today_local(), limit=366)]


def point_detail(point, criterion_scores: dict, names: dict[str, str]) -> dict:
    """A point on its own: the summary plus hours, services with their handling, every score."""
    overall = criterion_scores.get("overall")
    offered = sorted((ps for ps in point.point_services if is_offered(ps.service)),
                     key=lambda ps: (ps.service.position, ps.service.code))
    document = point_summary(point, names.get(point.unit_code, ""), [ps.service.code for ps in offered],
                             overall, verified=verified_counts([point.id]).get(point.id, 0))
    commune = point.former_commune
    sources, public_sources = sources_document(point)
    document.update({
        "former_commune": {"code": commune.code, "name": commune.name,
                           "district": commune.district.name} if commune else None,
        "hours": [{"weekday": h.weekday, "opens": f"{h.opens:%H:%M}", "closes": f"{h.closes:%H:%M}"}
                  for h in point.hours],
        "hours_text": format_hours(point.hours) or None,
        "closed_dates": closed_dates(point),
        "satisfaction": satisfaction_document(satisfaction(point.id)),
        "services": [service_document(ps.service, ps.handling) for ps in offered],
        "pension_days": {"from": point.pension_day_from, "to": point.pension_day_to}
        if point.pension_day_from else None,
        "pension_payments": pension_payments(point),
        "special_days": special_days_document(point),
        "sources": sources, "public_sources": public_sources,
        "scores": {criterion: {"score": s.value if s else None, "ratings": s.count if s else 0}
                   for criterion, s in criterion_scores.items()},
        "updated_at": point.updated_at.isoformat(timespec="seconds") + "Z",
    })
    return document


def service_document(service, handling=None, points: int | None = None) -> dict:
    """A catalogue entry with its status, the text it rests on, its portal page and notes; with its
    handling at one point, or the number of points offering it."""
    document = {"code": service.code, "category": service.category, "name_vi": service.name_vi,
                "name_en": service.name_en, "is_procedure": service.is_procedure,
                "status": service.status, "basis": service.basis, "basis_url": service.basis_url,
                "procedure_code": service.procedure_code, "portal_url": portal_url(service),
                "note_vi": service.note_vi, "note_en": service.note_en}
    if points is None:
        document["handling"] = handling
    else:
        document["points"] = points
    return document


def unit_document(unit, points: int) -> dict:
    """A current unit with the former communes it came from (and the other units a split one fed)."""
    return {
        "code": unit.code, "name": unit.name, "type": unit.type,
        "lat": unit.lat, "lon": unit.lon, "area_km2": unit.area_km2, "population": unit.population,
        "former_districts": [d.strip() for d in unit.former_districts.split(";") if d.strip()],
        "points": points,
        "former_communes": [{
            "code": c.code, "name": c.name, "type": c.type,
            "district_code": c.district_code, "district_name": c.district.name,
            "also_became": sorted(u.code for u in c.units if u.code != unit.code),
        } for c in unit.former_communes],
    }

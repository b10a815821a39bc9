"""Directory search: the filters of /points and /api/points, and the query they build.

[directory] owns and refines this (ranking, former names, open now, distance); the API shares it."""
import math
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import Point, PointService, Service
from app.models.points import POINT_TYPES
from app.search import fold


@dataclass(frozen=True)
class PointFilters:
    """What a citizen asked for: text, type, service code, unit code, open now, near, page."""

    q: str = ""
    type: str | None = None
    service: str | None = None
    unit: str | None = None
    open_now: bool = False
    near: tuple[float, float] | None = None
    page: int = 1


@dataclass
class SearchResult:
    """One page of matching points, with the total and the distances when sorted by distance."""

    points: list[Point]
    total: int
    page: int
    per_page: int
    distances: dict[int, float] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages the total makes."""
        return max(1, math.ceil(self.total / self.per_page))


def parse_filters(args) -> tuple[PointFilters, dict[str, str]]:
    """Filters from query arguments, with an error per argument that could not be read."""
    errors: dict[str, str] = {}
    kind = args.get("type") or None
    if kind and kind not in POINT_TYPES:
        errors["type"] = "unknown point type"
        kind = None
    page = args.get("page", "1")
    page_number = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    if page != "1" and str(page_number) != page:
        errors["page"] = "page must be a positive whole number"
    near = None
    if args.get("near"):
        try:
            lat, lon = (float(x) for x in args["near"].split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
            near = (lat, lon)
        except ValueError:
            errors["near"] = "near must be LAT,LON"
    return PointFilters(
        q=(args.get("q") or "").strip()[:200], type=kind, service=args.get("service") or None,
        unit=args.get("unit") or None, open_now=args.get("open_now") == "1", near=near,
        page=page_number,
    ), errors


def filtered_points(filters: PointFilters):
    """The select() of active points matching the filters (no order, no paging)."""
    stmt = select(Point).where(Point.is_active.is_(True))
    if filters.q:
        stmt = stmt.where(Point.search_text.contains(fold(filters.q), autoescape=True))
    if filters.type:
        stmt = stmt.where(Point.type == filters.type)
    if filters.unit:
        stmt = stmt.where(Point.unit_code == filters.unit)
    if filters.service:
        offers = (select(PointService.point_id).join(Service)
                  .where(Service.code == filters.service))
        stmt = stmt.where(Point.id.in_(offers))
    return stmt


def search_points(filters: PointFilters, per_page: int | None = None) -> SearchResult:
    """One page of points matching the filters, by name."""
    per_page = per_page or current_app.config["POINTS_PER_PAGE"]
    stmt = filtered_points(filters)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    page_stmt = stmt.order_by(Point.name).limit(per_page).offset((filters.page - 1) * per_page)
    return SearchResult(list(db.session.scalars(page_stmt)), total, filters.page, per_page)

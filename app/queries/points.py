"""Reads of the directory: points, their services and units."""
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.catalogue import WITHDRAWN
from app.extensions import db
from app.models import FormerCommune, Point, PointService, PointSlug, Service, Unit
from app.queries.search import PointFilters, SearchResult, search_points
from app.search import fold, strip_unit_prefix

NEAREST_POINTS = 5


def count_points() -> int:
    """How many active points the directory lists."""
    return db.session.scalar(select(func.count()).select_from(Point).where(Point.is_active.is_(True)))


def service_codes_by_point(point_ids=None) -> dict[int, list[str]]:
    """Each point's service codes in catalogue order, in one query (withdrawn entries left out:
    a point no longer offers them)."""
    stmt = (select(PointService.point_id, Service.code)
            .join(Service, Service.id == PointService.service_id)
            .where(Service.status != WITHDRAWN)
            .order_by(PointService.point_id, Service.position))
    if point_ids is not None:
        stmt = stmt.where(PointService.point_id.in_(point_ids))
    codes: dict[int, list[str]] = {}
    for point_id, code in db.session.execute(stmt):
        codes.setdefault(point_id, []).append(code)
    return codes


def directory_is_illustrative() -> bool:
    """True while any listed point still comes from the illustrative seed."""
    stmt = select(Point.id).where(Point.is_active.is_(True), Point.is_illustrative.is_(True)).limit(1)
    return db.session.scalar(stmt) is not None


def point_by_slug(slug: str, details: bool = False, active_only: bool = True) -> Point | None:
    """A point by its slug, active ones only unless asked (staff see every point); with details,
    its unit, former commune, hours and services are loaded along."""
    stmt = select(Point).where(Point.slug == slug)
    if active_only:
        stmt = stmt.where(Point.is_active.is_(True))
    if details:
        stmt = stmt.options(
            joinedload(Point.unit).defer(Unit.geometry),
            joinedload(Point.former_commune).joinedload(FormerCommune.district),
            selectinload(Point.hours), selectinload(Point.point_services).joinedload(PointService.service))
    return db.session.scalars(stmt).unique().one_or_none()


def point_by_any_slug(slug: str) -> Point | None:
    """The point, active or not, whose slug is or was this one (one query; asked only once the
    active lookup found nothing, so a point's page costs no more than before)."""
    former = and_(PointSlug.point_id == Point.id, PointSlug.slug == slug)
    stmt = select(Point).outerjoin(PointSlug, former).where(or_(Point.slug == slug, PointSlug.slug == slug))
    return db.session.scalars(stmt.limit(1)).first()


def nearest_active_points(point: Point, n: int = NEAREST_POINTS) -> SearchResult:
    """The n active points nearest to a point (itself too, if active), nearest first, with distances."""
    filters = PointFilters(near=(point.lat, point.lon))
    return search_points(filters, per_page=n)


def unit_choices() -> list[tuple[str, str]]:
    """(code, name) of every commune/ward, by folded name without "xã"/"phường" (so "Xã Đồng Đăng"
    sorts among the D's), for the filters of the public and the staff pages."""
    rows = db.session.execute(select(Unit.code, Unit.name)).all()
    return sorted(((code, name) for code, name in rows), key=lambda row: strip_unit_prefix(fold(row[1])))


def service_choices() -> list[Service]:
    """The service catalogue in its display order, for the filter: withdrawn entries left out."""
    stmt = select(Service).where(Service.status != WITHDRAWN).order_by(Service.position)
    return list(db.session.scalars(stmt))

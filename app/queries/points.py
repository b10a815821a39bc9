"""Reads of the directory: points, their services and units."""
from sqlalchemy import func, select

from app.extensions import db
from app.models import Point, PointService, Service


def active_points():
    """The select() of every active point, by name."""
    return select(Point).where(Point.is_active.is_(True)).order_by(Point.name)


def count_points() -> int:
    """How many active points the directory lists."""
    return db.session.scalar(select(func.count()).select_from(Point).where(Point.is_active.is_(True)))


def service_codes_by_point(point_ids=None) -> dict[int, list[str]]:
    """Each point's service codes in catalogue order, in one query."""
    stmt = (select(PointService.point_id, Service.code)
            .join(Service, Service.id == PointService.service_id)
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

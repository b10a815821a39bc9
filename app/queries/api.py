"""Reads of the open-data API: one point with all it shows, the catalogue, the units.

Nothing here returns personal data: feedback is read only as score aggregates."""
from sqlalchemy import func, select
from sqlalchemy.orm import defer, joinedload, selectinload

from app.catalogue import WITHDRAWN
from app.extensions import db
from app.hours import Interval
from app.models import FormerCommune, Point, PointHours, PointService, Service, Unit


def unit_names() -> dict[str, str]:
    """Every current unit's name by code (65 short rows, one query)."""
    return dict(db.session.execute(select(Unit.code, Unit.name)).all())


def services_with_counts() -> list[tuple[Service, int]]:
    """The catalogue in display order, withdrawn entries included, each with how many active points
    offer it (none offers a withdrawn one, whatever rows an old import left)."""
    offered = (select(PointService.service_id, func.count().label("n"))
               .join(Point, Point.id == PointService.point_id)
               .join(Service, Service.id == PointService.service_id)
               .where(Point.is_active.is_(True), Service.status != WITHDRAWN)
               .group_by(PointService.service_id).subquery())
    stmt = (select(Service, func.coalesce(offered.c.n, 0))
            .outerjoin(offered, offered.c.service_id == Service.id)
            .order_by(Service.position, Service.code))
    return [(service, int(n)) for service, n in db.session.execute(stmt)]


def units_with_counts() -> list[tuple[Unit, int]]:
    """The current units by code, with their former communes (and districts) and active points."""
    counts = dict(db.session.execute(
        select(Point.unit_code, func.count()).where(Point.is_active.is_(True)).group_by(Point.unit_code)
    ).all())
    stmt = (select(Unit).options(defer(Unit.geometry),
                                 selectinload(Unit.former_communes).options(
                                     joinedload(FormerCommune.district),
                                     selectinload(FormerCommune.units).load_only(Unit.code)))
            .order_by(Unit.code))
    return [(unit, counts.get(unit.code, 0)) for unit in db.session.scalars(stmt)]


def services_by_point(point_ids) -> dict[int, list[tuple[str, str | None]]]:
    """Each point's (service code, handling) pairs in catalogue order, in one query; withdrawn
    entries left out (so an export imports back: the import refuses them)."""
    stmt = (select(PointService.point_id, Service.code, PointService.handling)
            .join(Service, Service.id == PointService.service_id)
            .where(PointService.point_id.in_(point_ids), Service.status != WITHDRAWN)
            .order_by(PointService.point_id, Service.position, Service.code))
    found: dict[int, list[tuple[str, str | None]]] = {}
    for point_id, code, handling in db.session.execute(stmt):
        found.setdefault(point_id, []).append((code, handling))
    return found


def hours_by_point(point_ids) -> dict[int, list[Interval]]:
    """Each point's opening intervals, in one query."""
    stmt = (select(PointHours.point_id, PointHours.weekday, PointHours.opens, PointHours.closes)
            .where(PointHours.point_id.in_(point_ids)))
    found: dict[int, list[Interval]] = {}
    for point_id, weekday, opens, closes in db.session.execute(stmt):
        found.setdefault(point_id, []).append(Interval(weekday, opens, closes))
    return found

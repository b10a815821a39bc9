"""Reads of the directory: points, their services and units, and the clock "open now" uses."""
from datetime import datetime
from functools import lru_cache

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app import hours
from app.extensions import db
from app.models import Point, PointService, Service, Unit
from app.search import fold, strip_unit_prefix


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


def point_by_slug(slug: str, details: bool = True) -> Point | None:
    """An active point; with details, its unit, hours and services loaded along."""
    stmt = select(Point).where(Point.slug == slug, Point.is_active.is_(True))
    if details:
        stmt = stmt.options(joinedload(Point.unit), selectinload(Point.hours),
                            selectinload(Point.point_services).joinedload(PointService.service))
    return db.session.scalar(stmt)


def unit_choices() -> list[tuple[str, str]]:
    """(code, name) of every commune/ward, by folded name without "xã"/"phường", for the filter."""
    rows = db.session.execute(select(Unit.code, Unit.name)).all()
    return sorted(((code, name) for code, name in rows), key=lambda row: strip_unit_prefix(fold(row[1])))


def service_choices() -> list[Service]:
    """The service catalogue in its display order, for the filter."""
    return list(db.session.scalars(select(Service).order_by(Service.position)))


def local_now() -> datetime:
    """Now in Vietnam time, from the CLOCK setting when one is set (tests fix the time with it)."""
    return hours.now_local(current_app.config.get("CLOCK"))


@lru_cache(maxsize=8)
def _holidays(values: tuple[str, ...]) -> frozenset:
    return hours.parse_holidays(values)


def public_holidays() -> frozenset:
    """The public holidays the points close on: the PUBLIC_HOLIDAYS setting, or the defaults."""
    configured = current_app.config.get("PUBLIC_HOLIDAYS")
    return _holidays(tuple(configured) if configured is not None else hours.DEFAULT_HOLIDAYS)

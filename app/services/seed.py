"""`flask seed`: write the planned reference data and illustrative directory, idempotently."""
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalogue import WITHDRAWN
from app.extensions import db
from app.models import (FormerCommune, FormerDistrict, ImportRun, Point, PointHours, PointService, Service,
                        Unit)
from app.search import fold, point_search_text
from app.seeding import DirectoryPlan, PointSeed


@dataclass
class SeedReport:
    """What a seed run changed, per table."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, table: str) -> None:
        """Add one to a table's created or updated tally."""
        bucket = self.created if kind == "created" else self.updated
        bucket[table] = bucket.get(table, 0) + 1

    @property
    def changed(self) -> bool:
        """True when the run wrote anything."""
        return bool(self.created or self.updated)


def assign(obj, values: dict) -> bool:
    """Set only the attributes that differ, so a repeated seed issues no UPDATE."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def upsert(model, key: dict, values: dict, report: SeedReport, existing: dict):
    """Insert or update one row found by its natural key in a preloaded dict."""
    ident = tuple(key.values())
    row = existing.get(ident)
    if row is None:
        row = model(**key, **values)
        db.session.add(row)
        existing[ident] = row
        report.count("created", model.__tablename__)
    elif assign(row, values):
        report.count("updated", model.__tablename__)
    return row


def _preload(model, *key_columns, options=()) -> dict:
    rows = db.session.scalars(select(model).options(*options)).all()
    return {tuple(getattr(r, c) for c in key_columns): r for r in rows}


def seed_geography(plan: DirectoryPlan, report: SeedReport) -> None:
    """Units, former districts and communes, and the mapping between them."""
    units = _preload(Unit, "code")
    for u in plan.units:
        upsert(Unit, {"code": u.code}, {
            "name": u.name, "name_folded": fold(u.name), "type": u.type,
            "former_districts": u.former_districts, "lat": u.lat, "lon": u.lon,
            "area_km2": u.area_km2, "population": u.population,
            "geometry": json.dumps(u.geometry, separators=(",", ":")),
        }, report, units)
    districts = _preload(FormerDistrict, "code")
    for d in plan.former_districts:
        upsert(FormerDistrict, {"code": d.code},
               {"name": d.name, "name_folded": fold(d.name), "type": d.type}, report, districts)
    communes = _preload(FormerCommune, "code")
    db.session.flush()
    for c in plan.former_communes:
        row = upsert(FormerCommune, {"code": c.code}, {
            "name": c.name, "name_folded": fold(c.name), "type": c.type,
            "district_code": c.district_code,
        }, report, communes)
        wanted = [units[(code,)] for code in c.new_unit_codes]
        if sorted(u.code for u in row.units) != sorted(u.code for u in wanted):
            row.units = wanted
            report.count("updated", "former_commune_units")


def seed_services(plan: DirectoryPlan, report: SeedReport) -> dict[str, Service]:
    """The service catalogue, in the planned order, updated in place by code. An entry the file no
    longer lists stays as a withdrawn row: ratings and points' services still point at it."""
    services = _preload(Service, "code")
    for position, s in enumerate(plan.services):
        upsert(Service, {"code": s.code}, {
            "category": s.category, "name_vi": s.name_vi, "name_en": s.name_en,
            "name_folded": fold(s.name_vi), "is_procedure": s.is_procedure, "position": position,
            "status": s.status, "basis": s.basis, "basis_url": s.basis_url,
            "procedure_code": s.procedure_code, "note_vi": s.note_vi, "note_en": s.note_en,
        }, report, services)
    planned = {s.code for s in plan.services}
    for (code,), row in services.items():
        if code not in planned and assign(row, {"status": WITHDRAWN}):
            report.count("updated", Service.__tablename__)
    db.session.flush()
    return {code: row for (code,), row in services.items()}


def point_values(p: PointSeed, units: dict, communes: dict) -> dict:
    """The column values of a planned point, search text included."""
    unit = units[(p.unit_code,)]
    return {
        "slug": p.slug, "name": p.name, "type": p.type, "unit_code": p.unit_code,
        "former_commune_code": p.former_commune_code, "address": p.address,
        "address_former": p.address_former, "postcode": p.postcode, "office_code": p.office_code,
        "lat": p.lat, "lon": p.lon, "coord_quality": p.coord_quality,
        "phone": p.phone, "is_illustrative": p.is_illustrative, "is_active": True,
        "pension_day_from": p.pension_days[0] if p.pension_days else None,
        "pension_day_to": p.pension_days[1] if p.pension_days else None,
        "pension_schedule": p.pension_schedule, "sources": p.sources,
        "search_text": point_search_text(p.name, p.address, p.address_former, unit),
    }


def sync_children(point: Point, p: PointSeed, services: dict[str, Service], report: SeedReport) -> None:
    """Replace hours and offered services only when they differ from the plan."""
    hours = sorted((h.weekday, h.opens, h.closes) for h in p.hours)
    if sorted((h.weekday, h.opens, h.closes) for h in point.hours) != hours:
        point.hours = [PointHours(weekday=d, opens=o, closes=c) for d, o, c in hours]
        report.count("updated", "point_hours")
    wanted = sorted((code, handling) for code, handling in p.services)
    have = sorted((ps.service.code, ps.handling) for ps in point.point_services)
    if have != wanted:
        point.point_services = [
            PointService(service=services[code], handling=handling) for code, handling in wanted
        ]
        report.count("updated", "point_services")


def seed_points(plan: DirectoryPlan, services: dict[str, Service], report: SeedReport) -> None:
    """The illustrative directory (real offices included), upserted by point code."""
    units = _preload(Unit, "code")
    communes = _preload(FormerCommune, "code")
    children = (selectinload(Point.hours),
                selectinload(Point.point_services).joinedload(PointService.service))
    points = _preload(Point, "code", options=children)
    for p in plan.points:
        row = upsert(Point, {"code": p.code}, point_values(p, units, communes), report, points)
        sync_children(row, p, services, report)


def apply_plan(plan: DirectoryPlan) -> SeedReport:
    """Write the whole plan in one transaction; a second run with the same plan changes nothing."""
    report = SeedReport()
    seed_geography(plan, report)
    services = seed_services(plan, report)
    if db.session.scalar(select(ImportRun.id).limit(1)) is None:  # the real registry replaces the seed
        seed_points(plan, services, report)
    db.session.commit()
    return report

"""Importing the post office's registry: plan every change (the dry run), then write it all in
one transaction (all or nothing), upserting points by code, with an ImportRun and an audit row.

Importing real data marks points as not illustrative, which ends the "Dữ liệu minh họa" label.
Nothing is lost: points missing from the file stay as they are unless asked to deactivate them
(never deleted: their ratings stay); a renamed point keeps its id and ratings, takes the slug of
its new name when free, and its old slug is kept in point_slugs so its old URL redirects."""
import json
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import AuditLog, ImportRun, Point, PointHours, PointService, PointSlug, Service, Unit
from app.registry.reader import Issue, RawTable, read_table
from app.registry.reference import load_reference
from app.registry.validation import PointRecord, validate_rows
from app.search import point_search_text, slugify
from app.sources import all_from
from app.templating import forget_illustrative_label

STATUSES = ("created", "updated", "unchanged", "deactivated")
# Changed columns are named as the template names them.
TEMPLATE_NAMES = {"unit_code": "unit", "former_commune_code": "former_commune", "is_active": "active",
                  "pension_day_from": "pension_days", "pension_day_to": "pension_days"}
COMPARED = ("name", "type", "unit_code", "former_commune_code", "address", "address_former", "postcode",
            "office_code", "lat", "lon", "coord_quality", "phone", "pension_day_from", "pension_day_to",
            "pension_schedule", "special_days", "is_active", "is_illustrative", "sources")


@dataclass
class PointChange:
    """What the import does to one point: its status and, when updated, which fields change."""

    status: str
    code: str
    name: str
    line: int | None = None
    fields: tuple[str, ...] = ()
    point: Point | None = field(default=None, repr=False)
    values: dict = field(default_factory=dict, repr=False)
    record: PointRecord | None = field(default=None, repr=False)
    old_slug: str | None = None  # set when a rename gives the point a new slug


@dataclass
class ImportPlan:
    """The dry run: every problem of the file, or every change the import would make."""

    filename: str
    rows: int
    issues: list[Issue]
    changes: list[PointChange]

    @property
    def ok(self) -> bool:
        """True when the file has no problem and can be imported."""
        return not self.issues

    @property
    def counts(self) -> dict[str, int]:
        """How many points each status holds (zeros included)."""
        tally = Counter(change.status for change in self.changes)
        return {status: tally.get(status, 0) for status in STATUSES}

    @property
    def deactivated(self) -> list[PointChange]:
        """The points the import would deactivate (missing from the file, or marked inactive in it)."""
        return [change for change in self.changes if change.status == "deactivated"]


def plan_import(filename: str, data: bytes, deactivate_missing: bool = False, progress=None) -> ImportPlan:
    """Read and check the file and work out every change; writes nothing."""
    return plan_table(filename, read_table(filename, data), deactivate_missing, progress)


def plan_table(filename: str, table: RawTable, deactivate_missing: bool = False, progress=None) -> ImportPlan:
    """Check a file already read and work out every change; progress(1) after each row."""
    records, issues = validate_rows(table, load_reference(), progress)
    changes = [] if issues else plan_changes(records, deactivate_missing)
    return ImportPlan(filename, len(table.rows), issues, changes)


def _existing_points() -> dict[str, Point]:
    stmt = select(Point).options(selectinload(Point.hours),
                                 selectinload(Point.point_services).joinedload(PointService.service))
    return {p.code: p for p in db.session.scalars(stmt)}


def _units() -> dict[str, Unit]:
    stmt = select(Unit).options(selectinload(Unit.former_communes))
    return {u.code: u for u in db.session.scalars(stmt)}


def _retired_slugs() -> dict[int, set[str]]:
    """Each point's former slugs."""
    retired: dict[int, set[str]] = {}
    for slug, point_id in db.session.execute(select(PointSlug.slug, PointSlug.point_id)):
        retired.setdefault(point_id, set()).add(slug)
    return retired


def plan_changes(records: list[PointRecord], deactivate_missing: bool = False) -> list[PointChange]:
    """Each record created, updated or unchanged; missing active points deactivated only if asked."""
    points, units, retired = _existing_points(), _units(), _retired_slugs()
    slugs = {p.slug for p in points.values()} | set().union(*retired.values())
    changes = [record_change(r, points.get(r.code), units[r.unit_code], slugs) for r in records]
    for change in changes:
        if change.point is not None and "name" in change.fields:
            rename_slug(change, slugs, retired.get(change.point.id, set()))
    if deactivate_missing:
        listed = {r.code for r in records}
        changes += [PointChange("deactivated", p.code, p.name, point=p, values={"is_active": False})
                    for p in sorted(points.values(), key=lambda p: p.code)
                    if p.is_active and p.code not in listed]
    return changes


def point_values(record: PointRecord, unit: Unit) -> dict:
    """The columns a record sets, search text included (the same parts the seed uses)."""
    days = record.pension_days or (None, None)
    return {
        "name": record.name, "type": record.type, "unit_code": record.unit_code,
        "former_commune_code": record.former_commune_code, "address": record.address,
        "address_former": record.address_former, "postcode": record.postcode,
        "lat": record.lat, "lon": record.lon, "phone": record.phone,
        "pension_day_from": days[0], "pension_day_to": days[1],
        "office_code": record.office_code, "coord_quality": record.coord_quality,
        "pension_schedule": record.pension_schedule, "special_days": record.special_days,
        "is_active": record.active, "is_illustrative": False, "sources": all_from("registry"),
        "search_text": point_search_text(record.name, record.address, record.address_former, unit),
    }


def changed_fields(point: Point, values: dict, record: PointRecord) -> tuple[str, ...]:
    """The fields of an existing point the record changes (search text is derived: not listed)."""
    changed = [name for name in COMPARED if _stored(point, name) != values[name]]
    if point.search_text != values["search_text"] and not changed:
        changed.append("search_text")
    if sorted((h.weekday, h.opens, h.closes) for h in point.hours) != \
            sorted((h.weekday, h.opens, h.closes) for h in record.hours):
        changed.append("hours")
    if sorted((ps.service.code, ps.handling) for ps in point.point_services) != list(record.services):
        changed.append("services")
    return tuple(dict.fromkeys(TEMPLATE_NAMES.get(name, name) for name in changed))


def _stored(point: Point, name: str):
    value = getattr(point, name)
    return round(value, 6) if name in ("lat", "lon") else value


def record_change(record: PointRecord, point: Point | None, unit: Unit, slugs: set[str]) -> PointChange:
    """The change one valid row makes."""
    values = point_values(record, unit)
    if point is None:
        values["slug"] = free_slug(record.name, record.unit_code, slugs)
        return PointChange("created", record.code, record.name, record.line, values=values, record=record)
    changed = changed_fields(point, values, record)
    status = "deactivated" if point.is_active and not record.active else \
        "updated" if changed else "unchanged"
    return PointChange(status, record.code, record.name, record.line, changed, point, values, record)


def free_slug(name: str, unit_code: str, taken: set[str], own: frozenset[str] | set[str] = frozenset()) -> str:
    """A slug that no point (active or not) has nor had: name, then unit code, then a number;
    own slugs (a renamed point's current and former ones) count as free."""
    base = slugify(name)[:100] or "diem"
    candidates = [base, f"{base}-{unit_code}", *(f"{base}-{n}" for n in range(2, 10_000))]
    slug = next(c for c in candidates if c not in taken or c in own)
    taken.add(slug)
    return slug


def rename_slug(change: PointChange, taken: set[str], retired: set[str]) -> None:
    """Give a renamed point the slug of its new name (its own former slugs allowed back); the
    current slug stays taken, for the old URL that will redirect."""
    point = change.point
    slug = free_slug(change.name, change.values["unit_code"], taken, retired | {point.slug})
    if slug != point.slug:
        change.values["slug"], change.old_slug = slug, point.slug
        change.fields = (*change.fields, "slug")


def apply_import(plan: ImportPlan, actor: str, user_id: int | None = None, progress=None) -> ImportRun:
    """Write a valid plan in one transaction: everything or, on any error, nothing."""
    if not plan.ok:
        raise ValueError("a plan with issues cannot be imported")
    try:
        active_before = _active_count()
        services = {s.code: s for s in db.session.scalars(select(Service))}
        for change in plan.changes:
            write_change(change, services)
            if progress:
                progress(1)
        run = ImportRun(filename=plan.filename[:300], actor=actor[:200], **plan.counts)
        db.session.add(run)
        db.session.flush()
        db.session.add(audit_row(run, actor, user_id, active_before))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    forget_illustrative_label()
    return run


def write_change(change: PointChange, services: dict[str, Service]) -> None:
    """Create, update or deactivate one point."""
    if change.status == "unchanged":
        return
    point = change.point
    if point is None:
        point = Point(code=change.code)
        db.session.add(point)
    for name, value in change.values.items():
        if getattr(point, name) != value:
            setattr(point, name, value)
    if change.old_slug:
        retire_slug(point, change.old_slug)
    record = change.record
    if record is None:  # missing from the file: only deactivated
        return
    if change.point is None or "hours" in change.fields:  # children are replaced only when they differ
        point.hours = [PointHours(weekday=h.weekday, opens=h.opens, closes=h.closes) for h in record.hours]
    if change.point is None or "services" in change.fields:
        point.point_services = [PointService(service=services[code], handling=handling)
                                for code, handling in record.services]
    db.session.flush()  # one point at a time, so a database error names the row it came from


def retire_slug(point: Point, old_slug: str) -> None:
    """Keep a renamed point's old slug in point_slugs; forget the history row of a slug it takes back."""
    returning = db.session.get(PointSlug, point.slug)
    if returning is not None and returning.point_id == point.id:
        db.session.delete(returning)
    db.session.add(PointSlug(slug=old_slug, point_id=point.id))


def _active_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Point).where(Point.is_active.is_(True)))


def audit_row(run: ImportRun, actor: str, user_id: int | None, active_before: int) -> AuditLog:
    """The audit log entry of an import: who, which file, what it changed."""
    after = {"filename": run.filename, "created": run.created, "updated": run.updated,
             "unchanged": run.unchanged, "deactivated": run.deactivated,
             "active_points": _active_count()}
    return AuditLog(user_id=user_id, actor=actor[:200], action="import_points", target_type="import_run",
                    target_id=str(run.id), before=json.dumps({"active_points": active_before}),
                    after=json.dumps(after, ensure_ascii=False))


"""Reads for the audit log page: what each entry's target is called (the point, the account, the
import), in one query per kind of target whatever the number of entries."""
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import AdminUser, Assessment, Feedback, ImportRun, Point, PrivacyRequest


@dataclass(frozen=True)
class TargetName:
    """What an audit entry's target is called, and what its staff page needs (a point's slug, a
    quarter)."""

    name: str
    slug: str | None = None
    quarter: int | None = None


def _feedback(ids: list[int]):
    return select(Feedback.id, Point.name, Point.slug).join(Point, Point.id == Feedback.point_id) \
        .where(Feedback.id.in_(ids))


def _assessments(ids: list[int]):
    return select(Assessment.id, Point.name, Point.slug, Assessment.quarter) \
        .join(Point, Point.id == Assessment.point_id).where(Assessment.id.in_(ids))


# Each kind of target: the statement giving (id, name[, slug[, quarter]]) for some ids.
TARGET_QUERIES = {
    "feedback": _feedback,
    "points": lambda ids: select(Point.id, Point.name, Point.slug).where(Point.id.in_(ids)),
    "assessments": _assessments,
    "admin_users": lambda ids: select(AdminUser.id, AdminUser.email).where(AdminUser.id.in_(ids)),
    "import_run": lambda ids: select(ImportRun.id, ImportRun.filename).where(ImportRun.id.in_(ids)),
    "privacy_requests": lambda ids: select(PrivacyRequest.id, PrivacyRequest.kind)
    .where(PrivacyRequest.id.in_(ids)),
}


def target_names(entries) -> dict[tuple[str, str], TargetName]:
    """The name of every target of these entries that still exists, by (type, id)."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.target_type in TARGET_QUERIES and (entry.target_id or "").isdigit():
            wanted.setdefault(entry.target_type, set()).add(int(entry.target_id))
    found = {}
    for kind, ids in wanted.items():
        for ident, *details in db.session.execute(TARGET_QUERIES[kind](sorted(ids))):
            found[(kind, str(ident))] = TargetName(*details)
    return found

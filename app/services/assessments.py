"""The post office's quarterly internal grades of a point (0–100 each), audited."""
from sqlalchemy import select

from app.extensions import db
from app.models import AdminUser, Assessment, Point
from app.services.errors import N_, ServiceError
from app.services.audit import record, snapshot

GRADE_FIELDS = ("delivery", "public_utility", "model_office")
ASSESSMENT_FIELDS = (*GRADE_FIELDS, "note")


class AssessmentError(ServiceError):
    """Grades that cannot be saved."""


def find_assessment(point_id: int, quarter: int) -> Assessment | None:
    """A point's assessment of one quarter, if entered."""
    stmt = select(Assessment).where(Assessment.point_id == point_id, Assessment.quarter == quarter)
    return db.session.scalar(stmt)


def save_assessment(point: Point, quarter: int, grades: dict[str, float | None], note: str | None,
                    actor: AdminUser) -> Assessment:
    """Create or update a point's grades for a quarter and commit them with their audit entry."""
    for name in GRADE_FIELDS:
        value = grades.get(name)
        if value is not None and not 0 <= value <= 100:
            raise AssessmentError(N_("Điểm phải từ 0 đến 100."))
    assessment = find_assessment(point.id, quarter)
    before = snapshot(assessment, ASSESSMENT_FIELDS) if assessment else None
    if assessment is None:
        assessment = Assessment(point_id=point.id, quarter=quarter)
        db.session.add(assessment)
    for name in GRADE_FIELDS:
        setattr(assessment, name, grades.get(name))
    assessment.note = (note or "").strip() or None
    assessment.updated_by_id = actor.id
    after = {"point": point.code, "quarter": quarter, **snapshot(assessment, ASSESSMENT_FIELDS)}
    if before is not None:
        before = {"point": point.code, "quarter": quarter, **before}
    record(actor, "save_assessment", assessment, before, after)
    db.session.commit()
    return assessment

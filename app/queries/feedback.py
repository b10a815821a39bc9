"""Reads for the feedback form and the admin area: a point's services, recent ratings, contacts."""
from datetime import datetime

from sqlalchemy import Row, select

from app.extensions import db
from app.models import Feedback, FeedbackContact, PointService, Service


def services_of_point(point_id: int) -> list[Row]:
    """The services a point offers, in catalogue order: (id, name_vi, name_en) rows, the form's
    "service used" choices (plain rows: the form reads three columns, on every rating posted)."""
    stmt = (select(Service.id, Service.name_vi, Service.name_en)
            .join(PointService, PointService.service_id == Service.id)
            .where(PointService.point_id == point_id).order_by(Service.position, Service.id))
    return list(db.session.execute(stmt))


def last_rating_since(point_id: int, client_hash: str, since: datetime) -> datetime | None:
    """When this client last rated this point after `since` (None: not since then); one index seek."""
    stmt = (select(Feedback.created_at)
            .where(Feedback.point_id == point_id, Feedback.client_hash == client_hash,
                   Feedback.created_at >= since)
            .order_by(Feedback.created_at.desc()).limit(1))
    return db.session.scalar(stmt)


def feedback_with_contacts(point_id: int, limit: int | None = None) -> list[tuple[Feedback, str | None]]:
    """A point's feedback, newest first, each with its private contact (admins only, never public)."""
    stmt = (select(Feedback, FeedbackContact.contact)
            .outerjoin(FeedbackContact, FeedbackContact.feedback_id == Feedback.id)
            .where(Feedback.point_id == point_id)
            .order_by(Feedback.created_at.desc(), Feedback.id.desc()))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [(feedback, contact) for feedback, contact in db.session.execute(stmt)]

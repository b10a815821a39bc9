"""Reads of privacy requests: a rater's own (by code), and the staff queue with its deadlines."""
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Feedback, PrivacyRequest


def rating_by_reference(reference_hash: str) -> Feedback | None:
    """The rating a reference code belongs to, if it is still there."""
    return db.session.scalar(select(Feedback).where(Feedback.reference_hash == reference_hash))


def requests_by_reference(reference_hash: str) -> list[PrivacyRequest]:
    """Every request made with a code, newest first."""
    stmt = (select(PrivacyRequest).where(PrivacyRequest.reference_hash == reference_hash)
            .order_by(PrivacyRequest.created_at.desc(), PrivacyRequest.id.desc()))
    return list(db.session.scalars(stmt))


def request_queue(status: str | None = "received") -> list[PrivacyRequest]:
    """Requests for staff: open ones by their nearest deadline, or all of a status, newest first."""
    stmt = select(PrivacyRequest).options(selectinload(PrivacyRequest.feedback).selectinload(Feedback.point))
    if status == "received":
        stmt = stmt.where(PrivacyRequest.status == "received").order_by(PrivacyRequest.complete_due,
                                                                        PrivacyRequest.id)
    else:
        if status:
            stmt = stmt.where(PrivacyRequest.status == status)
        stmt = stmt.order_by(PrivacyRequest.created_at.desc(), PrivacyRequest.id.desc()).limit(200)
    return list(db.session.scalars(stmt))


def open_request_counts(today) -> tuple[int, int]:
    """How many requests wait, and how many of them are past their deadline to be carried out."""
    stmt = select(func.count(), func.coalesce(func.sum(case((PrivacyRequest.complete_due < today, 1), else_=0)), 0)) \
        .where(PrivacyRequest.status == "received")
    waiting, overdue = db.session.execute(stmt).one()
    return int(waiting), int(overdue)

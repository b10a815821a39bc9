"""Reads of the daily digest (flask send-digest): what waits for staff today. Comments held for
moderation by point, complaints without a reply with their reply deadline, held ratings by point,
open privacy requests, and the staff accounts that receive it."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from app.clock import to_local
from app.extensions import db
from app.holiday_calendar import holidays_between
from app.models import AdminUser, Feedback, Point, PrivacyRequest
from app.queries.point_review import FEEDBACK_PER_PAGE, HeldBurst, held_bursts
from app.queries.privacy import request_queue
from app.working_days import add_working_days

# A complaint: a citizen's comment with an overall rating of "Không hài lòng" or "Rất không hài
# lòng"; it waits for the post office's public reply while it is published or held (not hidden).
COMPLAINT_LEVELS = (1, 2)
ANSWERABLE_STATUSES = ("published", "held")


@dataclass(frozen=True)
class HeldCommentsOfPoint:
    """The comments of one point waiting for moderation: how many, since when."""

    slug: str
    name: str
    count: int
    oldest: datetime


@dataclass(frozen=True)
class WaitingComplaint:
    """A complaint without a reply: where, when, how low, by when to answer it, and the page of the
    point's staff feedback list that shows it."""

    feedback_id: int
    slug: str
    name: str
    overall: int
    received: date
    due: date
    overdue: bool
    page: int


@dataclass(frozen=True)
class WaitingWork:
    """Everything the digest can tell, before it is cut to what each reader may act on."""

    today: date
    held_comments: list[HeldCommentsOfPoint]
    complaints: list[WaitingComplaint]
    held_ratings: list[HeldBurst]
    privacy_requests: list[PrivacyRequest]


def active_staff() -> list[AdminUser]:
    """The staff accounts in use, by e-mail."""
    stmt = select(AdminUser).where(AdminUser.active.is_(True)).order_by(AdminUser.email)
    return list(db.session.scalars(stmt))


def held_comments_by_point() -> list[HeldCommentsOfPoint]:
    """Points with comments held for moderation, the longest waiting first."""
    stmt = (select(Point.slug, Point.name, func.count(), func.min(Feedback.created_at))
            .join(Point, Point.id == Feedback.point_id).where(Feedback.comment_status == "held")
            .group_by(Point.slug, Point.name).order_by(func.min(Feedback.created_at), Point.slug))
    return [HeldCommentsOfPoint(slug, name, int(n), oldest)
            for slug, name, n, oldest in db.session.execute(stmt)]


def _rows_before():
    """How many of its point's feedback rows the staff list shows before a row (newest first)."""
    newer = aliased(Feedback)
    return (select(func.count()).select_from(newer)
            .where(newer.point_id == Feedback.point_id,
                   or_(newer.created_at > Feedback.created_at,
                       and_(newer.created_at == Feedback.created_at, newer.id > Feedback.id)))
            .scalar_subquery())


def complaints_waiting(today: date) -> list[WaitingComplaint]:
    """Citizens' complaints without a reply, the oldest first, each with its deadline: received
    (Vietnam's date) plus REPLY_DEADLINE_WORKING_DAYS working days; overdue once that day is past."""
    stmt = (select(Feedback.id, Point.slug, Point.name, Feedback.overall, Feedback.created_at, _rows_before())
            .join(Point, Point.id == Feedback.point_id)
            .where(Feedback.origin == "citizen", Feedback.overall.in_(COMPLAINT_LEVELS),
                   Feedback.comment_status.in_(ANSWERABLE_STATUSES), Feedback.replied_at.is_(None),
                   Feedback.rating_status != "discarded")
            .order_by(Feedback.created_at, Feedback.id))
    rows = db.session.execute(stmt).all()
    if not rows:
        return []
    days = current_app.config["REPLY_DEADLINE_WORKING_DAYS"]
    first = to_local(rows[0].created_at).date()
    # one calendar for every deadline: from the oldest receipt to well past the newest one's
    holidays = holidays_between(first, max(first, today) + timedelta(days=days * 3 + 30))
    complaints = []
    for feedback_id, slug, name, overall, created_at, before in rows:
        received = to_local(created_at).date()
        due = add_working_days(received, days, holidays)
        complaints.append(WaitingComplaint(feedback_id, slug, name, overall, received, due, due < today,
                                           before // FEEDBACK_PER_PAGE + 1))
    return complaints


def waiting_work(today: date) -> WaitingWork:
    """What waits for staff today, read once for every recipient."""
    return WaitingWork(today, held_comments_by_point(), complaints_waiting(today), held_bursts(),
                       request_queue("received"))

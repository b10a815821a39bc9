"""Writes of citizens' feedback: submit (with its aggregates, in one transaction), delete, erase.

The form has validated the input; here are the rules that need the database or belong to the
site rather than the form (settings in config.py, reasons in the README):
- one rating per point per browser per 24 hours (refused; the form says so before it is filled in);
- a per-network budget across the province per hour (refused past it);
- past FEEDBACK_NETWORK_POINT_CAP ratings of one point from one network in a day, or in a burst on
  a point (an hour with FEEDBACK_BURST_FACTOR times its usual pace, and at least FEEDBACK_BURST_MIN
  ratings), a rating is stored as held: it counts in no score until staff release it;
- the moderation rules that hold a comment, the contact kept apart, and the score aggregates.
A rating counts in the quarter it was received. With RATELIMIT_ENABLED=0 (load tests) the caps
and the burst rule are off.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import Integer, String, bindparam, delete, event, func, select
from sqlalchemy.orm import Session

from app.database import write_transaction
from app.extensions import db
from app.models import Feedback, FeedbackContact
from app.moderation_rules import hold_reason
from app.queries.feedback import (RATING_TARGET, RecentCounts, ServiceChoice, last_rating_since, rating_target,
                                  recent_ratings, target_of)
from app.queries.scores import count_in_province_means
from app.scoring import CRITERIA, quarter_of, rolling_quarters
from app.search import nfc
from app.services import reference_codes, visit_codes
from app.services.rating_rows import store_rating
from app.services.scores import ratings_of, remove_from_aggregates
from app.services.visit_codes import SlipState
from app.clock import to_local, utcnow

REPEAT_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class FeedbackSubmission:
    """What the citizen entered, already validated: ratings 1..5, a date, optional text."""

    overall: int
    visit_date: date
    factors: dict[str, int] = field(default_factory=dict)  # access, procedure, … when rated
    service_id: int | None = None
    comment: str | None = None
    contact: str | None = None
    channel: str = "web"


HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class SubmitOutcome:
    """The stored feedback, or why nothing was stored: a repeat within 24 h (until when), or the
    network's hourly budget spent (until when)."""

    feedback_id: int | None = None
    repeat_until: datetime | None = None
    budget_until: datetime | None = None
    slip_state: SlipState | None = None  # a counter slip that could not be used (spent, expired, unknown)
    comment_status: str = "none"
    held: bool = False  # stored, but counted only once staff release it
    reference: str | None = None  # the rating's reference code, shown once to the rater

    @property
    def stored(self) -> bool:
        """True when the rating was stored (counted, or held for review)."""
        return self.feedback_id is not None

    @property
    def feedback(self) -> Feedback | None:
        """The stored rating, loaded when asked (the form's answer needs only the outcome)."""
        return db.session.get(Feedback, self.feedback_id) if self.feedback_id is not None else None


def hold_of(counts: RecentCounts) -> str | None:
    """Why a rating with these recent counts is held (None: it counts at once)."""
    config = current_app.config
    if counts.network_on_point_today >= config["FEEDBACK_NETWORK_POINT_CAP"]:
        return "network"
    usual_per_hour = counts.point_last_year / (365 * 24)
    threshold = max(config["FEEDBACK_BURST_MIN"], config["FEEDBACK_BURST_FACTOR"] * usual_per_hour)
    return "burst" if counts.point_this_hour >= threshold else None


def submit_feedback(point_id: int, submission: FeedbackSubmission, client_hash: str,
                    network_hash: str | None = None, origin: str = "citizen",
                    now: datetime | None = None, slip: str | None = None) -> SubmitOutcome:
    """Store one rating, its private contact and (unless held) its aggregates in one transaction;
    with a counter slip's token, a verified rating that spends the slip."""
    now = now or utcnow()
    guarded = network_hash is not None and current_app.config.get("RATELIMIT_ENABLED", True)
    # What needs no database is done before the write lock is taken: other raters wait on it.
    comment_hold = hold_reason(nfc(submission.comment) or None)
    reference = reference_codes.new_code()
    with write_transaction():  # the checks and the writes see one state of the table
        queue_same_client(point_id, client_hash)
        previous, counts = recent_checks(point_id, client_hash, network_hash if guarded else None, now)
        if previous is not None:
            db.session.rollback()
            return SubmitOutcome(repeat_until=previous + REPEAT_WINDOW)
        code = None
        if slip:
            state, code = visit_codes.find(point_id, slip, lock=True)
            if state is not SlipState.VALID:
                db.session.rollback()
                return SubmitOutcome(slip_state=state)
        hold = None
        if counts is not None and code is None:  # a verified visit is held by no cap
            if counts.network_this_hour >= current_app.config["FEEDBACK_NETWORK_HOURLY"]:
                db.session.rollback()
                return SubmitOutcome(budget_until=now + HOUR)
            hold = hold_of(counts)
        row = feedback_row(point_id, submission, client_hash, origin, now, hold, comment_hold)
        row.update(network_hash=network_hash, verified=code is not None,
                   reference_hash=reference_codes.reference_hash(reference))
        ratings, quarter = {c: row[c] for c in CRITERIA if row.get(c) is not None}, row["quarter"]
        feedback_id = store_rating(row, ratings, counted=hold is None)
        if code is not None:
            visit_codes.spend(code, feedback_id, now)
        if submission.contact:
            db.session.add(FeedbackContact(feedback_id=feedback_id, contact=nfc(submission.contact),
                                           consent_at=now, erase_after=erase_date(now)))
        db.session.commit()
    if hold is None:
        count_in_province_means(quarter, ratings)
    return SubmitOutcome(feedback_id=feedback_id, comment_status=row["comment_status"], held=hold is not None,
                         reference=reference)


def recent_checks(point_id: int, client_hash: str, network_hash: str | None,
                  now: datetime) -> tuple[datetime | None, RecentCounts | None]:
    """When this client last rated this point within REPEAT_WINDOW, and, when the caps apply (a
    network given), the counts they weigh: one statement either way."""
    if network_hash is None:
        return last_rating_since(point_id, client_hash, now - REPEAT_WINDOW), None
    config = current_app.config
    return recent_ratings(point_id, client_hash, network_hash, now - REPEAT_WINDOW, now - HOUR,
                          rolling_quarters(quarter_of(to_local(now).date())),
                          caps=(config["FEEDBACK_NETWORK_POINT_CAP"], config["FEEDBACK_NETWORK_HOURLY"]))


# Built once: they run on every rating posted to PostgreSQL.
def _queue_lock(point_id):
    return func.pg_advisory_xact_lock(point_id, func.hashtext(bindparam("client_hash", type_=String)))


QUEUE_LOCK = select(_queue_lock(bindparam("point_id", type_=Integer)))
RATING_TARGET_QUEUED = RATING_TARGET.add_columns(_queue_lock(RATING_TARGET.selected_columns[0]))
QUEUED = "rating_queue"  # session.info: the (point, client) whose lock this transaction holds


def open_rating(slug: str, client_hash: str) -> tuple[int, list[ServiceChoice]] | None:
    """A rating posted to the point of `slug` by this client: the point's id and services, as
    rating_target() reads them. On PostgreSQL the same statement takes this client's queue lock on
    the point (queue_same_client), a round trip saved: submit_feedback, run next in the transaction,
    does not take it again. The checks stay a later statement, whose snapshot is taken once the
    lock is held."""
    if db.session.get_bind().dialect.name != "postgresql":
        return rating_target(slug)
    rows = db.session.connection().execute(RATING_TARGET_QUEUED, {"slug": slug, "client_hash": client_hash}).all()
    if not rows:
        return None
    db.session.info[QUEUED] = (rows[0][0], client_hash)
    return target_of(rows)


def queue_same_client(point_id: int, client_hash: str) -> None:
    """PostgreSQL: make a second rating of this point by this client, sent at the same instant,
    wait until the first one commits, so that its repeat check sees it (a lock held until the end
    of the transaction). SQLite needs nothing: its write lock already lets one writer in at a time."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    if db.session.info.pop(QUEUED, None) != (point_id, client_hash):  # unless open_rating took it
        db.session.execute(QUEUE_LOCK, {"point_id": point_id, "client_hash": client_hash})


@event.listens_for(Session, "after_transaction_end")
def _lock_released(session, transaction) -> None:
    """The queue lock ends with the transaction; so does the note that it is held."""
    if transaction.parent is None:
        session.info.pop(QUEUED, None)


def feedback_row(point_id: int, submission: FeedbackSubmission, client_hash: str,
                 origin: str, now: datetime, hold: str | None = None, comment_hold: str | None = None) -> dict:
    """The feedback row of a submission (its column values), counted in the quarter it was
    received; its comment published, or held by the moderation rules (comment_hold, their
    reasons) or with its held rating."""
    comment = nfc(submission.comment) or None
    reason = ";".join(filter(None, (hold, comment_hold))) or None
    status = "none" if comment is None else ("held" if reason else "published")
    factors = {name: submission.factors.get(name) for name in CRITERIA if name != "overall"}
    return dict(
        point_id=point_id, created_at=now, visit_date=submission.visit_date,
        quarter=quarter_of(to_local(now).date()), service_id=submission.service_id,
        overall=submission.overall, comment=comment, comment_status=status, hold_reason=reason,
        rating_status="held" if hold else "counted", rating_hold=hold,
        channel=submission.channel, client_hash=client_hash, origin=origin, **factors,
    )


def erase_date(now: datetime) -> date:
    """The day after which a contact given now must be erased (CONTACT_RETENTION_DAYS)."""
    return to_local(now).date() + timedelta(days=current_app.config["CONTACT_RETENTION_DAYS"])


def delete_feedback(feedback_id: int) -> bool:
    """Delete one feedback on request, with its contact, and uncount it; False if it is not there."""
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None:
        return False
    quarter, ratings, counted = feedback.quarter, ratings_of(feedback), feedback.rating_status == "counted"
    if counted:
        remove_from_aggregates(feedback.point_id, quarter, ratings)
    db.session.delete(feedback)
    db.session.commit()
    if counted:
        count_in_province_means(quarter, ratings, sign=-1)
    return True


def erase_expired_contacts(today: date | None = None) -> int:
    """Erase the contacts whose retention period is over; how many were erased."""
    today = today or to_local(utcnow()).date()
    stmt = delete(FeedbackContact).where(FeedbackContact.erase_after < today)
    erased = db.session.execute(stmt).rowcount or 0
    db.session.commit()
    return erased


"""Counter slips: one-time links to a point's rating form that the counter hands out after a
transaction. A rating through one is a verified visit: it is not held by the network cap (the
counter's Wi-Fi, a family's phone), still one per browser per point per day, and the link is spent
with it. Only a SHA-256 of each token is stored (a token is 96 random bits); links expire after
VISIT_CODE_DAYS."""
import hashlib
import secrets
from datetime import datetime, timedelta
from enum import Enum

from flask import current_app
from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.models import Point, VisitCode
from app.services.audit import record
from app.urls import absolute_url

MAX_PER_BATCH = 500


class SlipState(Enum):
    """What a slip's link finds."""

    VALID = "valid"
    UNKNOWN = "unknown"  # no such slip for this point (mistyped, or another point's)
    SPENT = "spent"
    EXPIRED = "expired"


def token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def issue(point: Point, count: int, actor) -> list[str]:
    """`count` new slip links for a point (absolute, on SITE_URL), audited; the tokens are not kept."""
    count = max(1, min(int(count), MAX_PER_BATCH))
    now = utcnow()
    expires = now + timedelta(days=current_app.config["VISIT_CODE_DAYS"])
    tokens = [secrets.token_urlsafe(12) for _ in range(count)]
    db.session.add_all(VisitCode(point_id=point.id, token_hash=token_hash(t), created_at=now, expires_at=expires,
                                 created_by=getattr(actor, "email", None) or str(actor)) for t in tokens)
    record(actor, "issue_visit_codes", point, None, {"slips": count, "expires_at": expires})
    db.session.commit()
    return [absolute_url("feedback.form", slug=point.slug, slip=t) for t in tokens]


def find(point_id: int, token: str | None, lock: bool = False) -> tuple[SlipState, VisitCode | None]:
    """The slip of a token for this point and what state it is in (lock: for the rating's write)."""
    if not token:
        return SlipState.UNKNOWN, None
    stmt = select(VisitCode).where(VisitCode.token_hash == token_hash(token), VisitCode.point_id == point_id)
    code = db.session.scalar(stmt.with_for_update() if lock else stmt)
    if code is None:
        return SlipState.UNKNOWN, None
    if code.used_at is not None:
        return SlipState.SPENT, code
    if code.expires_at <= utcnow():
        return SlipState.EXPIRED, code
    return SlipState.VALID, code


def spend(code: VisitCode, feedback_id: int, now: datetime) -> None:
    """Mark a slip used by a rating (the caller commits, with the rating)."""
    code.used_at, code.feedback_id = now, feedback_id

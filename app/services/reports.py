"""Citizens' reports of published comments ("Báo cáo vi phạm"): each browser reports a comment
once; at COMMENT_REPORTS_TO_HOLD reports from different browsers the comment leaves the public
pages and waits in the moderation queue (held, reason "reported") until staff decide."""
from enum import Enum

from flask import current_app
from sqlalchemy import func, select

from app.clock import utcnow
from app.extensions import db
from app.models import CommentReport, Feedback

REPORTED = "reported"


class ReportOutcome(Enum):
    STORED = "stored"
    HELD = "held"  # stored, and the comment is now held for review
    ALREADY = "already"  # this browser reported it before


def report_comment(feedback: Feedback, reason: str, note: str | None, client_hash: str,
                   network_hash: str | None) -> ReportOutcome:
    """Store one report of a published comment (commits)."""
    seen = select(CommentReport.id).where(CommentReport.feedback_id == feedback.id,
                                          CommentReport.client_hash == client_hash)
    if db.session.scalar(seen) is not None:
        return ReportOutcome.ALREADY
    db.session.add(CommentReport(feedback_id=feedback.id, reason=reason, note=note or None, created_at=utcnow(),
                                 client_hash=client_hash, network_hash=network_hash))
    db.session.flush()
    reporters = db.session.scalar(select(func.count(func.distinct(CommentReport.client_hash)))
                                  .where(CommentReport.feedback_id == feedback.id))
    outcome = ReportOutcome.STORED
    if reporters >= current_app.config["COMMENT_REPORTS_TO_HOLD"] and feedback.comment_status == "published":
        feedback.comment_status = "held"
        feedback.hold_reason = ";".join(filter(None, (feedback.hold_reason, REPORTED)))
        outcome = ReportOutcome.HELD
    db.session.commit()
    return outcome

"""Requests about one's own rating, made with its reference code: received with their deadlines in
working days, then carried out (the data erased from the database, so from every page, the API,
the exports and the scores), done or refused by staff, every step in the audit log."""
from flask import current_app
from sqlalchemy import update

from app.clock import to_local, utcnow
from app.extensions import db
from app.models import AdminUser, PrivacyRequest
from app.queries.privacy import rating_by_reference
from app.services import audit
from app.services.feedback import delete_feedback
from app.services.reference_codes import reference_hash
from app.working_days import add_working_days

# What carrying out each kind of request erases.
ERASES = {"erase_rating": ("rating",), "erase_comment": ("comment",), "erase_contact": ("contact",),
          # Consent is what the comment and the contact rest on; the rating itself is anonymous.
          "withdraw_consent": ("comment", "contact")}


class RequestError(ValueError):
    """A request that cannot be made or acted on; the message says why, for the reader."""


def receive(code: str, kind: str, details: str | None) -> PrivacyRequest:
    """Record a request for the rating of this code, with its two deadlines; RequestError when
    no rating has the code (any more)."""
    hashed = reference_hash(code)
    feedback = rating_by_reference(hashed)
    if feedback is None:
        raise RequestError("unknown")
    received = to_local(utcnow()).date()
    config = current_app.config
    request = PrivacyRequest(
        reference_hash=hashed, feedback_id=feedback.id, kind=kind, details=details or None,
        reply_due=add_working_days(received, config["PRIVACY_REPLY_WORKING_DAYS"]),
        complete_due=add_working_days(received, config["PRIVACY_COMPLETE_WORKING_DAYS"]))
    db.session.add(request)
    db.session.flush()
    audit.record("citizen", "privacy_request", request, after={"kind": kind})
    db.session.commit()
    return request


def carry_out(request: PrivacyRequest, actor: AdminUser) -> None:
    """Erase what the request asks for and close it as done (one transaction)."""
    _require_open(request)
    feedback = request.feedback
    parts = ERASES.get(request.kind)
    if parts is None:
        raise RequestError("manual")  # a correction: staff make it, then mark the request done
    erased = []
    if feedback is not None:
        if "comment" in parts and feedback.comment:
            feedback.comment, feedback.comment_status, feedback.hold_reason = None, "none", None
            feedback.hidden_reason, feedback.reply_text, feedback.replied_at = None, None, None
            feedback.reports.clear()
            erased.append("comment")
        if "contact" in parts and feedback.contact is not None:
            feedback.contact = None
            erased.append("contact")
    _close(request, actor, "done", ", ".join(erased) or None)
    if "rating" in parts and feedback is not None:
        # Every request of this rating loses its link; the requests themselves stay, for the record.
        db.session.execute(update(PrivacyRequest).where(PrivacyRequest.feedback_id == feedback.id)
                           .values(feedback_id=None))
        request.outcome = "rating"
        delete_feedback(feedback.id)  # commits the whole request with it, and uncounts the rating
    else:
        db.session.commit()


def mark_done(request: PrivacyRequest, actor: AdminUser, outcome: str) -> None:
    """Close a request staff carried out themselves (a correction), saying what was done."""
    _require_open(request)
    _close(request, actor, "done", outcome)
    db.session.commit()


def refuse(request: PrivacyRequest, actor: AdminUser, reason: str) -> None:
    """Refuse a request, with the reason the rater will read."""
    _require_open(request)
    _close(request, actor, "refused", reason)
    db.session.commit()


def _require_open(request: PrivacyRequest) -> None:
    if request.status != "received":
        raise RequestError("closed")


def _close(request: PrivacyRequest, actor: AdminUser, status: str, outcome: str | None) -> None:
    before = {"status": request.status}
    request.status, request.outcome = status, outcome
    request.decided_at, request.decided_by_id = utcnow(), actor.id
    audit.record(actor, f"privacy_{status}", request, before=before,
                 after={"status": status, "kind": request.kind, "outcome": outcome})


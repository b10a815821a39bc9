"""Writes about raters' private contacts (Law 91/2025/QH15): every staff view of one is audited,
and a contact is erased, audited, once its purpose is met: the reply was sent, or staff called back.

The views decide which contacts they show (app/admin/contacts.py) and record the views here after
rendering, before the page leaves: a contact never reaches a screen without its audit entry.
Neither the audit entries nor anything else here keep the contact's value."""
from collections.abc import Iterable

from app.database import write_transaction
from app.extensions import db
from app.models import AdminUser, Feedback
from app.services.audit import record

VIEW_ACTION = "view_contact"
ERASE_ACTION = "erase_contact"
REPLIED = "replied"  # erased with the public reply (CONTACT_ERASE_AFTER_REPLY)
CONTACTED = "contacted"  # erased by staff once they answered outside the site (by phone, e-mail)


def record_views(actor: AdminUser, feedback_ids: Iterable[int]) -> None:
    """One audit entry per contact shown to a staff member, committed."""
    ids = sorted(set(feedback_ids))
    if not ids:
        return
    with write_transaction():  # a GET: leave the read transaction before writing (SQLite)
        for feedback_id in ids:
            record(actor, VIEW_ACTION, ("feedback", feedback_id))
        db.session.commit()


def drop(feedback: Feedback, actor: AdminUser, reason: str) -> bool:
    """Delete the rating's contact and add the audit entry, in the caller's transaction (it
    commits); False when there is no contact."""
    if feedback.contact is None:
        return False
    record(actor, ERASE_ACTION, ("feedback", feedback.id), None, {"reason": reason})
    feedback.contact = None  # delete-orphan: the row goes with the flush
    return True


def erase_after_contacting(feedback: Feedback, actor: AdminUser) -> bool:
    """Staff answered the rater outside the site: erase the contact now (committed); False when
    there was none."""
    erased = drop(feedback, actor, CONTACTED)
    db.session.commit()
    return erased

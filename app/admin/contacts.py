"""Raters' private contacts in the staff area: only holders of `view_contacts` read them, every view
is audited, and staff erase one once they have answered the rater outside the site.

A page that lists feedback asks contacts_for() which contacts it may show, renders with that
mapping (the template shows nothing else), and returns audited(html, shown): the views are in the
audit log before the page leaves. Erasing a contact once the rater was answered is an action on
the item, with the others in app/admin/moderation.py."""
from collections.abc import Iterable

from app.admin.helpers import acting_user
from app.models import Feedback
from app.permissions import can
from app.services import contacts


def contacts_for(items: Iterable[Feedback]) -> dict[int, str]:
    """The contacts of these ratings the signed-in staff member may read, by feedback id (none
    without `view_contacts`)."""
    if not can("view_contacts"):
        return {}
    return {fb.id: fb.contact.contact for fb in items if fb.contact is not None}


def audited(html: str, shown: dict[int, str]) -> str:
    """The rendered page, once each contact it shows is in the audit log."""
    contacts.record_views(acting_user(), shown)
    return html

"""Raters' private contacts in the staff area: only holders of `view_contacts` read them, every view
is audited, and staff erase one once they have answered the rater outside the site.

A page that lists feedback asks contacts_for() which contacts it may show, renders with that
mapping (the template shows nothing else), and returns audited(html, shown): the views are in the
audit log before the page leaves."""
from collections.abc import Iterable

from flask import abort, flash, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.forms import ActionForm
from app.admin.helpers import acting_user, see_other
from app.models import Feedback
from app.permissions import can, staff_required
from app.queries.point_review import feedback_by_id
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


@bp.post("/feedback/<int:feedback_id>/contact/erase")
@staff_required("view_contacts")
def erase_contact(feedback_id: int):
    """The rater was answered by phone or e-mail: erase their contact now (audited), back (303)."""
    feedback = feedback_by_id(feedback_id) or abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        if contacts.erase_after_contacting(feedback, acting_user()):
            flash(_("Đã xóa liên hệ riêng của người đánh giá."), "success")
        else:
            flash(_("Đánh giá này không có liên hệ riêng."), "info")
    fallback = url_for("admin.point", slug=feedback.point.slug, _anchor=f"fb-{feedback.id}")
    return see_other(fallback, form.next.data)

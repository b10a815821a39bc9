"""The staff area: blueprint `admin`, mounted at /admin. Each view module below adds its routes;
every view except the sign-in form is decorated with staff_required (app/permissions.py)."""
from flask import Blueprint
from flask_login import current_user

from app.admin.formatting import template_helpers
from app.permissions import can
from app.queries.point_review import held_count

bp = Blueprint("admin", __name__)


@bp.context_processor
def staff_navigation() -> dict:
    """What the staff navigation shows: the permission check and the held comments waiting."""
    held = held_count() if current_user.is_authenticated else 0
    return {"can": can, "held_total": held, **template_helpers()}


# Imported last: the modules register their views on bp.
from app.admin import (contacts, login, moderation, overview, point_review, privacy, ranking,  # noqa: E402,F401
                       reports, slips, staff, two_factor)

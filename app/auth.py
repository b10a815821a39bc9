"""Staff sign-in plumbing: how Flask-Login finds the signed-in user, and when a session ends.

A staff session carries the account's session version and when it began and was last used. It
ends when the account's version moves on (sign-out, a password or role change, "sign out
everywhere": every device at once), after STAFF_IDLE_MINUTES without a request, and
STAFF_SESSION_HOURS after sign-in, whatever the cookie says."""
from flask import Flask, current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from app.clock import now
from app.extensions import db, login_manager
from app.models import AdminUser

STAFF_KEY = "staff"  # {"v": session version, "since": sign-in time, "seen": last request} (epoch s)
SECOND_STEP_KEY = "second_step"  # {"id", "v", "at"}: the password was right, a code is awaited
SECOND_STEP_SECONDS = 300


def _timestamp() -> float:
    return now().timestamp()


def session_is_current(user: AdminUser) -> bool:
    """Whether this request's session belongs to the account's current sessions and has not run
    out; a current one is marked as used now."""
    staff = session.get(STAFF_KEY)
    if not isinstance(staff, dict) or staff.get("v") != user.session_version:
        return False
    moment = _timestamp()
    idle = current_app.config["STAFF_IDLE_MINUTES"] * 60
    lifetime = current_app.config["STAFF_SESSION_HOURS"] * 3600
    if moment - staff.get("seen", 0) > idle or moment - staff.get("since", 0) > lifetime:
        return False
    session[STAFF_KEY] = {**staff, "seen": moment}
    return True


@login_manager.user_loader
def load_user(user_id: str) -> AdminUser | None:
    """The staff member of a session, if the account is active and the session still current."""
    if not user_id.isdigit():
        return None
    user = db.session.get(AdminUser, int(user_id))
    if user is None or not user.active or not session_is_current(user):
        session.pop(STAFF_KEY, None)
        return None
    return user


def sign_in(user: AdminUser) -> None:
    """Start a staff session (marked fresh; "strong" protection ties it to this browser)."""
    session.clear()  # nothing from before the sign-in (a fixed session id, an old CSRF token) stays
    moment = _timestamp()
    session[STAFF_KEY] = {"v": user.session_version, "since": moment, "seen": moment}
    login_user(user, remember=False, fresh=True)


def await_second_step(user: AdminUser) -> None:
    """The password was right; the account asks for a code before the session starts."""
    session.clear()
    session[SECOND_STEP_KEY] = {"id": user.id, "v": user.session_version, "at": _timestamp()}


def pending_second_step() -> AdminUser | None:
    """The account whose code this browser may enter (for SECOND_STEP_SECONDS after the password)."""
    pending = session.get(SECOND_STEP_KEY)
    if not isinstance(pending, dict) or _timestamp() - pending.get("at", 0) > SECOND_STEP_SECONDS:
        return None
    user = db.session.get(AdminUser, pending.get("id") or 0)
    if user is None or not user.active or user.session_version != pending.get("v") or not user.has_two_factor:
        return None
    return user


def sign_out() -> None:
    """End this browser's staff session (the account's version ends the others)."""
    logout_user()
    session.pop(STAFF_KEY, None)


def init_auth(app: Flask) -> None:
    """Session protection and where anonymous users are sent."""
    login_manager.session_protection = "strong"
    login_manager.login_view = "admin.login" if "admin" in app.blueprints else None
    login_manager.login_message = _l("Vui lòng đăng nhập để vào khu vực quản trị.")
    login_manager.login_message_category = "info"

    @app.context_processor
    def inject_current_user() -> dict:
        # The lazy proxy, not the user: public pages that never ask stay free of the session
        # (Flask-Login's own processor loads it for every page, which makes pages uncacheable).
        return {"current_user": current_user}

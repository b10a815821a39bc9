"""Staff sign-in plumbing: how Flask-Login finds the signed-in user, and where others are sent."""
from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from app.extensions import db, login_manager
from app.models import AdminUser


@login_manager.user_loader
def load_user(user_id: str) -> AdminUser | None:
    """The staff member of a session, if the account still exists and is active."""
    if not user_id.isdigit():
        return None
    user = db.session.get(AdminUser, int(user_id))
    return user if user and user.active else None


def sign_in(user: AdminUser) -> None:
    """Start a staff session (marked fresh; "strong" protection ties it to this browser)."""
    login_user(user, remember=False, fresh=True)


def sign_out() -> None:
    """End the staff session."""
    logout_user()


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

"""Staff sign-in plumbing: how Flask-Login finds the signed-in user."""
from flask import Flask

from app.extensions import db, login_manager
from app.models import AdminUser


@login_manager.user_loader
def load_user(user_id: str) -> AdminUser | None:
    """The staff member of a session, if the account still exists and is active."""
    if not user_id.isdigit():
        return None
    user = db.session.get(AdminUser, int(user_id))
    return user if user and user.active else None


def init_auth(app: Flask) -> None:
    """Session protection and where anonymous users are sent."""
    login_manager.session_protection = "strong"
    login_manager.login_view = "admin.login" if "admin" in app.blueprints else None

"""Who may do what in the staff area: the one place permissions are decided."""
from functools import wraps

from flask import Response, abort
from flask_login import current_user

from app.extensions import login_manager
from app.htmx import wants_fragment

# Every permission a view can ask for, and the roles that hold it.
PERMISSIONS = {
    "read": {"admin", "reviewer"},
    "moderate": {"admin", "reviewer"},
    "assess": {"admin"},
    "import": {"admin"},
    "manage_users": {"admin"},
}


def can(permission: str, user=None) -> bool:
    """Whether the (current) user holds a permission."""
    user = user or current_user
    return bool(user and user.is_authenticated and user.role in PERMISSIONS[permission])


def _to_login():
    """Flask-Login's redirect to the login page; for htmx, a whole-page redirect (HX-Redirect), or
    htmx would follow the 302 itself and swap the login form into the middle of the page."""
    response = login_manager.unauthorized()
    if wants_fragment():
        return Response(status=204, headers={"HX-Redirect": response.location})
    return response


def staff_required(permission: str = "read"):
    """Decorate a view: anonymous users go to the login page, users without the permission get 403."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _to_login()
            if not can(permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # the URL-map tests read this
        return wrapped

    return decorator

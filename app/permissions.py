"""Who may do what in the staff area: the one place permissions are decided."""
from functools import wraps

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
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
    "privacy": {"admin"},  # the queue of privacy requests: erasing, refusing
    # A rater's private phone or e-mail (Law 91/2025/QH15): only those who answer them read it.
    "view_contacts": {"admin"},
    # The quarterly ranking's cycle: closing (freezing) a quarter and publishing it; reopening one.
    "close_quarter": {"admin"},
    "reopen_quarter": {"admin"},
}


def can(permission: str, user=None) -> bool:
    """Whether the (current) user holds a permission."""
    user = user or current_user
    return bool(user and user.is_authenticated and user.role in PERMISSIONS[permission])


# The views a visitor who is not signed in may open in the staff area: the sign-in's two steps.
SIGN_IN_STEPS = {"admin.login", "admin.login_code"}
# Where an administrator who must set up two-factor sign-in may still go.
TWO_FACTOR_EXEMPT = {"admin.two_factor_setup", "admin.logout"}


def must_set_up_two_factor(user=None) -> bool:
    """STAFF_2FA_REQUIRED: an administrator without two-factor sign-in sets it up first."""
    user = user or current_user
    return bool(current_app.config.get("STAFF_2FA_REQUIRED") and user.role == "admin"
                and not user.has_two_factor)


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
            if must_set_up_two_factor() and request.endpoint not in TWO_FACTOR_EXEMPT:
                flash(_("Tài khoản quản trị cần bật xác thực hai bước trước khi tiếp tục."), "info")
                return redirect(url_for("admin.two_factor_setup"))
            if not can(permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # the URL-map tests read this
        return wrapped

    return decorator

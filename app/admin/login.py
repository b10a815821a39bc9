"""Staff sign-in and sign-out."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.forms import LoginForm
from app.admin.helpers import acting_user, see_other
from app.admin import bp
from app.auth import sign_in, sign_out
from app.extensions import limiter
from app.permissions import staff_required
from app.services.accounts import attempt_login, record_logout
from app.urls import safe_next


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """The sign-in form; on success, on to `next` (same site only) or the overview."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("admin.overview"))
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = attempt_login(form.email.data, form.password.data)
        if user is not None:
            sign_in(user)
            return see_other(url_for("admin.overview"), form.next.data)
        flash(_("E-mail hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa sau nhiều lần "
                "đăng nhập sai. Vui lòng thử lại sau."), "error")
    return render_template("admin/login.html", form=form)


@bp.post("/logout")
@staff_required("read")
def logout():
    """End the session (POST only, so no link or image can sign anyone out)."""
    record_logout(acting_user())
    sign_out()
    flash(_("Đã đăng xuất."), "info")
    return see_other(url_for("admin.login"))

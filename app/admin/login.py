"""Staff sign-in and sign-out."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.forms import LoginForm, PasswordChangeForm
from app.admin.helpers import acting_user, flash_error, see_other
from app.admin import bp
from app.auth import await_second_step, sign_in, sign_out
from app.clients import network_hash, network_key
from app.extensions import limiter
from app.permissions import staff_required
from app.services.accounts import (AccountError, attempt_login, change_password, record_logout,
                                   sign_out_everywhere)
from app.urls import safe_next


def login_limit() -> str:
    """LOGIN_RATE_LIMIT, read per request: both steps of a sign-in share it."""
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], key_func=network_key)
def login():
    """The sign-in form; on success, on to `next` (same site only) or the overview."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("admin.overview"))
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = attempt_login(form.email.data, form.password.data, network_hash())
        if user is not None and user.has_two_factor:
            await_second_step(user)
            return see_other(url_for("admin.login_code", next=safe_next(form.next.data)))
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


@bp.route("/account", methods=["GET", "POST"])
@staff_required("read")
def account():
    """One's own account: change the password, or end every session on every device."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(acting_user(), form.current.data, form.new.data)
        except AccountError as error:
            flash_error(error)
        else:
            sign_out()
            flash(_("Đã đổi mật khẩu. Mọi phiên đăng nhập đã kết thúc; vui lòng đăng nhập lại."), "success")
            return see_other(url_for("admin.login"))
    return render_template("admin/account.html", form=form)


@bp.post("/account/sign-out-everywhere")
@staff_required("read")
def sign_out_all():
    """End every session of the account, this one included."""
    sign_out_everywhere(acting_user())
    sign_out()
    flash(_("Đã đăng xuất trên mọi thiết bị."), "info")
    return see_other(url_for("admin.login"))

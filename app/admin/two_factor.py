"""Two-factor sign-in: the second step of a sign-in, and enrolling (or leaving) it on one's account."""
from flask import flash, render_template, request, session, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.forms import CodeForm, DisableTwoFactorForm
from app.admin.helpers import acting_user, flash_error, see_other
from app.admin.login import login_limit
from app.auth import pending_second_step, sign_in, sign_out
from app.clients import network_hash, network_key
from app.extensions import limiter
from app.permissions import staff_required
from app.public.qr import qr_data_uri
from app.services import two_factor
from app.services.accounts import attempt_second_step, verify_password
from app.urls import safe_next

PENDING_SECRET = "totp_pending"  # the secret shown at enrolment, until a code confirms it


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], key_func=network_key)
def login_code():
    """The second step of a sign-in for an account with two-factor sign-in: a code."""
    user = pending_second_step()
    if user is None:
        flash(_("Vui lòng đăng nhập lại."), "info")
        return see_other(url_for("admin.login"))
    form = CodeForm(next=request.args.get("next"))
    if form.validate_on_submit():
        if attempt_second_step(user, form.code.data, network_hash()):
            sign_in(user)
            return see_other(url_for("admin.overview"), form.next.data)
        flash(_("Mã không đúng, đã dùng rồi, hoặc phải chờ sau nhiều lần sai. Vui lòng thử lại."), "error")
    return render_template("admin/login_code.html", form=form)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@staff_required("read")
def two_factor_setup():
    """Turn two-factor sign-in on (scan, then confirm a code) or off (with the password)."""
    user = acting_user()
    if user.has_two_factor:
        form = DisableTwoFactorForm()
        if form.validate_on_submit():
            if verify_password(user.password_hash, form.password.data):
                two_factor.disable(user, user)
                sign_out()
                flash(_("Đã tắt xác thực hai bước. Vui lòng đăng nhập lại."), "info")
                return see_other(url_for("admin.login"))
            flash(_("Mật khẩu hiện tại không đúng."), "error")
        return render_template("admin/two_factor.html", user=user, form=form,
                               codes_left=two_factor.recovery_codes_left(user))
    secret = session.get(PENDING_SECRET) or two_factor.new_secret()
    session[PENDING_SECRET] = secret
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.enable(user, secret, form.code.data)
        except two_factor.TwoFactorError as error:
            flash_error(error)
        else:
            sign_in(user)  # the other sessions ended with the change; this one goes on
            return render_template("admin/two_factor_codes.html", codes=codes)
    uri = two_factor.provisioning_uri(secret, user.email)
    return render_template("admin/two_factor.html", user=user, form=form, secret=secret,
                           qr=qr_data_uri(uri, "otpauth"), next_url=safe_next(request.args.get("next")))

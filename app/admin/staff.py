"""The staff area's own records: the audit log and the staff accounts."""
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _

from app.admin.forms import NewUserForm, UpdateUserForm
from app.admin.audit_entries import audit_rows
from app.admin.helpers import acting_user, flash_error, see_other
from app.admin import bp
from app.extensions import db
from app.models import AdminUser
from app.permissions import staff_required
from app.queries.staff import audit_actions, audit_page, staff_accounts
from app.services.accounts import AccountError, create_admin, update_account
from app.services import two_factor
from app.services.sign_in_guard import waiting_networks
from app.urls import page_arg


@bp.get("/audit")
@staff_required("manage_users")
def audit_log():
    """Every admin write: who, when, what, before → after; newest first."""
    action = request.args.get("action") or None
    log = audit_page(page_arg(request.args.get("page")), action)
    return render_template("admin/audit.html", log=log, rows=audit_rows(log.items), action=action,
                           actions=audit_actions())


@bp.route("/users", methods=["GET", "POST"])
@staff_required("manage_users")
def users():
    """The staff accounts, and the form that creates one."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            create_admin(form.email.data, form.password.data, form.role.data, acting_user())
            flash(_("Đã tạo tài khoản %(email)s.", email=form.email.data.strip().lower()), "success")
            return see_other(url_for("admin.users"))
        except AccountError as error:
            flash_error(error)
    accounts = staff_accounts()
    by_email = waiting_networks([account.email for account in accounts])
    waiting = {account.id: by_email[account.email] for account in accounts}
    return render_template("admin/users.html", form=form, accounts=accounts, waiting=waiting)


@bp.post("/users/<int:user_id>")
@staff_required("manage_users")
def update_user(user_id: int):
    """Change an account's role or activity, or lift its lockout."""
    user = db.session.get(AdminUser, user_id) or abort(404)
    form = UpdateUserForm()
    if form.validate_on_submit():
        try:
            update_account(user, acting_user(), role=form.role.data, active=form.active.data,
                           unlock=form.unlock.data)
            if form.reset_two_factor.data and user.has_two_factor:
                two_factor.disable(user, acting_user())
            flash(_("Đã cập nhật tài khoản %(email)s.", email=user.email), "success")
        except AccountError as error:
            flash_error(error)
    return see_other(url_for("admin.users"))

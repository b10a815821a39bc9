"""The staff area's forms (Flask-WTF: every one carries a CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, EmailField, FloatField, HiddenField, PasswordField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.models.admin import ROLES
from app.services.accounts import MIN_PASSWORD_LENGTH
from app.services.moderation import MAX_REASON_LENGTH, MAX_REPLY_LENGTH

ROLE_LABELS = {"admin": _l("Quản trị viên"), "reviewer": _l("Người kiểm duyệt")}


class LoginForm(FlaskForm):
    """E-mail and password; `next` is where to go after, checked to stay on this site."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class ActionForm(FlaskForm):
    """A button-only form (publish, sign out): the CSRF token and where to return."""

    next = HiddenField()


class HideForm(ActionForm):
    """Hide a comment: the reason is required."""

    reason = StringField(_l("Lý do ẩn"), validators=[DataRequired(), Length(max=MAX_REASON_LENGTH)])


class ReplyForm(ActionForm):
    """The post office's public reply to a comment."""

    reply = TextAreaField(_l("Trả lời công khai"), validators=[DataRequired(), Length(max=MAX_REPLY_LENGTH)])


def _grade(label):
    return FloatField(label, validators=[Optional(), NumberRange(min=0, max=100)])


class AssessmentForm(FlaskForm):
    """A point's internal grades for one quarter (0–100 each, any may stay empty) and a note."""

    quarter = SelectField(_l("Quý"), validators=[DataRequired()])
    delivery = _grade(_l("Chất lượng khâu phát"))
    public_utility = _grade(_l("Chất lượng dịch vụ bưu chính công ích"))
    model_office = _grade(_l("Bưu cục kiểu mẫu – giao dịch viên chuyên nghiệp"))
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])


class NewUserForm(FlaskForm):
    """A new staff account."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES])
    password = PasswordField(_l("Mật khẩu (ít nhất %(n)s ký tự)", n=MIN_PASSWORD_LENGTH),
                             validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)])


class UpdateUserForm(FlaskForm):
    """Change an account's role or activity, or lift its lockout."""

    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES])
    active = BooleanField(_l("Đang hoạt động"))
    unlock = BooleanField(_l("Mở khóa đăng nhập"))

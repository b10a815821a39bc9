"""The staff area's forms (Flask-WTF: every one carries a CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, EmailField, FloatField, HiddenField, IntegerField, PasswordField,
                     SelectField, StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from app.labels import ROLE_LABELS
from app.models.admin import ROLES
from app.services.passwords import MIN_PASSWORD_LENGTH
from app.services.moderation import MAX_REASON_LENGTH, MAX_REPLY_LENGTH

# WTForms has no Vietnamese catalogue: every validator gets its message here.
REQUIRED = _l("Vui lòng điền mục này.")
TOO_LONG = _l("Nội dung quá dài.")


def required():
    """A required field, with the message in the user's language."""
    return DataRequired(message=REQUIRED)


def at_most(n: int):
    """A length limit, with the message in the user's language."""
    return Length(max=n, message=TOO_LONG)


class LoginForm(FlaskForm):
    """E-mail and password; `next` is where to go after, checked to stay on this site."""

    email = EmailField(_l("E-mail"), validators=[required(), at_most(200)])
    password = PasswordField(_l("Mật khẩu"), validators=[required(), at_most(200)])
    next = HiddenField()


class CodeForm(FlaskForm):
    """The second step of a sign-in, or the confirmation of an enrolment: a code."""

    code = StringField(_l("Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục"),
                       validators=[required(), at_most(40)])
    next = HiddenField()


class DisableTwoFactorForm(FlaskForm):
    """Turning two-factor sign-in off asks for the password again."""

    password = PasswordField(_l("Mật khẩu"), validators=[required(), at_most(200)])


class SlipsForm(FlaskForm):
    """How many counter slips to print."""

    count = IntegerField(_l("Số phiếu (12 phiếu một trang A4)"), validators=[
        DataRequired(_l("Vui lòng điền mục này.")), NumberRange(1, 500, _l("Từ 1 đến 500 phiếu."))])


class ActionForm(FlaskForm):
    """A button-only form (publish, sign out): the CSRF token and where to return."""

    next = HiddenField()


class HideForm(ActionForm):
    """Hide a comment: the reason is required."""

    reason = StringField(_l("Lý do ẩn"), validators=[required(), at_most(MAX_REASON_LENGTH)])


class ReplyForm(ActionForm):
    """The post office's public reply to a comment."""

    reply = TextAreaField(_l("Trả lời công khai"), validators=[required(), at_most(MAX_REPLY_LENGTH)])


class GradeField(FloatField):
    """A grade from 0 to 100 that may stay empty; "7,5" is read as 7.5, as Vietnamese write it."""

    def process_formdata(self, valuelist):
        """Read a decimal comma as a point."""
        super().process_formdata([v.replace(",", ".") for v in valuelist])


def _grade(label):
    message = _l("Điểm phải là một số từ 0 đến 100.")
    return GradeField(label, invalid_value_message=message,
                      validators=[Optional(), NumberRange(min=0, max=100, message=message)])


class AssessmentForm(FlaskForm):
    """A point's internal grades for one quarter (0–100 each, any may stay empty) and a note."""

    quarter = SelectField(_l("Quý"))  # the choice itself is checked against the offered quarters
    delivery = _grade(_l("Chất lượng khâu phát"))
    public_utility = _grade(_l("Chất lượng dịch vụ bưu chính công ích"))
    model_office = _grade(_l("Bưu cục kiểu mẫu – giao dịch viên chuyên nghiệp"))
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), at_most(2000)])


class NewUserForm(FlaskForm):
    """A new staff account."""

    email = EmailField(_l("E-mail"), validators=[required(), at_most(200)])
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES])
    password = PasswordField(_l("Mật khẩu (ít nhất %(n)s ký tự)", n=MIN_PASSWORD_LENGTH),
                             validators=[required(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l(
                                 "Mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH))])


class PasswordChangeForm(FlaskForm):
    """Change one's own password (the current one is asked again)."""

    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[required(), at_most(200)])
    new = PasswordField(_l("Mật khẩu mới (ít nhất %(n)s ký tự)", n=MIN_PASSWORD_LENGTH),
                        validators=[required(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l(
                            "Mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH))])
    repeat = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[required(), EqualTo(
        "new", message=_l("Hai lần nhập mật khẩu mới không giống nhau."))])


class UpdateUserForm(FlaskForm):
    """Change an account's role or activity, or lift its lockout."""

    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES])
    active = BooleanField(_l("Đang hoạt động"))
    unlock = BooleanField(_l("Mở khóa đăng nhập"))
    reset_two_factor = BooleanField(_l("Tắt xác thực hai bước (mất điện thoại)"))


class PrivacyDecisionForm(FlaskForm):
    """Staff's answer to a privacy request: what was done, or why it is refused (the rater reads it)."""

    outcome = TextAreaField(_l("Đã làm gì, hoặc lý do từ chối (người gửi yêu cầu đọc được)"),
                            validators=[Optional(), at_most(1000)], render_kw={"rows": 2, "maxlength": 1000})

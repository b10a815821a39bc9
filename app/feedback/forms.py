"""The rating form: five-level scales, the service used, the visit date, a comment, a contact."""
import re
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from app.clock import today_local
from app.labels import CRITERION_HINTS, CRITERION_LABELS, LEVEL_LABELS, REPORT_REASON_LABELS
from app.models.feedback import REPORT_REASONS
from app.public.formatting import service_names
from app.scoring import CRITERIA, LEVELS
from app.search import nfc
from app.services.feedback import FeedbackSubmission

FACTORS = tuple(c for c in CRITERIA if c != "overall")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"(?:\+84|84|0)\d{8,10}")


# The five levels, best first; lazy strings, so one list serves every form in every language.
LEVEL_CHOICES = [SelectChoice(level, LEVEL_LABELS[level]) for level in LEVELS]


class LevelField(RadioField):
    """One five-level scale, Rất hài lòng (5) … Rất không hài lòng (1); None when not chosen."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=LEVEL_CHOICES, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0] != "":
            value = int(valuelist[0]) if valuelist[0].isdigit() else None
            if value not in LEVELS:
                raise ValueError(_l("Hãy chọn một trong năm mức."))
            self.data = value


class VisitDateField(DateField):
    """A date field that explains a malformed date in the site's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Ngày không hợp lệ. Hãy nhập theo dạng năm-tháng-ngày.")) from None


class FeedbackForm(FlaskForm):
    """A citizen's rating of one point."""

    overall = LevelField(CRITERION_LABELS["overall"], [InputRequired(_l("Hãy chọn mức độ hài lòng chung."))])
    access = LevelField(CRITERION_LABELS["access"])
    procedure = LevelField(CRITERION_LABELS["procedure"])
    staff = LevelField(CRITERION_LABELS["staff"])
    result = LevelField(CRITERION_LABELS["result"])
    complaints = LevelField(CRITERION_LABELS["complaints"])
    service = SelectField(_l("Dịch vụ bạn đã sử dụng"), validate_choice=False, default="")
    visit_date = VisitDateField(_l("Ngày giao dịch"), [InputRequired(_l("Hãy nhập ngày giao dịch."))],
                                default=today_local)
    comment = TextAreaField(_l("Ý kiến của bạn (không bắt buộc)"))
    contact = StringField(_l("Số điện thoại hoặc e-mail để nhận trả lời (không bắt buộc)"))
    consent = BooleanField(_l("Tôi đồng ý để Bưu điện tỉnh Lạng Sơn lưu số điện thoại hoặc e-mail này "
                              "chỉ để trả lời ý kiến của tôi."))
    website = StringField(_l("Để trống ô này"))  # the honeypot: people never see it, bots fill it
    src = HiddenField()
    slip = HiddenField()  # a counter slip's token (app/services/visit_codes.py), when it opened the form

    def __init__(self, services=(), *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service.choices = [SelectChoice("", _l("— Không chọn —"))] + [
            SelectChoice(str(s.id), name) for s, name in zip(services, service_names(services))]

    @property
    def factor_fields(self) -> list:
        """The five optional SIPAS factors, with the hint of what each means at a post office."""
        return [(getattr(self, name), CRITERION_HINTS[name]) for name in FACTORS]

    @property
    def date_bounds(self) -> tuple[date, date]:
        """The oldest and the latest visit date accepted."""
        today = today_local()
        return today - timedelta(days=current_app.config["FEEDBACK_MAX_AGE_DAYS"]), today

    @property
    def is_bot(self) -> bool:
        """True when the hidden field was filled: only a robot sees it."""
        return bool((self.website.data or "").strip())

    def validate_service(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Hãy chọn một dịch vụ trong danh sách."))

    def validate_visit_date(self, field):
        if field.data is None:  # unreadable: the field already says so
            return
        oldest, today = self.date_bounds
        if field.data > today:
            raise ValidationError(_l("Ngày giao dịch không thể ở tương lai."))
        if field.data < oldest:
            raise ValidationError(_l("Chỉ nhận đánh giá cho giao dịch trong %(n)s ngày gần đây.",
                                     n=current_app.config["FEEDBACK_MAX_AGE_DAYS"]))

    def validate_comment(self, field):
        limit = current_app.config["COMMENT_MAX_LENGTH"]
        if len(nfc(field.data)) > limit:
            raise ValidationError(_l("Ý kiến dài tối đa %(n)s ký tự.", n=limit))

    def validate_contact(self, field):
        text = nfc(field.data)
        if text and not (_EMAIL.fullmatch(text) or _PHONE.fullmatch(re.sub(r"[\s.\-()]", "", text))):
            raise ValidationError(_l("Hãy nhập số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ e-mail."))
        if len(text) > 200:
            raise ValidationError(_l("Thông tin liên hệ dài tối đa 200 ký tự."))

    def validate_consent(self, field):
        if nfc(self.contact.data) and not field.data:
            raise ValidationError(_l("Hãy đánh dấu đồng ý nếu bạn muốn để lại thông tin liên hệ."))

    def submission(self) -> FeedbackSubmission:
        """The validated input, as the feedback service takes it."""
        return FeedbackSubmission(
            overall=self.overall.data, visit_date=self.visit_date.data,
            factors={name: getattr(self, name).data for name in FACTORS
                     if getattr(self, name).data is not None},
            service_id=int(self.service.data) if self.service.data else None,
            comment=nfc(self.comment.data) or None, contact=nfc(self.contact.data) or None,
            channel="qr" if self.src.data == "qr" else "web",
        )


class ReportForm(FlaskForm):
    """A citizen's report of a published comment: why, and a few words if they like."""

    reason = RadioField(_l("Ý kiến này vi phạm vì"),
                        choices=[SelectChoice(code, REPORT_REASON_LABELS[code]) for code in REPORT_REASONS],
                        validators=[InputRequired(_l("Hãy chọn một lý do."))])
    note = TextAreaField(_l("Ghi chú thêm (không bắt buộc, tối đa 300 ký tự)"),
                         validators=[Length(max=300, message=_l("Tối đa 300 ký tự."))])

"""The rating form: five-level scales, the service used, the visit date, a comment, a contact."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from app.clock import today_local
from app.labels import CRITERION_HINTS, CRITERION_LABELS, LEVEL_LABELS, REPORT_REASON_LABELS
from app.models.feedback import REPORT_REASONS
from app.public.formatting import service_names
from app.feedback.input_rules import (DATE_FORMAT, FACTORS, FALSE_VALUES, build_submission, comment_problem,
                                     consent_problem, contact_problem, level_of, visit_date_bounds,
                                     visit_date_problem)
from app.scoring import LEVELS
from app.services.feedback import FeedbackSubmission


# The five levels, best first; lazy strings, so one list serves every form in every language.
LEVEL_CHOICES = [SelectChoice(level, LEVEL_LABELS[level]) for level in LEVELS]


class LevelField(RadioField):
    """One five-level scale, Rất hài lòng (5) … Rất không hài lòng (1); None when not chosen."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=LEVEL_CHOICES, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None  # kept when the value is refused
        self.data = level_of(valuelist[0] if valuelist else None)


class VisitDateField(DateField):
    """A date field that explains a malformed date in the site's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Ngày không hợp lệ. Hãy nhập theo dạng năm-tháng-ngày.")) from None


class FeedbackForm(FlaskForm):
    """A citizen's rating of one point: the rules are input_rules.py's, which the quick path reads too."""

    overall = LevelField(CRITERION_LABELS["overall"], [InputRequired(_l("Hãy chọn mức độ hài lòng chung."))])
    access = LevelField(CRITERION_LABELS["access"])
    procedure = LevelField(CRITERION_LABELS["procedure"])
    staff = LevelField(CRITERION_LABELS["staff"])
    result = LevelField(CRITERION_LABELS["result"])
    complaints = LevelField(CRITERION_LABELS["complaints"])
    service = SelectField(_l("Dịch vụ bạn đã sử dụng"), validate_choice=False, default="")
    visit_date = VisitDateField(_l("Ngày giao dịch"), [InputRequired(_l("Hãy nhập ngày giao dịch."))],
                                format=DATE_FORMAT, default=today_local)
    comment = TextAreaField(_l("Ý kiến của bạn (không bắt buộc)"))
    contact = StringField(_l("Số điện thoại hoặc e-mail để nhận trả lời (không bắt buộc)"))
    consent = BooleanField(_l("Tôi đồng ý để Bưu điện tỉnh Lạng Sơn lưu số điện thoại hoặc e-mail này "
                              "chỉ để trả lời ý kiến của tôi."), false_values=FALSE_VALUES)
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
        return visit_date_bounds()

    @property
    def is_bot(self) -> bool:
        """True when the hidden field was filled: only a robot sees it."""
        return bool((self.website.data or "").strip())

    def validate_service(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Hãy chọn một dịch vụ trong danh sách."))

    def validate_visit_date(self, field):
        if field.data is not None and (problem := visit_date_problem(field.data)):  # None: already said
            raise ValidationError(problem)

    def validate_comment(self, field):
        if problem := comment_problem(field.data):
            raise ValidationError(problem)

    def validate_contact(self, field):
        if problem := contact_problem(field.data):
            raise ValidationError(problem)

    def validate_consent(self, field):
        if problem := consent_problem(self.contact.data, field.data):
            raise ValidationError(problem)

    def submission(self) -> FeedbackSubmission:
        """The validated input, as the feedback service takes it."""
        return build_submission(self.overall.data, self.visit_date.data,
                                {name: getattr(self, name).data for name in FACTORS}, self.service.data,
                                self.comment.data, self.contact.data, self.src.data)


class ReportForm(FlaskForm):
    """A citizen's report of a published comment: why, and a few words if they like."""

    reason = RadioField(_l("Ý kiến này vi phạm vì"),
                        choices=[SelectChoice(code, REPORT_REASON_LABELS[code]) for code in REPORT_REASONS],
                        validators=[InputRequired(_l("Hãy chọn một lý do."))])
    note = TextAreaField(_l("Ghi chú thêm (không bắt buộc, tối đa 300 ký tự)"),
                         validators=[Length(max=300, message=_l("Tối đa 300 ký tự."))])

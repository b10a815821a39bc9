"""The notice page's two forms: a request about one's rating, and the status of one's requests."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from app.labels import REQUEST_KIND_LABELS
from app.models.privacy import REQUEST_KINDS
from app.services.reference_codes import normalize


def reference_code(form, field) -> None:
    """A code of the right shape (case, spaces and dashes do not matter)."""
    if normalize(field.data) is None:
        raise ValidationError(_l("Mã tham chiếu gồm 12 chữ và số, ví dụ 7KQ4-M2XD-9PHT."))


class CodeField(StringField):
    """The reference code as typed."""

    def __init__(self, **kwargs):
        super().__init__(_l("Mã tham chiếu của đánh giá"), validators=[InputRequired(), reference_code],
                         render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                    "maxlength": 20}, **kwargs)


class RequestForm(FlaskForm):
    """What the rater asks: erase the rating, the comment or the contact, withdraw consent, correct."""

    code = CodeField()
    kind = RadioField(_l("Bạn muốn"), choices=[SelectChoice(kind, REQUEST_KIND_LABELS[kind]) for kind in REQUEST_KINDS],
                      validators=[InputRequired(message=_l("Hãy chọn một yêu cầu."))])
    details = TextAreaField(_l("Nội dung cần sửa hoặc ghi chú (không bắt buộc)"),
                            validators=[Length(max=1000)], render_kw={"rows": 3, "maxlength": 1000})

    def validate_details(self, field) -> None:
        """A correction says what to correct."""
        if self.kind.data == "correct" and not (field.data or "").strip():
            raise ValidationError(_l("Hãy ghi nội dung cần sửa."))


class StatusForm(FlaskForm):
    """The code whose requests to show."""

    code = CodeField()

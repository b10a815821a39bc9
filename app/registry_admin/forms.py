"""Forms of the import page."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, StringField, SubmitField


class UploadForm(FlaskForm):
    """The registry file and whether to deactivate the points it does not list (they stay, unless asked)."""

    file = FileField(_l("Tệp danh sách điểm (CSV hoặc Excel .xlsx)"), validators=[
        FileRequired(_l("Hãy chọn một tệp.")),
        FileAllowed(["csv", "xlsx"], _l("Chỉ nhận tệp .csv hoặc .xlsx.")),
    ])
    deactivate_missing = BooleanField(_l("Ngừng hoạt động các điểm không có trong tệp"), default=False)
    submit = SubmitField(_l("Kiểm tra tệp"))


class ConfirmForm(FlaskForm):
    """Confirming an import whose preview showed no error; one that deactivates points asks for
    their number, typed, so that nobody deactivates points by a slip of the mouse."""

    deactivated_count = StringField(_l("Gõ số điểm sẽ ngừng hoạt động để xác nhận"),
                                    filters=[lambda value: (value or "").strip()])
    submit = SubmitField(_l("Nhập vào danh bạ"))

    def confirms(self, deactivated: int) -> bool:
        """True when nothing is deactivated or the typed number is that count; else says why on the field."""
        if not deactivated or self.deactivated_count.data == str(deactivated):
            return True
        self.deactivated_count.errors = [_l(
            "Số đã gõ (%(typed)s) khác số điểm sẽ ngừng hoạt động (%(n)s): chưa nhập gì.",
            typed=self.deactivated_count.data or "–", n=deactivated)]
        return False

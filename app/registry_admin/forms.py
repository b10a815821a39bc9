"""Forms of the import page."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SubmitField


class UploadForm(FlaskForm):
    """The registry file and whether points it does not list stay as they are."""

    file = FileField(_l("Tệp danh sách điểm (CSV hoặc Excel .xlsx)"), validators=[
        FileRequired(_l("Hãy chọn một tệp.")),
        FileAllowed(["csv", "xlsx"], _l("Chỉ nhận tệp .csv hoặc .xlsx.")),
    ])
    keep_missing = BooleanField(_l("Giữ nguyên các điểm không có trong tệp (mặc định: ngừng hiển thị chúng)"))
    submit = SubmitField(_l("Kiểm tra tệp"))


class ConfirmForm(FlaskForm):
    """Confirming an import whose preview showed no error."""

    submit = SubmitField(_l("Nhập vào danh bạ"))

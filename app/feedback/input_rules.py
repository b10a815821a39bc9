"""The rules a rating's input meets, in one place for both readers of a posted rating:
- FeedbackForm (forms.py), which says on each field what is wrong and draws the form again;
- plain_submission(), the quick path for a rating posted as it should be: it builds no form (a
  form of fifteen fields is about a tenth of a rating's cost) and answers None whenever anything is
  off, so the form, never this reader, explains a mistake. It accepts only what the form accepts,
  read the same way (a field's first value; tests/test_rating_input.py compares them).
"""
import re
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.clock import today_local
from app.scoring import CRITERIA, LEVELS
from app.search import nfc
from app.services.feedback import FeedbackSubmission

FACTORS = tuple(c for c in CRITERIA if c != "overall")
DATE_FORMAT = "%Y-%m-%d"  # what <input type="date"> sends, and WTForms' DateField reads
CONTACT_MAX_LENGTH = 200
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"(?:\+84|84|0)\d{8,10}")
_PHONE_SPACING = re.compile(r"[\s.\-()]")
FALSE_VALUES = ("false", "")  # a checkbox's values that mean "not ticked" (WTForms' BooleanField)


def level_of(text: str | None) -> int | None:
    """A five-level answer: None when not given; ValueError when it is not one of the five."""
    if text is None or text == "":
        return None
    value = int(text) if text.isdigit() else None
    if value not in LEVELS:
        raise ValueError(_l("Hãy chọn một trong năm mức."))
    return value


def visit_date_bounds() -> tuple[date, date]:
    """The oldest and the latest visit date accepted."""
    today = today_local()
    return today - timedelta(days=current_app.config["FEEDBACK_MAX_AGE_DAYS"]), today


def visit_date_problem(day: date) -> str | None:
    """Why a visit date is refused (in the future, or too old), or None."""
    oldest, today = visit_date_bounds()
    if day > today:
        return _l("Ngày giao dịch không thể ở tương lai.")
    if day < oldest:
        return _l("Chỉ nhận đánh giá cho giao dịch trong %(n)s ngày gần đây.",
                  n=current_app.config["FEEDBACK_MAX_AGE_DAYS"])
    return None


def comment_problem(text: str | None) -> str | None:
    """Why a comment is refused (too long), or None."""
    limit = current_app.config["COMMENT_MAX_LENGTH"]
    return _l("Ý kiến dài tối đa %(n)s ký tự.", n=limit) if len(nfc(text)) > limit else None


def contact_problem(text: str | None) -> str | None:
    """Why a contact is refused (neither a phone number nor an e-mail, or too long), or None."""
    contact = nfc(text)
    if contact and not (_EMAIL.fullmatch(contact) or _PHONE.fullmatch(_PHONE_SPACING.sub("", contact))):
        return _l("Hãy nhập số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ e-mail.")
    if len(contact) > CONTACT_MAX_LENGTH:
        return _l("Thông tin liên hệ dài tối đa 200 ký tự.")
    return None


def consent_problem(contact: str | None, ticked: bool) -> str | None:
    """A contact left without the consent to keep it is refused."""
    if nfc(contact) and not ticked:
        return _l("Hãy đánh dấu đồng ý nếu bạn muốn để lại thông tin liên hệ.")
    return None


def is_ticked(value: str | None) -> bool:
    """A checkbox's posted value read as WTForms' BooleanField reads it."""
    return value is not None and value not in FALSE_VALUES


def build_submission(overall: int, visit_date: date, factors: dict[str, int | None], service: str,
                     comment: str | None, contact: str | None, src: str | None) -> FeedbackSubmission:
    """The validated input, as the feedback service takes it."""
    return FeedbackSubmission(
        overall=overall, visit_date=visit_date,
        factors={name: value for name, value in factors.items() if value is not None},
        service_id=int(service) if service else None,
        comment=nfc(comment) or None, contact=nfc(contact) or None,
        channel="qr" if src == "qr" else "web",
    )


def plain_submission(formdata, service_ids: set[str]) -> FeedbackSubmission | None:
    """The rating posted in `formdata` when every field is as the form would accept it (a robot's
    honeypot left empty); None for anything else, and the form is built to say what is wrong.
    service_ids: the point's services, as the form's choice values."""
    if (formdata.get("website") or "").strip():
        return None  # the form path answers a robot
    try:
        overall = level_of(formdata.get("overall"))
        factors = {name: level_of(formdata.get(name)) for name in FACTORS}
        visit_date = datetime.strptime(" ".join(formdata.getlist("visit_date")), DATE_FORMAT).date()
    except ValueError:
        return None
    service, comment, contact = formdata.get("service", ""), formdata.get("comment"), formdata.get("contact")
    if (overall is None or (service and service not in service_ids) or visit_date_problem(visit_date)
            or comment_problem(comment) or contact_problem(contact)
            or consent_problem(contact, is_ticked(formdata.get("consent")))):
        return None
    return build_submission(overall, visit_date, factors, service, comment, contact, formdata.get("src"))

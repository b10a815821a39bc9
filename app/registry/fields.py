"""Reading one cell of the registry: each function returns the value or raises FieldError(reason)."""
import re

from flask_babel import gettext as _

from app.hours import HoursSyntaxError, Interval, parse_hours
from app.pension import ScheduleError, format_schedule, parse_schedule
from app.special_days import format_special_days, parse_special_days
from app.models.points import HANDLINGS, POINT_TYPES
from app.search import fold, nfc

CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
# Excel runs a cell starting with one of these as a formula when the CSV is opened again.
FORMULA_START = ("=", "+", "-", "@")
TYPE_NAMES = {
    **{code: code for code in POINT_TYPES},
    "buu cuc": "buu-cuc", "bdvhx": "bdvhx", "bd vhx": "bdvhx", "diem bd vhx": "bdvhx",
    "diem buu dien van hoa xa": "bdvhx", "buu dien van hoa xa": "bdvhx",
    "dai ly": "dai-ly", "dai ly buu dien": "dai-ly", "kiot": "kiot", "ki ot": "kiot",
    "ki ot buu dien": "kiot", "kiot buu dien": "kiot",
}
HANDLING_NAMES = {**{h: h for h in HANDLINGS}, "nhan": "receive", "tra": "return", "ca hai": "both",
                  "nhan va tra": "both"}
YES = {"", "1", "co", "yes", "true", "x"}
NO = {"0", "khong", "no", "false"}
# Vietnamese numbers: mobile 0 + 9 digits, landline 0 + 10 digits (0205… in Lạng Sơn),
# +84 instead of the 0, or a 1800/1900 service number.
PHONE_PATTERN = re.compile(r"(?:0[0-9]{9,10}|\+84[0-9]{9,10}|1[89]00[0-9]{4,6})")


class FieldError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


def text(value: str, max_length: int, required: bool = True) -> str | None:
    """Text in NFC with spaces collapsed; refuses what Excel would run as a formula."""
    value = " ".join(nfc(value).split())
    if not value:
        if required:
            raise FieldError(_("bắt buộc, không được để trống"))
        return None
    if len(value) > max_length:
        raise FieldError(_("dài quá %(n)s ký tự", n=max_length))
    if value.startswith(FORMULA_START):
        raise FieldError(_("không được bắt đầu bằng =, +, - hoặc @"))
    return value


def point_code(value: str) -> str:
    """The point's code: letters, digits, dot, dash, underscore; the key of the upsert."""
    value = nfc(value)
    if not value:
        raise FieldError(_("bắt buộc, không được để trống"))
    if not CODE_PATTERN.fullmatch(value):
        raise FieldError(_("chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (tối đa 40 ký tự)"))
    return value


def point_type(value: str) -> str:
    """A point type code, or its Vietnamese name ("bưu cục", "đại lý bưu điện" …)."""
    found = TYPE_NAMES.get(fold(value)) or TYPE_NAMES.get(value.strip())
    if not found:
        raise FieldError(_("loại điểm phải là một trong: %(types)s", types=", ".join(POINT_TYPES)))
    return found


def coordinate(value: str, low: float, high: float) -> float:
    """A decimal degree between low and high; a decimal comma is accepted (Excel in Vietnamese)."""
    cleaned = value.strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?[0-9]{1,3}(?:\.[0-9]+)?", cleaned):
        raise FieldError(_("phải là số thập phân, ví dụ 21.8468"))
    number = float(cleaned)
    if not low <= number <= high:
        raise FieldError(_("phải trong khoảng %(low)s đến %(high)s", low=low, high=high))
    return round(number, 6)


def postcode(value: str) -> str | None:
    """The national postcode: 5 digits, Lạng Sơn's beginning with 25 (Thông tư 07/2017/TT-BTTTT)."""
    value = value.strip()
    if value and re.fullmatch(r"[0-9]{6}", value):
        raise FieldError(_("mã bưu chính có 5 chữ số (25xxx); số 6 chữ số là mã bưu cục: ghi vào cột office_code"))
    if value and not re.fullmatch(r"25[0-9]{3}", value):
        raise FieldError(_("mã bưu chính của Lạng Sơn gồm 5 chữ số bắt đầu bằng 25 (ví dụ 25000)"))
    return value or None


def office_code(value: str) -> str | None:
    """A VNPost office code ("mã bưu cục"): 6 digits, or nothing."""
    value = value.strip()
    if value and not re.fullmatch(r"[0-9]{6}", value):
        raise FieldError(_("mã bưu cục gồm 6 chữ số (ví dụ 240000)"))
    return value or None


COORD_QUALITY_NAMES = {"": "exact", "exact": "exact", "chinh xac": "exact",
                       "approximate": "approximate", "gan dung": "approximate"}


def coord_quality(value: str) -> str:
    """Whether the coordinates are the building's (exact, the default) or only near it."""
    found = COORD_QUALITY_NAMES.get(fold(value))
    if found is None:
        raise FieldError(_("ghi exact (chính xác) hoặc approximate (gần đúng)"))
    return found


def special_days(value: str) -> str | None:
    """Special days ("2026-12-24: nghỉ; 2027-01-10: 07:00-11:00") in their canonical writing."""
    try:
        return format_special_days(parse_special_days(value)) or None
    except HoursSyntaxError as error:
        raise FieldError(_("ngày đặc biệt không đọc được: %(detail)s", detail=str(error))) from None


def pension_schedule(value: str) -> str | None:
    """Months paid otherwise ("2027-01: 14-20 gộp 2; 2027-02: không") in their canonical writing."""
    try:
        return format_schedule(parse_schedule(value)) or None
    except ScheduleError as error:
        raise FieldError(_("lịch chi trả không đọc được ở '%(item)s' (ví dụ 2027-01: 14-20 gộp 2; "
                           "2027-02: không)", item=str(error))) from None


def phone(value: str) -> str | None:
    """One or more phone numbers separated by ';' or '/', kept as written (spaces collapsed)."""
    value = " ".join(nfc(value).split())
    if not value:
        return None
    if len(value) > 40:
        raise FieldError(_("dài quá %(n)s ký tự", n=40))
    for number in re.split(r"\s*[;/]\s*", value):
        if not PHONE_PATTERN.fullmatch(re.sub(r"[\s.()-]", "", number)):
            raise FieldError(_("số điện thoại không hợp lệ: '%(number)s' (ví dụ 0205 3870 123 hoặc "
                               "0912 345 678; ô Excel phải để dạng Văn bản để giữ số 0 đầu)", number=number))
    return value


def opening_hours(value: str) -> tuple[Interval, ...]:
    """Opening hours in the site's syntax ("T2-T6 07:00-11:30,13:30-17:00; T7 07:00-11:30")."""
    try:
        return tuple(parse_hours(value))
    except ValueError as error:  # HoursSyntaxError, with its Vietnamese explanation
        raise FieldError(_("giờ mở cửa không đọc được: %(detail)s", detail=str(error))) from None


def services(value: str, catalogue: dict[str, bool]) -> tuple[tuple[str, str | None], ...]:
    """Service codes separated by ';' or ','; a procedure may add ':receive', ':return' or ':both'."""
    found: dict[str, str | None] = {}
    for item in filter(None, (part.strip() for part in re.split(r"[;,\n]", value))):
        code, _sep, handling_text = (p.strip() for p in item.partition(":"))
        code = code.lower()
        if code not in catalogue:
            raise FieldError(_("không có dịch vụ mã '%(code)s' (xem /api/services)", code=code))
        if code in found:
            raise FieldError(_("dịch vụ '%(code)s' ghi hai lần", code=code))
        found[code] = handling(code, handling_text, catalogue[code])
    return tuple(sorted(found.items()))


def handling(code: str, value: str, is_procedure: bool | None) -> str | None:
    """How a point handles a procedure: takes the dossier, returns the result, both, or None when
    the cell does not say (not known). is_procedure None marks a withdrawn catalogue entry, which no
    point may offer (app/registry/reference.py)."""
    if is_procedure is None:
        raise FieldError(_("dịch vụ '%(code)s' đã rút khỏi danh mục dịch vụ của bưu điện, không điểm nào "
                           "còn nhận (xem lý do trong ghi chú của mã này tại /api/services)", code=code))
    if not is_procedure:
        if value:
            raise FieldError(_("'%(code)s' không phải thủ tục hành chính: không ghi :%(handling)s",
                               code=code, handling=value))
        return None
    if not value:
        return None
    if fold(value) not in HANDLING_NAMES:
        raise FieldError(_("cách nhận/trả của '%(code)s' phải là receive, return hoặc both", code=code))
    return HANDLING_NAMES[fold(value)]


def pension_days(value: str) -> tuple[int, int] | None:
    """Pension payment days of the month, "5-12" (or a single day), or nothing."""
    value = value.strip()
    if not value:
        return None
    match = re.fullmatch(r"([0-9]{1,2})(?:\s*[-–]\s*([0-9]{1,2}))?", value)
    first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
    if not 1 <= first <= last <= 31:
        raise FieldError(_("ngày chi trả lương hưu ghi dạng 5-12 (từ ngày 1 đến 31)"))
    return first, last


def active(value: str) -> bool:
    """Whether the point is in service: empty or 1 yes, 0 no."""
    folded = fold(value)
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise FieldError(_("ghi 1 (đang hoạt động) hoặc 0 (ngừng hoạt động)"))

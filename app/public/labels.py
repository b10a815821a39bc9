"""Words the public pages show for codes: point types, service categories, days, handling."""
from datetime import datetime, timedelta

from flask_babel import format_decimal, get_locale, gettext, lazy_gettext

TYPE_LABELS = {
    "buu-cuc": lazy_gettext("Bưu cục"),
    "bdvhx": lazy_gettext("Điểm Bưu điện – Văn hóa xã"),
    "dai-ly": lazy_gettext("Đại lý bưu điện"),
    "kiot": lazy_gettext("Ki-ốt bưu điện"),
}
CATEGORY_LABELS = {
    "postal": lazy_gettext("Dịch vụ bưu chính"),
    "financial": lazy_gettext("Dịch vụ tài chính"),
    "insurance": lazy_gettext("Bảo hiểm"),
    "public_admin": lazy_gettext("Dịch vụ hành chính công"),
    "culture": lazy_gettext("Văn hóa"),
}
# QĐ 45/2016/QĐ-TTg: a point takes the dossier, returns the result, or both.
HANDLING_LABELS = {
    "receive": lazy_gettext("Tiếp nhận hồ sơ"),
    "return": lazy_gettext("Trả kết quả"),
    "both": lazy_gettext("Tiếp nhận hồ sơ và trả kết quả"),
}
DAY_LABELS = (
    lazy_gettext("Thứ Hai"), lazy_gettext("Thứ Ba"), lazy_gettext("Thứ Tư"), lazy_gettext("Thứ Năm"),
    lazy_gettext("Thứ Sáu"), lazy_gettext("Thứ Bảy"), lazy_gettext("Chủ Nhật"),
)


def type_label(code: str) -> str:
    """The name of a point type ("bdvhx" → "Điểm Bưu điện – Văn hóa xã")."""
    return str(TYPE_LABELS.get(code, code))


def category_label(code: str) -> str:
    """The heading of a service category."""
    return str(CATEGORY_LABELS.get(code, code))


def handling_label(code: str | None) -> str:
    """What a point does with a procedure's dossier."""
    return str(HANDLING_LABELS.get(code or "both"))


def day_label(weekday: int) -> str:
    """The name of a weekday, 0 = Monday."""
    return str(DAY_LABELS[weekday])


def service_name(service) -> str:
    """A service's name in the page's language."""
    return service.name_en if str(get_locale()) == "en" else service.name_vi


def distance_text(km: float) -> str:
    """A distance as people read it: "850 m" near, "2,3 km" farther."""
    if km < 1:
        return f"{int(round(km * 1000, -1))} m"
    return f"{format_decimal(km, format='#,##0.0')} km"


def moment_text(moment: datetime, now: datetime) -> str:
    """When something happens, relative to now: "hôm nay lúc 13:30", "Thứ Hai 12/01 lúc 07:00"."""
    clock = moment.strftime("%H:%M")
    if moment.date() == now.date():
        return gettext("hôm nay lúc %(time)s", time=clock)
    if moment.date() == now.date() + timedelta(days=1):
        return gettext("ngày mai lúc %(time)s", time=clock)
    return gettext("%(day)s %(date)s lúc %(time)s", day=day_label(moment.weekday()),
                   date=moment.strftime("%d/%m"), time=clock)


TEMPLATE_GLOBALS = (type_label, category_label, handling_label, day_label, service_name,
                    distance_text, moment_text)

"""What the staff pages call things, in the user's language, and how they show scores."""
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.scoring import CRITERIA, Score, quarter_label, score_pct
from app.timeutil import to_local

TYPE_LABELS = {"buu-cuc": _l("Bưu cục"), "bdvhx": _l("Điểm BĐ-VHX"), "dai-ly": _l("Đại lý bưu điện"),
               "kiot": _l("Ki-ốt bưu điện")}
CRITERION_LABELS = {
    "overall": _l("Mức độ hài lòng chung"), "access": _l("Tiếp cận dịch vụ"), "procedure": _l("Thủ tục"),
    "staff": _l("Giao dịch viên"), "result": _l("Kết quả"), "complaints": _l("Tiếp nhận góp ý"),
}
# Short column headings for the overview table.
CRITERION_SHORT = {"overall": _l("Chung"), "access": _l("Tiếp cận"), "procedure": _l("Thủ tục"),
                   "staff": _l("GDV"), "result": _l("Kết quả"), "complaints": _l("Góp ý")}
STATUS_LABELS = {"none": _l("Không có ý kiến"), "published": _l("Đã công bố"), "held": _l("Chờ duyệt"),
                 "hidden": _l("Đã ẩn")}
CHANNEL_LABELS = {"web": _l("Trang web"), "qr": _l("Mã QR tại quầy")}
GRADE_LABELS = {"delivery": _l("Chất lượng khâu phát"),
                "public_utility": _l("Chất lượng dịch vụ bưu chính công ích"),
                "model_office": _l("Bưu cục kiểu mẫu – giao dịch viên chuyên nghiệp")}


def format_score(found: Score | None) -> str:
    """A score as staff read it: "3.85/5 (12)", or "Chưa đủ đánh giá (3)"."""
    if found is None:
        return _("Chưa có đánh giá")
    if found.value is None:
        return _("Chưa đủ đánh giá") + f" ({found.count})"
    return f"{found.value:.2f}/5 ({found.count})"


def period_label(quarter: int | None) -> str:
    """A period as shown: "Q4/2026" or "12 tháng gần nhất"."""
    return quarter_label(quarter) if quarter else _("12 tháng gần nhất")


def local_time(moment: datetime | None) -> str:
    """A stored UTC moment as Vietnam time, "27/11/2026 14:05"."""
    return to_local(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def factor_ratings(feedback) -> list[tuple[str, int]]:
    """The SIPAS factors a rater filled in: (label, 1..5)."""
    return [(str(CRITERION_LABELS[c]), getattr(feedback, c)) for c in CRITERIA[1:]
            if getattr(feedback, c) is not None]


def template_helpers() -> dict:
    """The labels and formatters the staff templates use."""
    return {"TYPE_LABELS": TYPE_LABELS, "CRITERION_LABELS": CRITERION_LABELS,
            "CRITERION_SHORT": CRITERION_SHORT, "STATUS_LABELS": STATUS_LABELS,
            "CHANNEL_LABELS": CHANNEL_LABELS, "GRADE_LABELS": GRADE_LABELS,
            "format_score": format_score, "period_label": period_label, "quarter_label": quarter_label,
            "score_pct": score_pct, "criteria": CRITERIA,
            "local_time": local_time, "factor_ratings": factor_ratings}

"""How the staff pages write scores, periods and moments."""
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from app.clock import to_local
from app.labels import CRITERION_LABELS, label
from app.scoring import CRITERIA, Score, quarter_label, score_pct
from app.templating import number_text


def format_score(found: Score | None) -> str:
    """A score as staff read it: "3,85/5 (12)", or "Chưa đủ đánh giá (3)"."""
    if found is None:
        return _("Chưa có đánh giá")
    if found.value is None:
        return _("Chưa đủ đánh giá") + f" ({number_text(found.count)})"
    return f"{number_text(found.value, 2)}/5 ({number_text(found.count)})"


def format_mean(mean: float) -> str:
    """A plain mean of ratings, as the reader writes decimals: "3,85"."""
    return number_text(mean, 2)


def period_label(quarter: int | None) -> str:
    """A period as shown: "Q4/2026" or "12 tháng gần nhất"."""
    return quarter_label(quarter) if quarter else _("12 tháng gần nhất")


def local_time(moment: datetime | None) -> str:
    """A stored UTC moment as Vietnam time, "27/11/2026 14:05"."""
    return format_datetime(to_local(moment), "dd/MM/yyyy HH:mm", rebase=False) if moment else ""


def local_date(day: date | None) -> str:
    """A calendar date as Vietnamese write it, "27/11/2026"."""
    return format_date(day, "dd/MM/yyyy", rebase=False) if day else ""


def factor_ratings(feedback) -> list[tuple[str, int]]:
    """The SIPAS factors a rater filled in: (label, 1..5)."""
    return [(label(CRITERION_LABELS, c), getattr(feedback, c)) for c in CRITERIA[1:]
            if getattr(feedback, c) is not None]


def template_helpers() -> dict:
    """The formatters and URL helpers the staff templates use."""
    from app.admin.params import TEMPLATE_GLOBALS

    return {"format_score": format_score, "format_mean": format_mean, "period_label": period_label,
            "quarter_label": quarter_label, "score_pct": score_pct, "criteria": CRITERIA,
            "local_time": local_time, "local_date": local_date, "factor_ratings": factor_ratings,
            **TEMPLATE_GLOBALS}

"""The quarterly report's text, in the reader's language and number formats: the same lines and
tables feed the HTML page (templates/admin/report.html) and the PDF (app/reports/pdf.py)."""
from dataclasses import dataclass

from flask_babel import format_datetime
from flask_babel import gettext as _

from app.clock import to_local, today_local
from app.labels import GRADE_LABELS, label
from app.queries.ranking import GRADES, RankingRow
from app.queries.report import QuarterReport
from app.scoring import quarter_label
from app.templating import number_text

DASH = "–"


@dataclass
class Table:
    """A table of the report: its title, column headings and rows of text."""

    title: str
    header: list[str]
    rows: list[list[str]]


def title(report: QuarterReport) -> str:
    """The report's heading."""
    return _("Báo cáo xếp hạng chất lượng điểm phục vụ bưu chính – %(quarter)s", quarter=quarter_label(report.quarter))


def state_line(report: QuarterReport) -> str:
    """Whether the figures are frozen (and since when) or still live."""
    closing = report.closing
    if report.frozen:
        moment = format_datetime(to_local(closing.closed_at), "dd/MM/yyyy HH:mm", rebase=False)
        return _("Số liệu đã chốt khi đóng quý lúc %(time)s.", time=moment)
    return _("Quý chưa đóng: số liệu tính đến thời điểm in và còn có thể thay đổi.")


def summary(report: QuarterReport) -> list[tuple[str, str]]:
    """The province summary: points, ratings, mean and satisfaction share with its interval."""
    ranked = sum(1 for row in report.rows if row.rank is not None)
    share, (low, high) = report.satisfaction.share, report.satisfaction.interval
    return [
        (_("Số điểm phục vụ"), number_text(len(report.rows))),
        (_("Số điểm được xếp hạng"), number_text(ranked)),
        (_("Số đánh giá được ghi nhận"), number_text(report.ratings)),
        (_("Điểm trung bình (1–5)"), _one(report.mean)),
        (_("Tỷ lệ hài lòng (mức 4–5)"),
         DASH if share is None else _("%(share)s%% (khoảng tin cậy 95%%: %(low)s–%(high)s%%)",
                                      share=_one(share * 100), low=_one(low * 100), high=_one(high * 100))),
    ]


def ranking_table(report: QuarterReport) -> Table:
    """Every point: rank, movement, unit, citizens' score with n and interval, grades, combined."""
    header = [_("Hạng"), _("Thay đổi"), _("Điểm phục vụ"), _("Xã/phường"), _("Điểm số người dân (0–100)"),
              _("Số đánh giá"), _("Khoảng tin cậy %(level)s (1–5)", level="95%"), *(label(GRADE_LABELS, g) for g in GRADES),
              _("Điểm số tổng hợp")]
    return Table(_("Xếp hạng"), header, [_ranking_row(row) for row in report.rows])


def _ranking_row(row: RankingRow) -> list[str]:
    low_high = (f"{number_text(row.interval[0], 1)}–{number_text(row.interval[1], 1)}"
                if row.interval else DASH)
    return [_whole(row.rank), movement(row.movement), row.name, row.unit_name, _whole(row.citizen_pct),
            number_text(row.citizen.count if row.citizen else 0), low_high,
            *(DASH if row.grades.get(g) is None else number_text(row.grades[g], None) for g in GRADES),
            DASH if row.combined is None else number_text(row.combined, 2)]


def movement(change: int | None) -> str:
    """Places gained (▲) or lost (▼) since the quarter before; "=" unchanged, "–" unranked."""
    if change is None:
        return DASH
    return f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "="


def units_table(report: QuarterReport) -> Table:
    """Each commune/ward: its points, how many ranked, their mean combined score and best rank."""
    header = [_("Xã/phường"), _("Số điểm"), _("Được xếp hạng"), _("Điểm tổng hợp trung bình"),
              _("Hạng cao nhất"), _("Các điểm phục vụ (hạng)")]
    rows = []
    for unit in report.units:
        ranked = unit.ranked
        names = "; ".join(f"{row.name} ({_whole(row.rank)})" for row in unit.rows)
        rows.append([unit.name, number_text(len(unit.rows)), number_text(len(ranked)),
                     DASH if unit.mean_combined is None else number_text(unit.mean_combined, 2),
                     _whole(min(row.rank for row in ranked)) if ranked else DASH, names])
    return Table(_("Theo xã/phường"), header, rows)


def moderation(report: QuarterReport) -> list[tuple[str, str]]:
    """What became of citizens' comments in the quarter (demo ratings left out)."""
    figures = report.moderation
    hours = figures.median_reply_hours
    return [
        (_("Đánh giá của người dân"), number_text(figures.ratings)),
        (_("Có ý kiến"), number_text(figures.comments)),
        (_("Đã công bố"), number_text(figures.published)),
        (_("Chờ duyệt"), number_text(figures.held)),
        (_("Đã ẩn"), number_text(figures.hidden)),
        (_("Được trả lời"), number_text(figures.replied)),
        (_("Thời gian trả lời (trung vị, giờ)"), DASH if hours is None else number_text(hours, 1, True)),
    ]


def place_and_date() -> str:
    """The line above the signatures: "Lạng Sơn, ngày 7 tháng 12 năm 2026"."""
    day = today_local()
    return _("Lạng Sơn, ngày %(day)s tháng %(month)s năm %(year)s", day=day.day, month=day.month, year=day.year)


def signatures() -> list[tuple[str, str]]:
    """The two signers and what each signature carries."""
    return [(_("Người lập biểu"), _("(Ký, ghi rõ họ tên)")), (_("Giám đốc"), _("(Ký tên, đóng dấu)"))]


def _one(value: float | None) -> str:
    return DASH if value is None else number_text(value, 1)


def _whole(value: int | None) -> str:
    return DASH if value is None else number_text(value)

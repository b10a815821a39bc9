"""The quarterly ranking (thi đua), its CSV export, closing, publishing and reopening a quarter,
and the assessment form of a point."""
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from app.admin.forms import AssessmentForm
from app.admin.helpers import acting_user, csv_response, flash_error, recent_quarters, see_other
from app.admin import bp
from app.permissions import staff_required
from app.admin.params import parse_quarter_or_current, quarter_arg
from app.labels import type_label
from app.queries.points import point_by_slug
from app.queries.quarters import closing_of, is_frozen
from app.queries.ranking import ranking as ranking_query
from app.scoring import parse_quarter, quarter_label
from app.clock import current_quarter
from app.services.assessments import GRADE_FIELDS, AssessmentError, find_assessment, save_assessment
from app.services.quarters import QuarterError, close_quarter, publish_quarter, reopen_quarter


@bp.get("/ranking")
@staff_required("read")
def ranking():
    """The ranking of a quarter: rank, movement, citizens' score, grades, combined score."""
    quarter = parse_quarter_or_current(request.args.get("quarter"))
    return render_template("admin/ranking.html", rows=ranking_query(quarter), quarter=quarter,
                           quarters=recent_quarters(), closing=closing_of(quarter),
                           ended=quarter < current_quarter())


@bp.post("/ranking/close")
@staff_required("close_quarter")
def close():
    """Freeze a finished quarter's ranking (the snapshot the report and /minh-bach read)."""
    quarter = _posted_quarter()
    return _quarter_act(quarter, lambda: close_quarter(quarter, acting_user()),
                        _("Đã đóng quý %(quarter)s: xếp hạng đã được chốt.", quarter=quarter_label(quarter)))


@bp.post("/ranking/publish")
@staff_required("close_quarter")
def publish():
    """Publish a closed quarter's frozen ranking on the public transparency page."""
    quarter = _posted_quarter()
    return _quarter_act(quarter, lambda: publish_quarter(quarter, acting_user()),
                        _("Đã công bố xếp hạng quý %(quarter)s trên trang Minh bạch.", quarter=quarter_label(quarter)))


@bp.post("/ranking/reopen")
@staff_required("reopen_quarter")
def reopen():
    """Reopen a closed quarter for a stated reason: its snapshot and publication are withdrawn."""
    quarter = _posted_quarter()
    return _quarter_act(quarter, lambda: reopen_quarter(quarter, acting_user(), request.form.get("reason")),
                        _("Đã mở lại quý %(quarter)s.", quarter=quarter_label(quarter)))


def _posted_quarter() -> int:
    try:
        return parse_quarter(request.form.get("quarter", ""))
    except ValueError:
        abort(400)


def _quarter_act(quarter: int, act, done: str):
    try:
        act()
        flash(done, "success")
    except QuarterError as error:
        flash_error(error)
    return see_other(url_for("admin.ranking", quarter=quarter_arg(quarter)))


@bp.get("/ranking.csv")
@staff_required("read")
def ranking_csv():
    """The ranking of a quarter as CSV (what the page shows)."""
    quarter = parse_quarter_or_current(request.args.get("quarter"))
    header = [_("Hạng"), _("Thay đổi hạng"), _("Mã điểm"), _("Tên điểm"), _("Loại"), _("Xã/phường"),
              _("Điểm số người dân (0–100)"), _("Số đánh giá"), _("Chất lượng khâu phát"),
              _("Chất lượng dịch vụ bưu chính công ích"),
              _("Bưu cục kiểu mẫu – giao dịch viên chuyên nghiệp"), _("Điểm số tổng hợp")]
    rows = ([r.rank, r.movement, r.code, r.name, type_label(r.type), r.unit_name,
             r.citizen_pct, r.citizen.count if r.citizen else 0,
             *[r.grades.get(g) for g in GRADE_FIELDS], r.combined] for r in ranking_query(quarter))
    return csv_response(f"xep-hang-{quarter_arg(quarter)}.csv", header, rows)


@bp.route("/points/<slug>/assessment", methods=["GET", "POST"])
@staff_required("assess")
def assessment(slug: str):
    """Enter or correct a point's internal grades for a quarter; then on to that ranking."""
    point = point_by_slug(slug, active_only=False) or abort(404)
    form = AssessmentForm()
    form.quarter.choices = [SelectChoice(quarter_arg(q), quarter_label(q)) for q in recent_quarters()]
    quarter = parse_quarter_or_current(form.quarter.data if form.is_submitted()
                                       else request.args.get("quarter"))
    if form.is_submitted() and is_frozen(quarter):
        flash(_("Quý %(quarter)s đã đóng: mở lại quý trước khi sửa điểm số.", quarter=quarter_label(quarter)), "error")
        return see_other(url_for("admin.ranking", quarter=quarter_arg(quarter)))
    if form.validate_on_submit():
        try:
            save_assessment(point, quarter, {g: form[g].data for g in GRADE_FIELDS}, form.note.data,
                            acting_user())
            flash(_("Đã lưu điểm số đánh giá nội bộ của %(name)s.", name=point.name), "success")
            return see_other(url_for("admin.ranking", quarter=quarter_arg(quarter)))
        except AssessmentError as error:
            flash_error(error)
    elif not form.is_submitted():
        _fill(form, point.id, quarter)
    return render_template("admin/assessment.html", form=form, point=point, quarter=quarter)


def _fill(form: AssessmentForm, point_id: int, quarter: int) -> None:
    form.quarter.data = quarter_arg(quarter)
    existing = find_assessment(point_id, quarter)
    if existing:
        for name in (*GRADE_FIELDS, "note"):
            form[name].data = getattr(existing, name)

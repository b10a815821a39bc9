"""The quarterly ranking (thi đua), its CSV export, and the assessment form of a point."""
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
from app.queries.ranking import ranking as ranking_query
from app.scoring import quarter_label
from app.services.assessments import GRADE_FIELDS, AssessmentError, find_assessment, save_assessment


@bp.get("/ranking")
@staff_required("read")
def ranking():
    """The ranking of a quarter: rank, movement, citizens' score, grades, combined score."""
    quarter = parse_quarter_or_current(request.args.get("quarter"))
    return render_template("admin/ranking.html", rows=ranking_query(quarter), quarter=quarter,
                           quarters=recent_quarters())


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

"""Counter slips: a printable A4 sheet of one-time rating links (QR codes) for a point's counter."""
from flask import abort, current_app, render_template, request

from app.admin import bp
from app.admin.forms import SlipsForm
from app.admin.helpers import acting_user
from app.permissions import staff_required
from app.public.qr import qr_data_uri
from app.queries.points import point_by_slug
from app.services import visit_codes

PER_PAGE = 12  # 3 × 4 on an A4 sheet, each big enough to scan and to cut out


@bp.route("/points/<slug>/slips", methods=["GET", "POST"])
@staff_required("moderate")
def slips(slug: str):
    """The form that makes slips, then the sheet to print (the links are shown this once)."""
    point = point_by_slug(slug) or abort(404)
    form = SlipsForm(count=PER_PAGE)
    if form.validate_on_submit():
        links = visit_codes.issue(point, form.count.data, acting_user())
        sheets = [links[i:i + PER_PAGE] for i in range(0, len(links), PER_PAGE)]
        return render_template("admin/slips_sheet.html", point=point, sheets=sheets, qr_image=qr_data_uri,
                               days=current_app.config["VISIT_CODE_DAYS"])
    return render_template("admin/slips.html", point=point, form=form), 200 if request.method == "GET" else 400

"""/admin/import: upload the registry, see every change and every error, then confirm."""
import os

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import ROOT
from app.admin import staff_navigation
from app.extensions import db
from app.models import ImportRun
from app.permissions import staff_required
from app.queries.imports import recent_import_runs
from app.registry.validation import COLUMNS
from app.registry_admin.forms import ConfirmForm, UploadForm
from app.registry_admin.uploads import discard_upload, load_upload, save_upload
from app.registry.reader import RawTable, read_table
from app.services.imports import apply_import, plan_table

bp = Blueprint("registry_admin", __name__)
bp.context_processor(staff_navigation)  # the staff frame: menu, sign-out, formatters
RECENT_RUNS = 10


@bp.get("/")
@staff_required("import")
def upload_form():
    """The upload form, the template's columns and the latest imports."""
    return render_upload(UploadForm())


@bp.post("/")
@staff_required("import")
def upload():
    """Keep the file server-side, then show its preview (303)."""
    form = UploadForm()
    if not form.validate_on_submit():
        return render_upload(form), 400
    name = os.path.basename(form.file.data.filename or "")[:200] or "registry"
    table = read_table(name, form.file.data.read())
    if table.refused:  # past a bound, or not a workbook: said on the form, nothing kept
        form.file.errors = [str(issue) for issue in table.issues]
        return render_upload(form), table.status
    token = save_upload(current_user.id, name, table, form.deactivate_missing.data)
    return redirect(url_for(".preview", token=token), 303)


@bp.get("/<token>")
@staff_required("import")
def preview(token: str):
    """What the import would change (the counts first), or every error of the file; nothing is written."""
    meta, table = uploaded_or_404(token)
    plan = plan_table(meta["filename"], table, meta["deactivate_missing"])
    return render_template("registry_admin/preview.html", plan=plan, meta=meta, token=token,
                           form=ConfirmForm())


@bp.post("/<token>")
@staff_required("import")
def confirm(token: str):
    """Import the file kept under the token, checked again against the database as it is now; an
    import that deactivates points needs their number typed in."""
    meta, table = uploaded_or_404(token)
    form = ConfirmForm()
    plan = plan_table(meta["filename"], table, meta["deactivate_missing"])
    if not form.validate_on_submit() or not plan.ok or not form.confirms(plan.counts["deactivated"]):
        return render_template("registry_admin/preview.html", plan=plan, meta=meta, token=token,
                               form=form), 400
    run = apply_import(plan, current_user.email, current_user.id)
    discard_upload(token)
    flash(_("Đã nhập danh sách điểm."), "success")
    return redirect(url_for(".run_detail", run_id=run.id), 303)


@bp.get("/runs/<int:run_id>")
@staff_required("import")
def run_detail(run_id: int):
    """The counts of one finished import."""
    run = db.get_or_404(ImportRun, run_id)
    return render_template("registry_admin/run.html", run=run)


def uploaded_or_404(token: str) -> tuple[dict, RawTable]:
    """The upload this member of staff made under the token."""
    found = load_upload(token, current_user.id)
    if found is None:
        abort(404)
    return found


def render_upload(form: UploadForm) -> str:
    """The upload page."""
    return render_template("registry_admin/upload.html", form=form, runs=recent_import_runs(RECENT_RUNS),
                           columns=COLUMNS)


@bp.get("/template.csv")
@staff_required("import")
def template_csv():
    """The documented template, to fill in."""
    return send_file(os.path.join(ROOT, "data", "import_template.csv"), mimetype="text/csv",
                     as_attachment=True, download_name="mau-danh-sach-diem.csv")

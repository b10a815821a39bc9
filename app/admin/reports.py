"""The quarterly report, as a page and as a PDF to print and sign (/admin/reports/2026-Q3.pdf)."""
from flask import Response, abort, render_template

from app.admin import bp
from app.admin.params import quarter_arg
from app.permissions import staff_required
from app.queries.report import quarter_report
from app.reports import content
from app.scoring import parse_quarter


def _quarter(text: str) -> int:
    try:
        return parse_quarter(text)
    except ValueError:
        abort(404)


@bp.get("/reports/<quarter>")
@staff_required("read")
def report(quarter: str):
    """The report of a quarter as a page (the same text as the PDF)."""
    found = quarter_report(_quarter(quarter))
    return render_template("admin/report.html", report=found, content=content)


@bp.get("/reports/<quarter>.pdf")
@staff_required("read")
def report_download(quarter: str):
    """The report of a quarter as a PDF, DejaVu Sans embedded."""
    number = _quarter(quarter)
    from app.reports.pdf import report_pdf  # fpdf2 with Pillow and numpy (50 MB): on the first PDF

    response = Response(report_pdf(quarter_report(number)), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="bao-cao-{quarter_arg(number)}.pdf"'
    return response

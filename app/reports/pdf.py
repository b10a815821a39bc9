"""The quarterly report as a PDF to print and sign (fpdf2), with DejaVu Sans embedded so every
Vietnamese letter prints; the only module that imports the PDF library."""
from pathlib import Path

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from app.queries.report import QuarterReport
from app.reports import content

# Debian's fonts-dejavu-core (in .ci/run's apt list): a TrueType font with the Vietnamese letters.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
# A4 landscape leaves 277 mm between the margins; the ranking's eleven columns share it.
RANKING_WIDTHS = (11, 15, 50, 36, 22, 16, 22, 24, 26, 30, 21)
UNIT_WIDTHS = (38, 16, 20, 26, 18, 159)


def report_pdf(report: QuarterReport) -> bytes:
    """The report of a quarter as PDF bytes: summary, ranking, communes/wards, moderation, signatures."""
    pdf = _document(content.title(report))
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 8, content.title(report), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, content.state_line(report), new_x="LMARGIN", new_y="NEXT")
    _pairs(pdf, _("Tóm tắt toàn tỉnh"), content.summary(report))
    _table(pdf, content.ranking_table(report), RANKING_WIDTHS)
    _table(pdf, content.units_table(report), UNIT_WIDTHS)
    _pairs(pdf, _("Tiếp nhận và trả lời ý kiến"), content.moderation(report))
    _signatures(pdf)
    return bytes(pdf.output())


def _document(title: str) -> FPDF:
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_lang("vi")
    pdf.set_creator("Bưu điện tỉnh Lạng Sơn")
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8)


def _pairs(pdf: FPDF, heading: str, pairs: list[tuple[str, str]]) -> None:
    _heading(pdf, heading)
    with pdf.table(col_widths=(80, 120), width=200, align="LEFT", first_row_as_headings=False,
                   text_align="LEFT") as table:
        for name, value in pairs:
            row = table.row()
            row.cell(name)
            row.cell(value)


def _table(pdf: FPDF, found: content.Table, widths: tuple[int, ...]) -> None:
    _heading(pdf, found.title)
    with pdf.table(col_widths=widths, width=sum(widths), align="LEFT", text_align="LEFT",
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230))) as table:
        for values in (found.header, *found.rows):
            row = table.row()
            for value in values:
                row.cell(value)


def _signatures(pdf: FPDF) -> None:
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(6)
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 6, content.place_and_date(), align="R", new_x="LMARGIN", new_y="NEXT")
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for index, style in enumerate(("B", "")):
        pdf.set_font(FONT, style, 10)
        for signer in content.signatures():
            pdf.cell(half, 6, signer[index], align="C")
        pdf.ln(6)

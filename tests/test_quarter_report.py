"""The quarterly report: the PDF's extracted text holds the ranking's names and figures with their
Vietnamese letters intact, the HTML page shows the same, and a closed quarter's report reads the
snapshot."""
import io
import unicodedata

import pytest
from pypdf import PdfReader

from app.clock import current_quarter
from app.queries.ranking import ranking
from app.scoring import previous_quarter
from app.templating import number_text
from tests.admin_factories import csrf_token, insert_feedback_row, points, ratings, rebuild_aggregates, table_rows

Q = current_quarter()
P = previous_quarter(Q)
PA = f"{P // 10}-Q{P % 10}"


@pytest.fixture
def ranked(app):
    """Two ranked points last quarter, one with a replied comment."""
    a, b = points(2)
    ratings(a, [5, 5, 4, 5, 5, 5], P)
    ratings(b, [3, 2, 4, 3, 3, 3], P)
    insert_feedback_row(b, 2, P, comment="Phải chờ quá lâu ở quầy", status="published")
    rebuild_aggregates()
    return a, b


def pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def fonts_of(response) -> set[str]:
    reader = PdfReader(io.BytesIO(response.data))
    return {str(font["/BaseFont"]) for page in reader.pages
            for font in page["/Resources"]["/Font"].values()}


def test_the_pdf_holds_the_ranking_in_vietnamese(admin_client, ranked):
    a, b = ranked
    response = admin_client.get(f"/admin/reports/{PA}.pdf")
    text = pdf_text(response)
    assert any("DejaVu" in font for font in fonts_of(response))  # embedded, so the letters print
    rows = {row.point_id: row for row in ranking(P)}
    for point in (a, b):
        row = rows[point.id]
        assert point.name in text and row.unit_name in text
        assert number_text(row.combined, 2) in text
    assert f"{rows[a.id].citizen_pct}" in text
    for words in ("Báo cáo xếp hạng chất lượng điểm phục vụ bưu chính", "Tóm tắt toàn tỉnh", "Tỷ lệ hài lòng",
                  "Người lập biểu", "Giám đốc", "Lạng Sơn, ngày", "Tiếp nhận và trả lời ý kiến"):
        assert words in text, words
    assert "Số đánh giá được ghi nhận 13" in text


def test_the_html_report_shows_the_same_table(admin_client, ranked):
    a, b = ranked
    page = admin_client.get(f"/admin/reports/{PA}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    rows = table_rows(html, "report-ranking")
    assert [row[2] for row in rows[:2]] == [a.name, b.name]
    text = pdf_text(admin_client.get(f"/admin/reports/{PA}.pdf"))
    for row in rows[:2]:
        assert row[0] == str(rows.index(row) + 1)
        for cell in row:
            assert cell in text, cell
    assert "Người lập biểu" in html and "Giám đốc" in html
    assert f'href="/admin/reports/{PA}.pdf"' in html


def test_a_closed_quarter_reports_its_snapshot(admin_client, ranked):
    a, b = ranked
    admin_client.post("/admin/ranking/close", data={"csrf_token": csrf_token(admin_client), "quarter": PA})
    before = table_rows(admin_client.get(f"/admin/reports/{PA}").get_data(as_text=True), "report-ranking")
    ratings(a, [1] * 30, P)
    rebuild_aggregates()
    html = admin_client.get(f"/admin/reports/{PA}").get_data(as_text=True)
    assert table_rows(html, "report-ranking") == before and "Số liệu đã chốt" in html
    assert "Số đánh giá được ghi nhận 13" in pdf_text(admin_client.get(f"/admin/reports/{PA}.pdf"))


def test_the_ranking_page_links_the_reports_and_a_reviewer_reads_them(reviewer_client, ranked):
    page = reviewer_client.get(f"/admin/ranking?quarter={PA}").get_data(as_text=True)
    assert f'href="/admin/reports/{PA}"' in page and f'href="/admin/reports/{PA}.pdf"' in page
    assert reviewer_client.get(f"/admin/reports/{PA}.pdf").status_code == 200
    assert reviewer_client.get("/admin/reports/2026-Q9.pdf").status_code == 404


def test_reports_are_closed_to_anonymous_visitors(client):
    response = client.get(f"/admin/reports/{PA}.pdf")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]

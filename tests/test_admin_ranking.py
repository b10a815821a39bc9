"""The quarterly ranking: citizens' score and internal grades combined with RANKING_WEIGHTS, ranks,
movement, the assessment form (audited), and a CSV that matches the page."""
import csv
import io
import json

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Assessment, AuditLog
from app.queries.ranking import assign_ranks, ranking
from app.clock import current_quarter
from app.scoring import combine_ranking, previous_quarter
from tests.admin_factories import csrf_token, points, ratings, rebuild_aggregates, signed_in, table_rows

Q = current_quarter()
P = previous_quarter(Q)
QA = f"{Q // 10}-Q{Q % 10}"
GRADE_ERROR = "Điểm phải là một số từ 0 đến 100."


@pytest.fixture
def ranked(app):
    """Last quarter A led B; this quarter B leads A. C has too few ratings to rank."""
    a, b, c = points(3)
    ratings(a, [5, 5, 5, 5, 5, 5], P)
    ratings(b, [3, 3, 3, 3, 3, 3], P)
    ratings(a, [2, 2, 3, 2, 2, 2], Q)
    ratings(b, [5, 4, 5, 5, 4, 5], Q)
    ratings(c, [5, 5], Q)
    rebuild_aggregates()
    return a, b, c


def test_competition_ranks():
    assert assign_ranks({1: 80.0, 2: 90.0, 3: 80.0, 4: None, 5: 70.0}) == {2: 1, 1: 2, 3: 2, 5: 4}


def test_ranking_ranks_and_movement(ranked):
    a, b, c = ranked
    rows = {row.point_id: row for row in ranking(Q)}
    assert (rows[b.id].rank, rows[a.id].rank) == (1, 2)
    assert (rows[b.id].movement, rows[a.id].movement) == (1, -1)
    assert rows[c.id].rank is None and rows[c.id].combined is None
    assert rows[a.id].combined == combine_ranking(rows[a.id].citizen.value, {}, {"citizen": 1})
    assert ranking(Q)[0].point_id == b.id


def test_assessment_changes_the_ranking(admin_client, ranked, app):
    a, b, _ = ranked
    before = table_rows(admin_client.get(f"/admin/ranking?quarter={QA}").get_data(as_text=True), "ranking")
    assert [row[:3] for row in before[:2]] == [["1", "▲ 1 bậc lên", b.name], ["2", "▼ 1 bậc xuống", a.name]]
    form = admin_client.get(f"/admin/points/{a.slug}/assessment?quarter={QA}").get_data(as_text=True)
    assert 'name="delivery"' in form and f'<option selected value="{QA}">' in form
    response = admin_client.post(f"/admin/points/{a.slug}/assessment", data={
        "csrf_token": csrf_token(admin_client), "quarter": QA, "delivery": "100", "public_utility": "95",
        "model_office": "98", "note": "Kiểm tra ngày 10"})
    assert response.status_code == 303 and response.headers["Location"] == f"/admin/ranking?quarter={QA}"
    saved = db.session.scalar(select(Assessment).where(Assessment.point_id == a.id, Assessment.quarter == Q))
    assert (saved.delivery, saved.public_utility, saved.model_office) == (100, 95, 98)
    assert saved.note == "Kiểm tra ngày 10"
    rows = table_rows(admin_client.get(response.headers["Location"]).get_data(as_text=True), "ranking")
    assert rows[0][:3] == ["1", "=", a.name]  # first again, as last quarter
    weights = app.config["RANKING_WEIGHTS"]
    citizen = next(r for r in ranking(Q) if r.point_id == a.id).citizen.value
    expected = combine_ranking(citizen, {"delivery": 100, "public_utility": 95, "model_office": 98}, weights)
    assert rows[0][-2] == f"{expected:.2f}".replace(".", ",")  # as Vietnamese write decimals
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "save_assessment")).one()
    assert json.loads(entry.after)["delivery"] == 100 and entry.before is None


def test_correcting_an_assessment_records_before_and_after(admin_client, ranked):
    a, _, _ = ranked
    for delivery in ("60", "75"):
        admin_client.post(f"/admin/points/{a.slug}/assessment",
                   data={"csrf_token": csrf_token(admin_client), "quarter": QA, "delivery": delivery})
    saves = select(AuditLog).where(AuditLog.action == "save_assessment").order_by(AuditLog.id)
    last = db.session.scalars(saves).all()[-1]
    assert json.loads(last.before) == {"delivery": 60.0} and json.loads(last.after) == {"delivery": 75.0}
    form = admin_client.get(f"/admin/points/{a.slug}/assessment?quarter={QA}").get_data(as_text=True)
    assert 'value="75.0"' in form


def test_grades_outside_0_100_are_refused(admin_client, ranked):
    a, _, _ = ranked
    response = admin_client.post(f"/admin/points/{a.slug}/assessment",
                          data={"csrf_token": csrf_token(admin_client), "quarter": QA, "delivery": "150"})
    assert response.status_code == 200 and GRADE_ERROR in response.get_data(as_text=True)
    response = admin_client.post(f"/admin/points/{a.slug}/assessment",
                          data={"csrf_token": csrf_token(admin_client), "quarter": QA, "delivery": "bảy"})
    assert response.status_code == 200 and GRADE_ERROR in response.get_data(as_text=True)
    assert db.session.scalar(select(Assessment).where(Assessment.point_id == a.id)) is None
    admin_client.post(f"/admin/points/{a.slug}/assessment",
               data={"csrf_token": csrf_token(admin_client), "quarter": QA, "delivery": "87,5"})
    assert db.session.scalar(select(Assessment.delivery).where(Assessment.point_id == a.id)) == 87.5


def test_csv_matches_the_page(reviewer_client, ranked):
    page_rows = table_rows(reviewer_client.get(f"/admin/ranking?quarter={QA}").get_data(as_text=True), "ranking")
    response = reviewer_client.get(f"/admin/ranking.csv?quarter={QA}")
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    assert response.headers["Content-Disposition"] == f'attachment; filename="xep-hang-{QA}.csv"'
    lines = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(lines) == len(page_rows) == len(points())
    for line, row in zip(lines, page_rows):
        assert line["Tên điểm"] == row[2]
        assert (line["Hạng"] or "–") == row[0]
        combined = line["Điểm số tổng hợp"]
        assert (f"{float(combined):.2f}".replace(".", ",") if combined else "–") == row[-1]

"""Closing, publishing and reopening a quarter of the ranking: the snapshot it freezes, ratings
sent afterwards counting in the open quarter, the permissions and the audit entries."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.clock import current_quarter
from app.extensions import db
from app.models import AuditLog, Feedback, Point, QuarterClosing, QuarterRanking
from app.queries.ranking import live_ranking, ranking
from app.scoring import previous_quarter, quarter_bounds
from app.services.held_ratings import release
from tests.admin_factories import csrf_token, insert_feedback_row, points, ratings, rebuild_aggregates, table_rows
from tests.factories import add_feedback

Q = current_quarter()
P = previous_quarter(Q)
PA, QA = f"{P // 10}-Q{P % 10}", f"{Q // 10}-Q{Q % 10}"
REASON = "Nhập thiếu điểm đánh giá nội bộ của hai bưu cục"


@pytest.fixture
def ranked(app):
    """Last quarter (P) A led B; C had too few ratings to rank."""
    a, b, c = points(3)
    ratings(a, [5, 5, 5, 5, 4, 5], P)
    ratings(b, [3, 3, 4, 3, 3, 3], P)
    ratings(c, [5, 5], P)
    rebuild_aggregates()
    return a, b, c


def post(client, action: str, **data):
    return client.post(f"/admin/ranking/{action}", data={"csrf_token": csrf_token(client), **data})


def frozen_rows(quarter: int) -> list[tuple]:
    stmt = (select(QuarterRanking.point_id, QuarterRanking.rank, QuarterRanking.citizen_count,
                   QuarterRanking.citizen_value, QuarterRanking.combined)
            .where(QuarterRanking.quarter == quarter).order_by(QuarterRanking.point_id))
    return [tuple(row) for row in db.session.execute(stmt)]


def shown(quarter: int) -> list[tuple]:
    return [(r.point_id, r.rank, r.citizen.count if r.citizen else 0, r.combined) for r in ranking(quarter)]


def audit(action: str) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def test_closing_freezes_the_ranking_and_is_audited(admin_client, ranked):
    a, b, c = ranked
    page = admin_client.get(f"/admin/ranking?quarter={PA}").get_data(as_text=True)
    assert "Đang mở" in page and 'action="/admin/ranking/close"' in page
    response = post(admin_client, "close", quarter=PA)
    assert response.status_code == 303 and response.headers["Location"] == f"/admin/ranking?quarter={PA}"
    closing = db.session.get(QuarterClosing, P)
    assert closing.state == "closed" and closing.closed_by.email == "admin@buudien.test"
    active = db.session.scalar(select(func.count()).select_from(Point).where(Point.is_active.is_(True)))
    frozen = {row[0]: row for row in frozen_rows(P)}
    assert len(frozen) == active
    assert (frozen[a.id][1], frozen[b.id][1], frozen[c.id][1]) == (1, 2, None)
    assert frozen[a.id][2] == 6 and frozen[c.id][2] == 2
    assert closing.summary["ratings"] == 14 and closing.summary["satisfied"] == 9
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã đóng lúc" in page and "admin@buudien.test" in page and "Chưa công bố" in page
    assert 'action="/admin/ranking/close"' not in page and 'action="/admin/ranking/publish"' in page
    assert "Chấm điểm" not in page  # grades of a frozen quarter cannot be changed from here
    assert [row[:3] for row in table_rows(page, "ranking")[:2]] == [["1", "–", a.name], ["2", "–", b.name]]
    entry = audit("close_quarter")[0]
    assert entry.actor == "admin@buudien.test" and entry.target_type == "quarter_closings"
    assert json.loads(entry.after)["ranked"] == 2


def test_a_rating_sent_after_closing_counts_in_the_open_quarter(admin_client, ranked):
    a, _, _ = ranked
    post(admin_client, "close", quarter=PA)
    before = frozen_rows(P)
    last_day_of_p = quarter_bounds(P)[1] - timedelta(days=1)
    feedback = add_feedback(a, overall=1, visit_date=last_day_of_p)
    assert feedback.quarter == Q  # received now: counted in the open quarter
    assert next(r for r in ranking(Q) if r.point_id == a.id).citizen.count == 1
    assert frozen_rows(P) == before
    assert next(r for r in ranking(P) if r.point_id == a.id).citizen.count == 6


def test_the_snapshot_survives_new_rows_and_a_recompute(admin_client, ranked, runner):
    a, b, _ = ranked
    post(admin_client, "close", quarter=PA)
    before_rows, before_shown = frozen_rows(P), shown(P)
    ratings(a, [1] * 20, P)  # e.g. held ratings released into the closed quarter later
    db.session.commit()
    result = runner.invoke(args=["recompute-scores"])
    assert result.exit_code == 0, result.output
    live = {r.point_id: r.rank for r in live_ranking(P)}
    assert live[b.id] == 1  # recomputed, B would now lead
    assert frozen_rows(P) == before_rows and shown(P) == before_shown
    page = admin_client.get(f"/admin/ranking?quarter={PA}").get_data(as_text=True)
    assert table_rows(page, "ranking")[0][2] == a.name


def test_the_open_quarter_moves_against_the_frozen_ranks(admin_client, ranked):
    a, b, _ = ranked
    post(admin_client, "close", quarter=PA)
    ratings(a, [5] * 20, P)  # after closing: the live P would change, the frozen one does not
    ratings(b, [5] * 6, Q)
    ratings(a, [2] * 6, Q)
    rebuild_aggregates()
    rows = {r.point_id: r for r in ranking(Q)}
    assert (rows[b.id].rank, rows[b.id].previous_rank, rows[b.id].movement) == (1, 2, 1)
    assert (rows[a.id].rank, rows[a.id].movement) == (2, -1)


def test_grades_of_a_closed_quarter_are_refused(admin_client, ranked):
    a, _, _ = ranked
    post(admin_client, "close", quarter=PA)
    response = admin_client.post(f"/admin/points/{a.slug}/assessment", follow_redirects=True, data={
        "csrf_token": csrf_token(admin_client), "quarter": PA, "delivery": "10"})
    assert "mở lại quý trước khi sửa" in response.get_data(as_text=True)
    assert audit("save_assessment") == []


def test_only_finished_quarters_close_and_only_once(admin_client, ranked):
    page = post(admin_client, "close", quarter=QA)
    assert db.session.get(QuarterClosing, Q) is None
    assert "Chỉ đóng được quý đã kết thúc" in admin_client.get(page.headers["Location"]).get_data(as_text=True)
    post(admin_client, "close", quarter=PA)
    again = admin_client.get(post(admin_client, "close", quarter=PA).headers["Location"]).get_data(as_text=True)
    assert "đã được đóng" in again and len(audit("close_quarter")) == 1
    assert admin_client.post("/admin/ranking/close", data={"csrf_token": csrf_token(admin_client),
                                                           "quarter": "quý ba"}).status_code == 400


def test_a_reviewer_cannot_close_publish_or_reopen(reviewer_client, ranked):
    page = reviewer_client.get(f"/admin/ranking?quarter={PA}").get_data(as_text=True)
    assert "Đang mở" in page and "/admin/ranking/close" not in page
    assert post(reviewer_client, "close", quarter=PA).status_code == 403
    assert db.session.get(QuarterClosing, P) is None
    assert post(reviewer_client, "publish", quarter=PA).status_code == 403
    assert post(reviewer_client, "reopen", quarter=PA, reason=REASON).status_code == 403


def test_publish_then_reopen_with_a_reason(admin_client, client, ranked):
    a, _, _ = ranked
    assert client.get(f"/minh-bach/xep-hang?quarter={PA}").status_code == 404  # not closed
    post(admin_client, "close", quarter=PA)
    assert client.get(f"/minh-bach/xep-hang?quarter={PA}").status_code == 404  # closed, not published
    assert post(admin_client, "publish", quarter=PA).status_code == 303
    closing = db.session.get(QuarterClosing, P)
    assert closing.state == "published" and closing.published_by.email == "admin@buudien.test"
    public = client.get("/minh-bach").get_data(as_text=True)
    assert f'href="/minh-bach/xep-hang?quarter={PA}"' in public
    rows = table_rows(client.get(f"/minh-bach/xep-hang?quarter={PA}").get_data(as_text=True), "public-ranking")
    assert rows[0][:3] == ["1", "–", a.name] and len(rows) == 2  # ranked points only

    refused = post(admin_client, "reopen", quarter=PA, reason="  ")
    assert "Hãy ghi lý do" in admin_client.get(refused.headers["Location"]).get_data(as_text=True)
    assert db.session.get(QuarterClosing, P).state == "published"
    post(admin_client, "reopen", quarter=PA, reason=REASON)
    closing = db.session.get(QuarterClosing, P)
    assert closing.state == "reopened" and closing.reopen_reason == REASON and frozen_rows(P) == []
    assert client.get(f"/minh-bach/xep-hang?quarter={PA}").status_code == 404
    assert f"/minh-bach/xep-hang?quarter={PA}" not in client.get("/minh-bach").get_data(as_text=True)
    page = admin_client.get(f"/admin/ranking?quarter={PA}").get_data(as_text=True)
    assert REASON in page and 'action="/admin/ranking/close"' in page
    entries = audit("publish_quarter") + audit("reopen_quarter")
    assert [e.action for e in entries] == ["publish_quarter", "reopen_quarter"]
    assert json.loads(entries[1].after)["reason"] == REASON and json.loads(entries[1].before)["state"] == "published"


def test_closing_again_after_reopening_takes_a_new_snapshot(admin_client, ranked):
    a, b, _ = ranked
    post(admin_client, "close", quarter=PA)
    post(admin_client, "reopen", quarter=PA, reason=REASON)
    ratings(a, [1] * 20, P)
    rebuild_aggregates()
    post(admin_client, "close", quarter=PA)
    assert db.session.get(QuarterClosing, P).state == "closed"
    assert ranking(P)[0].point_id == b.id and len(audit("close_quarter")) == 2


def test_the_public_ranking_address_without_a_published_quarter(client):
    response = client.get("/minh-bach/xep-hang")
    assert response.status_code == 303 and response.headers["Location"] == "/minh-bach#xep-hang"
    assert client.get("/minh-bach/xep-hang?quarter=quý-ba").status_code == 404
    assert "Chưa có quý nào được công bố xếp hạng." in client.get("/minh-bach").get_data(as_text=True)


def test_ratings_held_in_a_quarter_closed_since_count_in_the_open_quarter_once_released(admin_client, ranked):
    a, _, _ = ranked
    held = insert_feedback_row(a, 1, quarter=P)
    held.rating_status = "held"
    db.session.commit()
    post(admin_client, "close", quarter=PA)
    before = frozen_rows(P)
    assert release(a.id, "admin@buudien.test") == 1
    db.session.refresh(held)
    assert held.rating_status == "counted" and held.quarter == Q
    assert next(r for r in live_ranking(Q) if r.point_id == a.id).citizen.count == 1
    assert next(r for r in live_ranking(P) if r.point_id == a.id).citizen.count == 6  # as when it closed
    assert frozen_rows(P) == before

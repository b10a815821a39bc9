"""A point's quality page and moderation: chart, criteria, channels, private contact, publish,
hide with a reason, public reply (each audited, 303 after), and the queue of held comments."""
import json
from datetime import timedelta

import pytest
from flask import render_template
from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, Feedback
from app.queries.quality import comments_page, point_quality
from app.clock import current_quarter, utcnow
from app.scoring import previous_quarter, quarter_label
from tests.admin_factories import (insert_feedback_row, csrf_token, points, ratings, rebuild_aggregates, signed_in,
                                   table_rows)

Q = current_quarter()


@pytest.fixture
def point(app):
    """A point with ratings in two quarters, three comments (one held) and a private contact."""
    point = points(1)[0]
    ratings(point, [4, 4, 5, 3, 4], previous_quarter(Q))
    ratings(point, [2, 3, 2, 3], Q, access=2, channel="qr")
    insert_feedback_row(point, 2, Q, comment="Chờ quá lâu ở quầy", contact="0912 345 678", access=1)
    insert_feedback_row(point, 3, Q, comment="Giao dịch viên chưa hướng dẫn rõ")
    insert_feedback_row(point, 1, Q, comment="Xem http://spam.example", status="held", hold_reason="link",
                 created_at=utcnow() - timedelta(days=3))
    rebuild_aggregates()
    return point


def comment(point, text: str) -> Feedback:
    return db.session.scalar(select(Feedback).where(Feedback.point_id == point.id, Feedback.comment == text))


def published_comments(point_id: int) -> list[Feedback]:
    """The first page of the point's published comments, as its public page shows them."""
    return comments_page(point_id)[0]


def audit(action: str) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def test_quality_page_for_staff(client, point):
    signed_in(client, "reviewer")
    page = client.get(f"/admin/points/{point.slug}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # A reviewer is told the rater left a contact, never shown it (administrators only).
    assert "0912 345 678" not in html and "Có liên hệ riêng (chỉ quản trị viên xem được)" in html
    assert '<svg viewBox="0 0 640 260" role="img" aria-labelledby="chart-title chart-desc"' in html
    assert '<title id="chart-title">' in html and '<desc id="chart-desc">' in html
    chart = {row[0]: row for row in table_rows(html)}  # the chart's data table comes first
    assert chart[quarter_label(Q)][2] == "7" and chart[quarter_label(previous_quarter(Q))][2] == "5"
    assert chart[quarter_label(previous_quarter(Q))][1] != "Chưa đủ đánh giá"
    assert html.count('class="bar"') == 2  # two quarters with enough ratings
    criteria = {row[0]: row for row in table_rows(html.split('id="criteria-title"')[1])}
    assert criteria["Mức độ hài lòng chung"][4] == "12" and criteria["Tiếp cận dịch vụ"][4] == "5"
    assert criteria["Thủ tục"][1] == "Chưa đủ đánh giá"
    assert "<dt>Mã QR tại quầy</dt><dd>4</dd>" in html and "<dt>Trang web</dt><dd>8</dd>" in html
    assert "Giữ lại vì: Có đường dẫn (link)" in html


def test_hide_with_a_reason(reviewer_client, point):
    target = comment(point, "Chờ quá lâu ở quầy")
    assert target in published_comments(point.id)
    response = reviewer_client.post(f"/admin/feedback/{target.id}/hide",
                          data={"csrf_token": csrf_token(reviewer_client), "reason": "Thông tin cá nhân"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/points/{point.slug}#fb-{target.id}"
    db.session.refresh(target)
    assert (target.comment_status, target.hidden_reason) == ("hidden", "Thông tin cá nhân")
    assert target not in published_comments(point.id)
    entry = audit("hide_comment")[-1]
    assert entry.actor == "reviewer@buudien.test" and entry.target_id == str(target.id)
    assert json.loads(entry.before) == {"comment_status": "published", "hidden_reason": None}
    assert json.loads(entry.after) == {"comment_status": "hidden", "hidden_reason": "Thông tin cá nhân"}
    assert "Đã ẩn ý kiến." in reviewer_client.get(response.headers["Location"]).get_data(as_text=True)


def test_hiding_needs_a_reason(reviewer_client, point):
    target = comment(point, "Chờ quá lâu ở quầy")
    response = reviewer_client.post(f"/admin/feedback/{target.id}/hide",
                          data={"csrf_token": csrf_token(reviewer_client), "reason": "  "})
    assert response.status_code == 303
    db.session.refresh(target)
    assert target.comment_status == "published" and audit("hide_comment") == []
    assert "Lý do ẩn" in reviewer_client.get(response.headers["Location"]).get_data(as_text=True)


def test_public_reply_shows_under_the_comment(admin_client, point, app):
    target = comment(point, "Giao dịch viên chưa hướng dẫn rõ")
    reply = "Bưu điện đã nhắc nhở và hướng dẫn lại giao dịch viên."
    response = admin_client.post(f"/admin/feedback/{target.id}/reply",
                          data={"csrf_token": csrf_token(admin_client), "reply": reply, "next": "/admin/moderation"})
    assert response.status_code == 303 and response.headers["Location"].startswith("/admin/moderation#")
    db.session.refresh(target)
    assert target.reply_text == reply and target.replied_at is not None
    assert json.loads(audit("reply_comment")[-1].after) == {"reply_text": reply}
    with app.test_request_context(f"/points/{point.slug}"):
        block = render_template("feedback/_quality_block.html", quality=point_quality(point))
    assert reply in block and "Giao dịch viên chưa hướng dẫn rõ" in block


def test_next_after_moderation_stays_on_this_site(reviewer_client, point):
    target = comment(point, "Giao dịch viên chưa hướng dẫn rõ")
    response = reviewer_client.post(f"/admin/feedback/{target.id}/reply",
                          data={"csrf_token": csrf_token(reviewer_client), "reply": "Cảm ơn",
                                "next": "https://evil.example/"})
    assert response.headers["Location"] == f"/admin/points/{point.slug}#fb-{target.id}"


def test_queue_lists_held_comments_oldest_first_and_publish_empties_it(reviewer_client, point):
    newer = insert_feedback_row(point, 1, Q, comment="Từ ngữ xấu", status="held", hold_reason="từ ngữ không phù hợp")
    db.session.commit()
    html = reviewer_client.get("/admin/moderation").get_data(as_text=True)
    older = comment(point, "Xem http://spam.example")
    assert html.index(f'id="fb-{older.id}"') < html.index(f'id="fb-{newer.id}"')
    assert "Giữ lại vì: Có đường dẫn (link)" in html and "Giữ lại vì: từ ngữ không phù hợp" in html
    assert '<span class="badge">2<' in html
    response = reviewer_client.post(f"/admin/feedback/{older.id}/publish",
                          data={"csrf_token": csrf_token(reviewer_client), "next": "/admin/moderation"})
    assert response.status_code == 303
    db.session.refresh(older)
    assert older.comment_status == "published" and older in published_comments(point.id)
    assert json.loads(audit("publish_comment")[-1].after) == {"comment_status": "published"}
    html = reviewer_client.get("/admin/moderation").get_data(as_text=True)
    assert f'id="fb-{older.id}"' not in html and '<span class="badge">1<' in html


def test_a_rating_without_comment_cannot_be_moderated(reviewer_client, point):
    silent = db.session.scalar(
        select(Feedback).where(Feedback.point_id == point.id, Feedback.comment.is_(None)))
    response = reviewer_client.post(f"/admin/feedback/{silent.id}/publish", data={"csrf_token": csrf_token(reviewer_client)})
    assert response.status_code == 303
    db.session.refresh(silent)
    assert silent.comment_status == "none" and audit("publish_comment") == []


def test_feedback_list_filters_by_status_and_serves_htmx(reviewer_client, point):
    held = reviewer_client.get(f"/admin/points/{point.slug}?status=held").get_data(as_text=True)
    assert "Xem http://spam.example" in held and "Chờ quá lâu ở quầy" not in held
    fragment = reviewer_client.get(f"/admin/points/{point.slug}?status=published",
                         headers={"HX-Request": "true", "HX-Target": "feedback-list"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="feedback-list">') and "<html" not in fragment
    assert "Chờ quá lâu ở quầy" in fragment


def test_unknown_point_or_feedback_is_404(reviewer_client, point):
    assert reviewer_client.get("/admin/points/no-such-point").status_code == 404
    response = reviewer_client.post("/admin/feedback/999999/publish", data={"csrf_token": csrf_token(reviewer_client)})
    assert response.status_code == 404


def test_htmx_gets_the_item_in_its_new_state(reviewer_client, point):
    """With htmx (targeting the item) a hide answers that item, hidden and saying so; not a page."""
    target = comment(point, "Chờ quá lâu ở quầy")
    headers = {"HX-Request": "true", "HX-Target": f"fb-{target.id}"}
    response = reviewer_client.post(f"/admin/feedback/{target.id}/hide", headers=headers, data={
        "csrf_token": csrf_token(reviewer_client), "reason": "Thông tin cá nhân",
        "next": "/admin/moderation"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith(f'<article class="feedback-item status-hidden" id="fb-{target.id}"')
    assert "<html" not in html and 'role="status">Đã ẩn ý kiến.</p>' in html
    assert f'href="/admin/points/{point.slug}">{point.name}</a>' in html  # queue items name their point
    assert comment(point, "Chờ quá lâu ở quầy").comment_status == "hidden"
    refused = reviewer_client.post(f"/admin/feedback/{target.id}/hide", headers=headers,
                                   data={"csrf_token": csrf_token(reviewer_client), "reason": " "})
    assert refused.status_code == 200 and "flash-error" in refused.get_data(as_text=True)

"""Reports of published comments (trust, "Báo cáo vi phạm"): a plain link and form (no JavaScript
needed, CSRF, rate limited); one report per browser; at COMMENT_REPORTS_TO_HOLD the comment leaves
the public pages and waits in the moderation queue, marked as reported."""
from sqlalchemy import func, select

from app.extensions import db
from app.models import CommentReport, Feedback
from tests.factories import add_feedback, csrf_from, seeded_point


def published(point) -> Feedback:
    # Personal data the moderation rules cannot see (no name, no number): what reports are for.
    return add_feedback(point, comment="Nhân viên quầy 2 tóc ngắn đeo kính rất tệ")


def report(client, point, feedback, reason="personal", note=""):
    url = f"/points/{point.slug}/comments/{feedback.id}/report"
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True)), "reason": reason, "note": note})


def test_every_published_comment_has_a_report_link(app, client):
    point = seeded_point()
    feedback = published(point)
    html = client.get(f"/points/{point.slug}").get_data(as_text=True)
    assert f'href="/points/{point.slug}/comments/{feedback.id}/report"' in html and "Báo cáo vi phạm" in html


def test_reports_hold_the_comment_at_the_threshold(app, admin_client):
    point = seeded_point()
    feedback = published(point)
    threshold = app.config["COMMENT_REPORTS_TO_HOLD"]
    for n in range(threshold):
        answer = report(app.test_client(), point, feedback, note=f"báo cáo {n}")
        assert answer.status_code == 200 and "Cảm ơn bạn đã báo cáo" in answer.get_data(as_text=True)
    db.session.refresh(feedback)
    assert feedback.comment_status == "held" and "reported" in feedback.hold_reason
    assert "tóc ngắn đeo kính" not in app.test_client().get(f"/points/{point.slug}").get_data(as_text=True)
    queue = admin_client.get("/admin/moderation").get_data(as_text=True)
    assert "tóc ngắn đeo kính" in queue and "Bị người dân báo cáo vi phạm" in queue


def test_one_browser_reports_a_comment_once(app, client):
    point = seeded_point()
    feedback = published(point)
    assert "Cảm ơn bạn đã báo cáo" in report(client, point, feedback).get_data(as_text=True)
    assert "Bạn đã báo cáo ý kiến này rồi" in report(client, point, feedback).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CommentReport)) == 1


def test_a_report_needs_a_reason_and_only_published_comments_can_be_reported(app, client):
    point = seeded_point()
    feedback = published(point)
    url = f"/points/{point.slug}/comments/{feedback.id}/report"
    page = client.get(url).get_data(as_text=True)
    answer = client.post(url, data={"csrf_token": csrf_from(page), "reason": "", "note": ""})
    assert answer.status_code == 400 and "Hãy chọn một lý do." in answer.get_data(as_text=True)
    held = add_feedback(point, comment="gọi 0912345678")
    assert client.get(f"/points/{point.slug}/comments/{held.id}/report").status_code == 404
    other = seeded_point(1)
    assert client.get(f"/points/{other.slug}/comments/{feedback.id}/report").status_code == 404


def test_reports_are_rate_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_RATE_LIMIT", "2 per hour")
    point = seeded_point()
    comments = [published(point) for _ in range(3)]
    assert [report(client, point, c).status_code for c in comments] == [200, 200, 429]

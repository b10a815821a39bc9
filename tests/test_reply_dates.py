"""Replies carry their date (in Vietnam time) where citizens read them, and "time to reply" counts
from a comment's first reply, not from a later correction of it."""
from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.queries.transparency import quarter_figures, reply_delays
from app.services import moderation
from tests.admin_factories import insert_feedback_row, make_staff, points, rebuild_aggregates


def test_a_public_reply_shows_its_date_in_vietnam_time(client):
    """A reply sent at 23:30 UTC on 30 November is dated 01/12/2026, on the page and in <time>."""
    point = points(1)[0]
    answered = insert_feedback_row(point, 2, comment="Quầy đóng sớm hơn giờ niêm yết")
    answered.reply_text = "Bưu điện đã nhắc điểm mở cửa đúng giờ."
    answered.replied_at = datetime(2026, 11, 30, 23, 30)
    insert_feedback_row(point, 4, comment="Nhân viên nhiệt tình")  # no reply: no date
    rebuild_aggregates()
    db.session.commit()
    for url in (f"/points/{point.slug}", f"/points/{point.slug}/comments"):
        html = client.get(url).get_data(as_text=True)
        assert ('<strong>Bưu điện trả lời · <time datetime="2026-12-01">01/12/2026</time>:</strong> '
                "Bưu điện đã nhắc điểm mở cửa đúng giờ.") in html, url
        assert html.count("Bưu điện trả lời") == 1


def at(moment: datetime):
    """A CLOCK setting fixed at a UTC moment."""
    return lambda: moment.replace(tzinfo=UTC)


def test_time_to_reply_counts_from_the_first_reply(app):
    """Answered 2 hours after it came, the reply corrected two days later: the delay is 2 hours."""
    received = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(days=3)
    comment = insert_feedback_row(points(1)[0], 1, comment="Chờ rất lâu", created_at=received)
    staff = make_staff("tra.loi@buudien.test", "reviewer")
    for hours, text in ((2, "Xin lỗi, chúng tôi sẽ thêm quầy."), (50, "Đã thêm một quầy giờ cao điểm.")):
        app.config["CLOCK"] = at(received + timedelta(hours=hours))
        moderation.reply(comment, text, staff)
    app.config.pop("CLOCK")
    assert comment.replied_at == received + timedelta(hours=50)  # the reply shows its latest date
    assert reply_delays([comment.quarter]) == {comment.quarter: [2.0]}
    [figures] = [f for f in quarter_figures() if f.quarter == comment.quarter]
    assert figures.median_reply_hours == 2.0

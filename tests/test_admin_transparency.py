"""The public transparency page: per quarter, what citizens sent and what became of it."""
from datetime import timedelta


from app.extensions import db
from app.clock import current_quarter
from app.queries.transparency import quarter_figures
from app.scoring import previous_quarter, quarter_label
from app.clock import utcnow
from tests.admin_factories import insert_feedback_row, points, table_rows

Q = current_quarter()
P = previous_quarter(Q)


def test_figures_per_quarter(app):
    point = points(1)[0]
    now = utcnow()
    insert_feedback_row(point, 4, Q)
    insert_feedback_row(point, 3, Q, comment="Tốt", created_at=now - timedelta(hours=30))
    insert_feedback_row(point, 2, Q, comment="Chậm", created_at=now - timedelta(hours=10))
    insert_feedback_row(point, 1, Q, comment="Link", status="held", hold_reason="link")
    insert_feedback_row(point, 1, Q, comment="Xấu", status="hidden")
    insert_feedback_row(point, 5, P, comment="Cũ")
    synthetic = insert_feedback_row(point, 5, Q)
    synthetic.origin = "synthetic"
    replies = db.session.query(type(synthetic)).filter_by(comment_status="published", quarter=Q).all()
    for feedback in replies:
        feedback.reply_text, feedback.replied_at = "Cảm ơn", now
    db.session.commit()
    figures = {f.quarter: f for f in quarter_figures()}
    this = figures[Q]
    assert (this.ratings, this.comments, this.published) == (5, 4, 2)
    assert (this.held, this.hidden, this.replied) == (1, 1, 2)
    assert this.median_reply_hours == 20.0  # the median of 30 h and 10 h
    assert (figures[P].ratings, figures[P].replied, figures[P].median_reply_hours) == (1, 0, None)


def test_public_page_without_sign_in(client):
    point = points(1)[0]
    insert_feedback_row(point, 4, Q, comment="Ổn")
    db.session.commit()
    response = client.get("/minh-bach")
    assert response.status_code == 200
    rows = table_rows(response.get_data(as_text=True), "transparency")
    assert rows[0][:4] == [quarter_label(Q), "1", "1", "1"] and rows[0][-1] == "–"
    assert 'href="/minh-bach"' in client.get("/").get_data(as_text=True)


def test_public_page_in_english(client):
    page = client.get("/minh-bach?lang=en").get_data(as_text=True)
    assert "How we handle feedback" in page and "Time to reply (median)" in page

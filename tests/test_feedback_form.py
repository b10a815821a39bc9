"""The rating form: CSRF, validation with messages on the fields, storing, htmx, honeypot, QR."""
import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Feedback, FeedbackContact, PointService
from tests.factories import (
    aggregate,
    contact_count,
    csrf_token,
    feedback_count,
    form_data,
    htmx_headers,
    post_feedback,
    seeded_point,
    today,
)



def only_feedback(point) -> Feedback:
    rows = db.session.scalars(select(Feedback).where(Feedback.point_id == point.id)).all()
    assert len(rows) == 1
    return rows[0]


def test_form_lists_the_scales_and_the_points_services(client, app):
    point = seeded_point()
    html = client.get(f"/points/{point.slug}/feedback").get_data(as_text=True)
    assert "<legend>Mức độ hài lòng chung" in html
    for level in ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"):
        assert f"<span>{level}</span>" in html
    assert 'name="overall" required type="radio" value="5"' in html
    assert "Thái độ lịch sự, năng lực chuyên môn, không gây phiền hà" in html  # the staff hint
    offered = db.session.scalars(select(PointService.service_id).where(PointService.point_id == point.id))
    for service_id in offered:
        assert f'<option value="{service_id}">' in html
    assert "91/2025/QH15" in html
    assert 'name="website" tabindex="-1" type="text"' in html.replace('autocomplete="off" ', "")
    assert 'autocomplete="off"' in html and "Để trống ô này" in html


def test_unknown_point_is_404(client):
    assert client.get("/points/khong-co-diem-nay/feedback").status_code == 404


def test_valid_post_stores_counts_and_redirects_303(client, app):
    point = seeded_point()
    response = post_feedback(client, point.slug, overall="2", staff="1", access="3")
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/points/{point.slug}/feedback/thanks")
    stored = only_feedback(point)
    assert (stored.overall, stored.staff, stored.access, stored.procedure) == (2, 1, 3, None)
    assert (stored.channel, stored.origin, stored.comment_status) == ("web", "citizen", "none")
    assert len(stored.client_hash) == 32 and "127.0.0.1" not in stored.client_hash
    assert aggregate(point.id) == (1, 2.0) and aggregate(point.id, "staff") == (1, 1.0)
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Cảm ơn bạn đã đánh giá!" in thanks
    assert "1 đánh giá trong 12 tháng" in thanks


def test_htmx_post_returns_thanks_and_out_of_band_score(client, app):
    point = seeded_point()
    response = post_feedback(client, point.slug, headers=htmx_headers(), overall="5")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and "Cảm ơn bạn đã đánh giá!" in html
    assert '<section id="quality"' in html and 'hx-swap-oob="true"' in html
    assert "1 đánh giá trong 12 tháng" in html
    assert feedback_count(point_id=point.id) == 1


def test_post_without_csrf_token_is_400_and_stores_nothing(client, app):
    point = seeded_point()
    response = client.post(f"/points/{point.slug}/feedback", data=form_data())
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.get_data(as_text=True)
    assert feedback_count() == 0 and aggregate(point.id) == (0, 0.0)


@pytest.mark.parametrize("fields, field_id, message", [
    ({"overall": None}, "overall", "Hãy chọn mức độ hài lòng chung."),
    ({"overall": "7"}, "overall", "Hãy chọn một trong năm mức."),
    ({"staff": "0"}, "staff", "Hãy chọn một trong năm mức."),
    ({"visit_date": (today() + timedelta(days=1)).isoformat()}, "visit_date",
     "Ngày giao dịch không thể ở tương lai."),
    ({"visit_date": (today() - timedelta(days=31)).isoformat()}, "visit_date",
     "Chỉ nhận đánh giá cho giao dịch trong 30 ngày gần đây."),
    ({"visit_date": "27/11/2026"}, "visit_date", "Ngày không hợp lệ."),
    ({"comment": "á" * 1001}, "comment", "Ý kiến dài tối đa 1000 ký tự."),
    ({"contact": "0912345678"}, "consent", "Hãy đánh dấu đồng ý"),
    ({"contact": "gọi tôi nhé", "consent": "y"}, "contact", "Hãy nhập số điện thoại"),
    ({"service": "999999"}, "service", "Hãy chọn một dịch vụ trong danh sách."),
])
def test_invalid_input_shows_the_message_on_the_field_and_stores_nothing(client, app, fields, field_id, message):
    point = seeded_point()
    response = post_feedback(client, point.slug, **fields)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    error_at = html.index(f'id="{field_id}-error"')
    assert message in html[error_at:error_at + 300]
    assert f'href="#{field_id}' in html  # the summary links to the field
    assert feedback_count() == 0 and contact_count() == 0 and aggregate(point.id) == (0, 0.0)


def test_oldest_accepted_visit_date_and_a_service_of_the_point_are_stored(client, app):
    point = seeded_point()
    service_id = db.session.scalars(select(PointService.service_id).where(PointService.point_id == point.id)).first()
    oldest = today() - timedelta(days=app.config["FEEDBACK_MAX_AGE_DAYS"])
    response = post_feedback(client, point.slug, visit_date=oldest.isoformat(), service=str(service_id))
    assert response.status_code == 303
    stored = only_feedback(point)
    assert (stored.visit_date, stored.service_id) == (oldest, service_id)
    assert stored.quarter == oldest.year * 10 + (oldest.month - 1) // 3 + 1


def test_vietnamese_comment_round_trips_in_nfc(client, app):
    point = seeded_point()
    text = "Chị giao dịch viên ở quầy số 2 hướng dẫn rất tận tình, cảm ơn Bưu điện Lạng Sơn!"
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert post_feedback(client, point.slug, comment=decomposed).status_code == 303
    stored = only_feedback(point)
    assert stored.comment == text and stored.comment_status == "published"
    page = client.get(f"/points/{point.slug}/feedback").get_data(as_text=True)
    assert f'<p class="comment-text">{text}</p>' in page


def test_script_in_a_comment_shows_as_text(client, app):
    point = seeded_point()
    comment = '<script>alert("x")</script> phục vụ tốt'
    assert post_feedback(client, point.slug, comment=comment).status_code == 303
    assert only_feedback(point).comment == comment
    page = client.get(f"/points/{point.slug}/feedback").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; phục vụ tốt" in page
    assert '<script>alert("x")' not in page


def test_filled_honeypot_looks_accepted_but_stores_nothing(client, app):
    point = seeded_point()
    response = post_feedback(client, point.slug, website="http://spam.example", comment="mua ngay")
    assert response.status_code == 303
    assert "Cảm ơn bạn đã đánh giá!" in client.get(response.headers["Location"]).get_data(as_text=True)
    htmx = post_feedback(client, point.slug, headers=htmx_headers(), website="x")
    assert htmx.status_code == 200 and "Cảm ơn bạn đã đánh giá!" in htmx.get_data(as_text=True)
    assert feedback_count() == 0 and aggregate(point.id) == (0, 0.0)


def test_qr_arrival_is_recorded_as_channel_qr(client, app):
    point = seeded_point()
    page = client.get(f"/points/{point.slug}/feedback?src=qr").get_data(as_text=True)
    assert 'name="src" type="hidden" value="qr"' in page
    assert post_feedback(client, point.slug, query="?src=qr", src="qr").status_code == 303
    assert only_feedback(point).channel == "qr"


def test_held_comment_still_counts_in_the_score(client, app):
    point = seeded_point()
    response = post_feedback(client, point.slug, overall="1", comment="Xem thêm tại www.quangcao.example.com")
    assert response.status_code == 303 and "comment=held" in response.headers["Location"]
    stored = only_feedback(point)
    assert stored.comment_status == "held" and "link" in stored.hold_reason
    assert aggregate(point.id) == (1, 1.0)
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ý kiến của bạn đang chờ kiểm duyệt trước khi công bố" in thanks
    assert "quangcao" not in thanks


def test_contact_is_stored_apart_with_its_erase_date(client, app):
    point = seeded_point()
    response = post_feedback(client, point.slug, contact="ban.doc@example.vn", consent="y")
    assert response.status_code == 303
    stored = only_feedback(point)
    contact = db.session.get(FeedbackContact, stored.id)
    assert contact.contact == "ban.doc@example.vn"
    assert contact.erase_after == today() + timedelta(days=app.config["CONTACT_RETENTION_DAYS"])
    assert "ban.doc" not in (stored.comment or "")


def test_form_in_english(client, app):
    point = seeded_point()
    html = client.get(f"/points/{point.slug}/feedback?lang=en").get_data(as_text=True)
    assert "Very satisfied" in html and "Overall satisfaction" in html and "Send rating" in html
    url = f"/points/{point.slug}/feedback?lang=en"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), **form_data(overall=None)})
    assert "Choose your overall satisfaction." in response.get_data(as_text=True)

"""The privacy notice and the requests made with a rating's reference code: the notice's sections
in both languages and its links, codes, requests with deadlines in working days across holidays,
erasure from the database, pages, API, CSV and scores, refusals, and the staff queue's rights."""
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.holiday_calendar import calendar
from app.models import AuditLog, Feedback, FeedbackContact, PrivacyRequest
from app.services import reference_codes
from app.working_days import add_working_days
from tests.factories import aggregate, csrf_from, post_feedback, seeded_point

NOTICE_SECTIONS = {
    "vi": ["Ai giữ dữ liệu", "Để làm gì", "Dữ liệu nào và giữ bao lâu", "Căn cứ xử lý và sự đồng ý",
           "Quyền của bạn", "Gửi yêu cầu", "Xem tình trạng yêu cầu"],
    "en": ["Who keeps the data", "What for", "Which data, and for how long", "Legal basis and consent",
           "Your rights", "Make a request", "See a request's status"],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_notice_has_its_sections_in_both_languages(client, lang):
    html = client.get(f"/quyen-rieng-tu?lang={lang}").get_data(as_text=True)
    assert re.findall(r"<h2 id=\"[a-z-]+\">([^<]+)</h2>", html) == NOTICE_SECTIONS[lang]
    assert "91/2025/QH15" in html and "33 Đường Lê Lợi" in html and "0205 3870 047" in html


@pytest.mark.parametrize("path", ["/", "/points", "/minh-bach", "/api/docs"])
def test_every_page_links_the_notice(client, path):
    assert 'href="/quyen-rieng-tu"' in client.get(path).get_data(as_text=True)


def test_the_feedback_form_links_the_notice_beside_the_contact_field(client):
    point = seeded_point()
    html = client.get(f"/points/{point.slug}/feedback").get_data(as_text=True)
    contact_group = html.split('<fieldset class="contact-group">')[1].split("</fieldset>")[0]
    assert 'href="/quyen-rieng-tu"' in contact_group


def test_codes_are_short_unguessable_and_forgiving():
    codes = {reference_codes.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        assert re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", code)
        assert reference_codes.normalize(code.lower().replace("-", " ")) == code.replace("-", "")
    assert reference_codes.normalize("7KQ4-M2XD-9PH") is None  # too short
    assert reference_codes.normalize("7KQ4-M2XD-9PHO") is None  # O is not in the alphabet


def test_working_days_skip_weekends_and_holidays():
    holidays = calendar((2026, 2027))
    # Received Thursday 4 February 2027; Tết holidays run 4–10 February, then a weekend…
    assert add_working_days(date(2027, 2, 4), 2, holidays) == date(2027, 2, 12)
    # Friday 28 August 2026: the weekend, the swap day 31/8 and National Day 1–2/9 are skipped.
    assert add_working_days(date(2026, 8, 28), 2, holidays) == date(2026, 9, 4)
    assert add_working_days(date(2026, 12, 7), 10, holidays) == date(2026, 12, 21)  # an ordinary fortnight


def rate(client, point, **fields) -> str:
    """Rate a point as a citizen; the reference code the thank-you page shows."""
    response = post_feedback(client, point.slug, **fields)
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.search(r'id="reference-code"[^>]*>([^<]+)<', thanks).group(1)


def ask(client, code: str, kind: str, details: str = ""):
    page = client.get("/quyen-rieng-tu").get_data(as_text=True)
    return client.post("/quyen-rieng-tu/yeu-cau", data={"req-csrf_token": csrf_from(page), "req-code": code,
                                                         "req-kind": kind, "req-details": details})


def test_the_thanks_shows_the_code_once_and_only_its_hash_is_kept(client):
    point = seeded_point()
    code = rate(client, point)
    stored = db.session.scalar(select(Feedback).order_by(Feedback.id.desc()))
    assert stored.reference_hash == reference_codes.reference_hash(code) and code not in stored.reference_hash
    again = client.get(f"/points/{point.slug}/feedback/thanks").get_data(as_text=True)
    assert code not in again


def test_a_request_gets_its_deadlines_and_shows_its_status(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2027, 2, 4, 2, 0, tzinfo=UTC))
    code = rate(client, seeded_point(), comment="Phục vụ tốt.")
    response = ask(client, code.lower().replace("-", ""), "erase_comment")
    assert response.status_code == 200
    request = db.session.scalar(select(PrivacyRequest))
    assert (request.kind, request.status) == ("erase_comment", "received")
    # Received on Thursday 4 February 2027, the first day of Tết: the count starts on the 11th.
    assert request.reply_due == date(2027, 2, 12) and request.complete_due == date(2027, 2, 24)
    html = response.get_data(as_text=True)
    assert "Đã tiếp nhận, đang xử lý" in html and "12/02/2027" in html and "24/02/2027" in html
    assert response.headers["Cache-Control"].startswith("no-store") or "no-store" in response.headers["Cache-Control"]


def test_an_unknown_code_is_refused_and_nothing_is_recorded(client):
    response = ask(client, "2345-6789-ABCD", "erase_rating")
    assert response.status_code == 404 and "Không có đánh giá nào với mã này" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(PrivacyRequest)) == 0
    assert ask(client, "not a code", "erase_rating").status_code == 400


def queue_form(admin_client) -> str:
    return csrf_from(admin_client.get("/admin/privacy").get_data(as_text=True))


def test_erasing_a_rating_removes_it_everywhere(client, admin_client):
    point = seeded_point()
    before = aggregate(point.id)
    code = rate(client, point, overall="1", comment="Rất chậm, chờ lâu.", contact="0912 345 678", consent="y")
    assert aggregate(point.id)[0] == before[0] + 1
    assert ask(client, code, "erase_rating").status_code == 200
    request_id = db.session.scalar(select(PrivacyRequest.id))
    response = admin_client.post(f"/admin/privacy/{request_id}/carry-out", data={"csrf_token": queue_form(admin_client)})
    assert response.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Feedback).where(
        Feedback.reference_hash == reference_codes.reference_hash(code))) == 0
    assert db.session.scalar(select(func.count()).select_from(FeedbackContact)) == 0
    assert aggregate(point.id) == before
    assert "Rất chậm, chờ lâu." not in client.get(f"/points/{point.slug}").get_data(as_text=True)
    detail = client.get(f"/api/points/{point.slug}").json
    assert detail["scores"]["overall"]["ratings"] == before[0]
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.target_type == "privacy_requests")
                             .order_by(AuditLog.id.desc())) == "privacy_done"
    status = client.post("/quyen-rieng-tu/tinh-trang", data={
        "st-csrf_token": csrf_from(client.get("/quyen-rieng-tu").get_data(as_text=True)), "st-code": code})
    assert status.status_code == 200 and 'data-status="done"' in status.get_data(as_text=True)


def test_withdrawing_consent_keeps_the_anonymous_rating(client, admin_client):
    point = seeded_point()
    code = rate(client, point, comment="Nhân viên nhiệt tình.", contact="0912 345 678", consent="y")
    ask(client, code, "withdraw_consent")
    request_id = db.session.scalar(select(PrivacyRequest.id))
    admin_client.post(f"/admin/privacy/{request_id}/carry-out", data={"csrf_token": queue_form(admin_client)})
    feedback = db.session.scalar(select(Feedback).where(Feedback.reference_hash == reference_codes.reference_hash(code)))
    assert feedback is not None and feedback.comment is None and feedback.comment_status == "none"
    assert feedback.contact is None


def test_a_refusal_needs_a_reason_the_rater_then_reads(client, admin_client):
    code = rate(client, seeded_point(), comment="Ổn.")
    ask(client, code, "correct", details="Tôi ghi nhầm ngày.")
    request_id = db.session.scalar(select(PrivacyRequest.id))
    admin_client.post(f"/admin/privacy/{request_id}/refuse", data={"csrf_token": queue_form(admin_client)})
    assert db.session.get(PrivacyRequest, request_id).status == "received"  # no reason: nothing done
    admin_client.post(f"/admin/privacy/{request_id}/refuse", data={"csrf_token": queue_form(admin_client),
                                                                    "outcome": "Ngày giao dịch không sửa được."})
    assert db.session.get(PrivacyRequest, request_id).status == "refused"
    status = client.post("/quyen-rieng-tu/tinh-trang", data={
        "st-csrf_token": csrf_from(client.get("/quyen-rieng-tu").get_data(as_text=True)), "st-code": code})
    assert "Từ chối: Ngày giao dịch không sửa được." in status.get_data(as_text=True)


def test_reviewers_cannot_open_the_queue(client, reviewer_client):
    assert reviewer_client.get("/admin/privacy").status_code == 403


def test_overdue_requests_are_flagged(app, client, admin_client, monkeypatch):
    ask(client, rate(client, seeded_point()), "erase_rating")  # today: not late
    assert "Quá hạn" not in admin_client.get("/admin/privacy").get_data(as_text=True)
    with monkeypatch.context() as earlier:  # a request received on 2 November 2026 is late by now
        earlier.setitem(app.config, "CLOCK", lambda: datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
        ask(client, rate(client, seeded_point(1)), "erase_rating")
    page = admin_client.get("/admin/privacy").get_data(as_text=True)
    assert page.count("Quá hạn thực hiện") == 1


def test_the_daily_chore_fails_while_a_request_is_late(app, client, runner, monkeypatch):
    assert runner.invoke(args=["privacy-deadlines"]).exit_code == 0
    with monkeypatch.context() as earlier:
        earlier.setitem(app.config, "CLOCK", lambda: datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
        ask(client, rate(client, seeded_point()), "erase_contact")
    result = runner.invoke(args=["privacy-deadlines"])
    assert result.exit_code == 1 and "past their deadline: 1" in result.output

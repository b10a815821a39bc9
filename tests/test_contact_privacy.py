"""Raters' contacts in the staff area (Law 91/2025/QH15): administrators only (`view_contacts`),
every view in the audit log, erased once the rater is answered (with the public reply, or by the
staff's "Đã liên hệ xong" action), and the form says exactly that.

Acceptance: a planted contact appears on no staff page a reviewer can open (every staff GET route
of the URL map, the planted point's page under each moderation filter, and their htmx fragments)
and on the administrator's point page; each view is in the audit log."""
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AdminUser, AuditLog, Feedback, FeedbackContact, Point
from app.models.feedback import COMMENT_STATUSES
from app.services.audit import record
from tests.admin_factories import csrf_token, insert_feedback_row
from tests.url_map import GET_RULES, STAFF_RULES, sample_url

# Every GET route of the staff area: the URL map's staff rules and the registry import's pages.
SWEPT_RULES = STAFF_RULES + [r for r in GET_RULES if r.rule.startswith("/admin")
                             and r.endpoint.startswith("registry_admin.")]
CONTACTS = {"held": "0912 000 777", "published": "lien-he-bi-mat@example.vn",
            "none": "lien-he-bi-mat-2@example.vn"}
# What would give a contact away, however a page wrote it.
GIVEAWAYS = ("0912 000 777", "0912000777", "lien-he-bi-mat", "lien-he-bi-mat-2")
PLACEHOLDER = "Có liên hệ riêng (chỉ quản trị viên xem được)"
FRAGMENT = {"HX-Request": "true", "HX-Target": "feedback-list"}
SCHEDULED = Path(__file__).resolve().parent.parent / "deploy" / "scheduled.sh"


@pytest.fixture
def planted(app) -> dict[str, Feedback]:
    """On the point the URL map's samples use: a held comment, a published one and a rating without
    comment, each with a contact, by comment status."""
    point = db.session.scalar(select(Point).order_by(Point.id).limit(1))
    rows = {
        "held": insert_feedback_row(point, 1, comment="Gọi cho tôi nhé", status="held", hold_reason="phone",
                                    contact=CONTACTS["held"]),
        "published": insert_feedback_row(point, 2, comment="Phải chờ rất lâu", contact=CONTACTS["published"]),
        "none": insert_feedback_row(point, 3, contact=CONTACTS["none"]),
    }
    db.session.commit()
    return rows


def gives_away(text: str) -> list[str]:
    """The pieces of a planted contact found in a response."""
    return [piece for piece in GIVEAWAYS if piece in text]


def staff_urls(point: Point) -> list[tuple[str, dict]]:
    """Every staff GET URL with the URL map's sample values, the point's page under each moderation
    filter, and the htmx fragment of each: (url, headers)."""
    urls = [sample_url(rule) for rule in SWEPT_RULES]
    page = f"/admin/points/{point.slug}"
    urls += [page, f"{page}?page=1"] + [f"{page}?status={status}" for status in COMMENT_STATUSES]
    return [(url, headers) for url in sorted(set(urls)) for headers in ({}, FRAGMENT)]


def view_entries(feedback_id: int | None = None) -> list[AuditLog]:
    """The audit log's view_contact entries (of one rating)."""
    stmt = select(AuditLog).where(AuditLog.action == "view_contact").order_by(AuditLog.id)
    if feedback_id is not None:
        stmt = stmt.where(AuditLog.target_type == "feedback", AuditLog.target_id == str(feedback_id))
    return list(db.session.scalars(stmt))


def erase_entries(feedback_id: int) -> list[AuditLog]:
    """The audit log's erase_contact entries of one rating."""
    return list(db.session.scalars(select(AuditLog).where(
        AuditLog.action == "erase_contact", AuditLog.target_id == str(feedback_id)).order_by(AuditLog.id)))


def staff_user(email: str) -> AdminUser:
    return db.session.scalar(select(AdminUser).where(AdminUser.email == email))


def contact_of(feedback: Feedback) -> FeedbackContact | None:
    """The stored contact row, read again from the database."""
    db.session.expire_all()
    return db.session.get(FeedbackContact, feedback.id)


def test_a_reviewer_sees_no_contact_on_any_staff_page(reviewer_client, planted):
    point = planted["held"].point
    answered = []
    for url, headers in staff_urls(point):
        with reviewer_client.get(url, headers=headers, follow_redirects=True) as response:
            body = response.get_data().decode("utf-8", "replace")
            assert response.status_code < 500, f"{url} {headers}: {response.status_code}"
            assert gives_away(body) == [], f"{url} {headers} shows a contact to a reviewer"
            assert gives_away(str(response.headers)) == [], f"{url} {headers} sends a contact in a header"
            answered += [url] if response.status_code == 200 else []
    assert f"/admin/points/{point.slug}" in answered and "/admin/moderation" in answered
    assert len(answered) >= len(STAFF_RULES)  # the walk read real pages, not refusals
    assert view_entries() == []  # nothing was shown, so nothing was logged as seen


def test_a_reviewer_is_told_a_contact_exists(reviewer_client, planted):
    page = reviewer_client.get(f"/admin/points/{planted['held'].point.slug}").get_data(as_text=True)
    assert page.count(PLACEHOLDER) == 3 and "Liên hệ riêng (không công khai)" not in page
    assert "/contact/erase" not in page  # nor offered the erase action
    queue = reviewer_client.get("/admin/moderation").get_data(as_text=True)
    assert queue.count(PLACEHOLDER) == 1


def test_the_administrator_reads_contacts_on_the_point_page_each_view_audited(admin_client, planted):
    admin = staff_user("admin@buudien.test")
    url = f"/admin/points/{planted['held'].point.slug}"
    for views in (1, 2):
        page = admin_client.get(url).get_data(as_text=True)
        assert all(contact in page for contact in CONTACTS.values()) and PLACEHOLDER not in page
        for feedback in planted.values():
            entries = view_entries(feedback.id)
            assert len(entries) == views, f"view {views} of feedback {feedback.id}"
            assert (entries[-1].user_id, entries[-1].actor) == (admin.id, admin.email)
            assert entries[-1].before is None and entries[-1].after is None  # never the value
    fragment = admin_client.get(f"{url}?status=held", headers=FRAGMENT).get_data(as_text=True)
    assert "<html" not in fragment and CONTACTS["held"] in fragment
    assert CONTACTS["published"] not in fragment
    assert len(view_entries(planted["held"].id)) == 3 and len(view_entries(planted["published"].id)) == 2


def test_the_moderation_queue_audits_the_contact_it_shows(admin_client, planted):
    queue = admin_client.get("/admin/moderation").get_data(as_text=True)
    assert CONTACTS["held"] in queue and CONTACTS["published"] not in queue
    assert [e.target_id for e in view_entries()] == [str(planted["held"].id)]


def test_no_other_staff_page_shows_a_contact_even_to_the_administrator(admin_client, planted):
    """The contact is on the point page and the moderation queue only: never in a CSV, the map's
    script, the audit log (its entries name the rating, not the contact), the accounts or imports."""
    admin_client.get(f"/admin/points/{planted['held'].point.slug}")  # fills the audit log with views
    shown_on = {f"/admin/points/{planted['held'].point.slug}", "/admin/moderation"}
    for url, headers in staff_urls(planted["held"].point):
        if url.split("?")[0] in shown_on:
            continue
        with admin_client.get(url, headers=headers, follow_redirects=True) as response:
            assert gives_away(response.get_data().decode("utf-8", "replace")) == [], f"{url} {headers}"
    audit = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Xem liên hệ riêng của người đánh giá" in audit and gives_away(audit) == []


def test_the_audit_log_never_keeps_a_contact_value(app, planted):
    entry = record("cli", "erase_contact", ("feedback", planted["held"].id),
                   {"contact": CONTACTS["held"]}, {"contact": None, "reason": "replied"})
    assert entry.before is None and json.loads(entry.after) == {"reason": "replied"}


def test_the_public_reply_erases_the_contact_in_the_same_commit(admin_client, planted):
    target = planted["published"]
    url = f"/admin/points/{target.point.slug}"
    page = admin_client.get(url).get_data(as_text=True)
    assert "Lưu trả lời sẽ xóa liên hệ riêng của người đánh giá." in page  # said before
    response = admin_client.post(f"/admin/feedback/{target.id}/reply", data={
        "csrf_token": csrf_token(admin_client), "reply": "Bưu điện đã gọi lại cho bạn.", "next": url})
    assert response.status_code == 303 and response.headers["Location"] == f"{url}#fb-{target.id}"
    assert contact_of(target) is None and db.session.get(Feedback, target.id).reply_text
    [erased] = erase_entries(target.id)
    assert erased.actor == "admin@buudien.test" and json.loads(erased.after) == {"reason": "replied"}
    page = admin_client.get(url).get_data(as_text=True)
    assert "Đã xóa liên hệ riêng của người đánh giá vì đã trả lời." in page  # and said after
    assert CONTACTS["published"] not in page
    assert contact_of(planted["held"]) is not None and contact_of(planted["none"]) is not None


def test_a_reviewers_reply_erases_the_contact_too(reviewer_client, planted):
    target = planted["published"]
    response = reviewer_client.post(f"/admin/feedback/{target.id}/reply", data={
        "csrf_token": csrf_token(reviewer_client), "reply": "Cảm ơn bạn đã góp ý."})
    assert response.status_code == 303 and contact_of(target) is None
    assert erase_entries(target.id)[0].actor == "reviewer@buudien.test"


def test_a_refused_reply_keeps_the_contact(admin_client, planted):
    target = planted["published"]
    response = admin_client.post(f"/admin/feedback/{target.id}/reply",
                                 data={"csrf_token": csrf_token(admin_client), "reply": "   "})
    assert response.status_code == 303
    assert contact_of(target).contact == CONTACTS["published"] and erase_entries(target.id) == []


def test_with_erase_after_reply_off_the_reply_keeps_the_contact(app, admin_client, planted, monkeypatch):
    monkeypatch.setitem(app.config, "CONTACT_ERASE_AFTER_REPLY", False)
    target = planted["published"]
    page = admin_client.get(f"/admin/points/{target.point.slug}").get_data(as_text=True)
    assert "Lưu trả lời sẽ xóa liên hệ" not in page
    response = admin_client.post(f"/admin/feedback/{target.id}/reply",
                                 data={"csrf_token": csrf_token(admin_client), "reply": "Đã ghi nhận."})
    assert response.status_code == 303
    assert contact_of(target).contact == CONTACTS["published"] and erase_entries(target.id) == []
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu câu trả lời công khai." in page and "vì đã trả lời" not in page


def test_contacted_erases_the_contact(admin_client, planted):
    target = planted["none"]  # a rating without comment: no public reply is possible
    url = f"/admin/points/{target.point.slug}?status=none"
    page = admin_client.get(url).get_data(as_text=True)
    assert f"/admin/feedback/{target.id}/contact/erase" in page and "Đã liên hệ xong – xóa liên hệ" in page
    response = admin_client.post(f"/admin/feedback/{target.id}/contact/erase",
                                 data={"csrf_token": csrf_token(admin_client), "next": url})
    assert response.status_code == 303 and response.headers["Location"] == f"{url}#fb-{target.id}"  # back at the item
    assert contact_of(target) is None and db.session.get(Feedback, target.id) is not None
    [erased] = erase_entries(target.id)
    assert json.loads(erased.after) == {"reason": "contacted"} and erased.user_id is not None
    assert "Đã xóa liên hệ riêng của người đánh giá." in admin_client.get(url).get_data(as_text=True)
    again = admin_client.post(f"/admin/feedback/{target.id}/contact/erase",
                              data={"csrf_token": csrf_token(admin_client)})
    assert again.status_code == 303 and len(erase_entries(target.id)) == 1


def test_the_erase_action_needs_the_csrf_token(admin_client, planted):
    response = admin_client.post(f"/admin/feedback/{planted['none'].id}/contact/erase")
    assert response.status_code == 400 and contact_of(planted["none"]) is not None


def test_a_reviewer_cannot_erase_a_contact(reviewer_client, planted):
    target = planted["none"]
    response = reviewer_client.post(f"/admin/feedback/{target.id}/contact/erase",
                                    data={"csrf_token": csrf_token(reviewer_client)})
    assert response.status_code == 403
    assert contact_of(target).contact == CONTACTS["none"] and erase_entries(target.id) == []


def test_an_unknown_feedback_is_404(admin_client):
    response = admin_client.post("/admin/feedback/999999/contact/erase",
                                 data={"csrf_token": csrf_token(admin_client)})
    assert response.status_code == 404


@pytest.mark.parametrize("erase_after_reply, promise", [
    (True, "Chỉ quản trị viên của Bưu điện tỉnh Lạng Sơn xem được liên hệ này để trả lời bạn; "
           "liên hệ được xóa khi đã trả lời, hoặc sau 365 ngày."),
    (False, "Chỉ quản trị viên của Bưu điện tỉnh Lạng Sơn xem được liên hệ này để trả lời bạn; "
            "liên hệ được xóa sau 365 ngày."),
])
def test_the_form_says_who_reads_the_contact_and_for_how_long(app, client, monkeypatch, erase_after_reply,
                                                             promise):
    monkeypatch.setitem(app.config, "CONTACT_ERASE_AFTER_REPLY", erase_after_reply)
    monkeypatch.setitem(app.config, "CONTACT_RETENTION_DAYS", 365)
    slug = db.session.scalar(select(Point.slug).where(Point.is_active.is_(True)).order_by(Point.id).limit(1))
    html = client.get(f"/points/{slug}/feedback").get_data(as_text=True)
    assert f'<p class="hint" id="contact-hint">{promise}</p>' in html
    assert 'aria-describedby="contact-hint"' in html
    assert "cán bộ quản trị" not in html  # the old, looser wording


def test_the_retention_job_is_a_scheduled_chore():
    commands = [line for line in SCHEDULED.read_text().splitlines() if line and not line.startswith("#")]
    assert any(line.split()[-1] == "erase-expired-contacts" for line in commands)


def test_with_htmx_the_erased_contact_swaps_its_item_in_place(admin_client, planted):
    target = planted["none"]
    url = f"/admin/points/{target.point.slug}?status=none"
    response = admin_client.post(f"/admin/feedback/{target.id}/contact/erase",
                                 data={"csrf_token": csrf_token(admin_client), "next": url},
                                 headers={"HX-Request": "true", "HX-Target": f"fb-{target.id}"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith(f'<article class="feedback-item')
    assert f'id="fb-{target.id}"' in html and "Đã xóa liên hệ riêng của người đánh giá." in html
    assert CONTACTS["none"] not in html and "/contact/erase" not in html
    assert contact_of(target) is None and len(erase_entries(target.id)) == 1

"""The audit log (acceptance 3): every staff write is recorded with who, when, what, before and
after (changed fields only, never a secret), and staff administrators can read it."""
import json

from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog
from app.admin.params import quarter_arg
from app.clock import current_quarter
from app.services.audit import changed_fields, record
from tests.admin_factories import (insert_feedback_row, csrf_token, login, points, rebuild_aggregates, signed_in,
                                   table_rows)


def test_changed_fields_keep_only_changes_and_no_secret():
    before = {"role": "reviewer", "active": True, "password_hash": "$argon2id$x", "token": "t"}
    after = {"role": "admin", "active": True, "password_hash": "$argon2id$y", "token": "u"}
    assert changed_fields(before, after) == ({"role": "reviewer"}, {"role": "admin"})
    assert changed_fields(None, {"email": "a@b", "password": "p"}) == (None, {"email": "a@b"})
    assert changed_fields({"a": 1}, {"a": 1}) == (None, None)


def test_record_names_the_target_and_serialises_dates(app):
    point = points(1)[0]
    entry = record("cli", "touch", point, {"updated_at": None}, {"updated_at": point.created_at})
    db.session.flush()
    assert (entry.actor, entry.target_type, entry.target_id) == ("cli", "points", str(point.id))
    assert json.loads(entry.after) == {"updated_at": point.created_at.isoformat()}


def test_every_staff_write_is_in_the_log(client):
    point = points(1)[0]
    first = insert_feedback_row(point, 2, comment="Một", status="held", hold_reason="link")
    second = insert_feedback_row(point, 3, comment="Hai")
    rebuild_aggregates()
    login(client, "nobody@buudien.test", "wrong password here")
    staff = signed_in(client, "admin")
    token = csrf_token(staff)
    staff.post(f"/admin/feedback/{first.id}/publish", data={"csrf_token": token})
    staff.post(f"/admin/feedback/{first.id}/hide", data={"csrf_token": token, "reason": "Sai sự thật"})
    staff.post(f"/admin/feedback/{second.id}/reply", data={"csrf_token": token, "reply": "Cảm ơn anh/chị"})
    staff.post(f"/admin/points/{point.slug}/assessment", data={"csrf_token": token, "delivery": "80",
                                                                "quarter": quarter_arg(current_quarter())})
    staff.post("/admin/users", data={"csrf_token": token, "email": "new@buudien.test", "role": "reviewer",
                                     "password": "a long enough password"})
    new_user = db.session.scalar(select(AuditLog).where(AuditLog.action == "create_user",
                                                        AuditLog.actor == "admin@buudien.test"))
    staff.post(f"/admin/users/{new_user.target_id}",
               data={"csrf_token": token, "role": "admin", "active": "y"})
    staff.post("/admin/logout", data={"csrf_token": token})
    actions = list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert actions == ["login_failed", "create_user", "login", "publish_comment", "hide_comment",
                       "reply_comment", "save_assessment", "create_user", "update_user", "logout"]
    by_staff = db.session.scalars(
        select(AuditLog).where(AuditLog.action.not_in(["login_failed", "create_user"])))
    assert {entry.actor for entry in by_staff} == {"admin@buudien.test"}


def test_audit_page_shows_before_and_after(admin_client):
    point = points(1)[0]
    feedback = insert_feedback_row(point, 2, comment="Ba")
    rebuild_aggregates()
    admin_client.post(f"/admin/feedback/{feedback.id}/hide",
               data={"csrf_token": csrf_token(admin_client), "reason": "Xúc phạm"})
    html = admin_client.get("/admin/audit").get_data(as_text=True)
    rows = table_rows(html, "audit")
    assert rows[0][1:4] == ["admin@buudien.test", "Ẩn ý kiến (đã công bố → đã ẩn)", f"Đánh giá: {point.name}"]
    assert "Trạng thái ý kiến" not in rows[0][4] and "Lý do ẩn: ∅ → Xúc phạm" in rows[0][4]
    only_logins = table_rows(admin_client.get("/admin/audit?action=login").get_data(as_text=True), "audit")
    assert [row[2] for row in only_logins] == ["Đăng nhập"]


def test_reviewers_cannot_read_the_log(reviewer_client):
    assert reviewer_client.get("/admin/audit").status_code == 403

"""Staff accounts managed by administrators: create, change role, deactivate, lift a lockout."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import SignInFailure
from app.services.accounts import find_user, verify_password
from app.clock import utcnow
from tests.admin_factories import csrf_token, make_staff, signed_in, table_rows


def test_admin_creates_a_reviewer(admin_client):
    form = {"csrf_token": csrf_token(admin_client), "email": " Rev@BuuDien.test ", "role": "reviewer",
            "password": "a long enough password"}
    response = admin_client.post("/admin/users", data=form)
    assert response.status_code == 303
    user = find_user("rev@buudien.test")
    assert user.role == "reviewer" and verify_password(user.password_hash, "a long enough password")
    rows = table_rows(admin_client.get("/admin/users").get_data(as_text=True))
    assert [row[0] for row in rows] == ["admin@buudien.test", "rev@buudien.test"]


@pytest.mark.parametrize("email, password, message", [
    ("admin@buudien.test", "a long enough password", "Đã có tài khoản admin@buudien.test."),
    ("short@buudien.test", "short", "Mật khẩu cần ít nhất 12 ký tự."),
    ("no-at-sign", "a long enough password", "Địa chỉ e-mail không hợp lệ."),
    ("common@buudien.test", "123qweasdzxc", "Mật khẩu này quá dễ đoán"),
    ("site@buudien.test", "buudienlangson", "Mật khẩu này quá dễ đoán"),
])
def test_bad_accounts_are_refused(admin_client, email, password, message):
    response = admin_client.post("/admin/users", data={"csrf_token": csrf_token(admin_client), "email": email,
                                                "role": "reviewer", "password": password})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert email == "admin@buudien.test" or find_user(email) is None


def test_role_activity_and_lockout_are_changed(admin_client):
    other = make_staff("rev@buudien.test", "reviewer")
    for minutes in range(6):  # six failures from one network: that network waits
        db.session.add(SignInFailure(email=other.email, network="n1", at=utcnow() - timedelta(minutes=minutes)))
    db.session.commit()
    assert "<td>1</td>" in admin_client.get("/admin/users").get_data(as_text=True)
    version = other.session_version
    response = admin_client.post(f"/admin/users/{other.id}", data={"csrf_token": csrf_token(admin_client), "role": "admin",
                                                            "unlock": "y"})
    assert response.status_code == 303
    db.session.refresh(other)
    assert (other.role, other.active) == ("admin", False)
    assert other.session_version > version  # the old rights' sessions end
    assert db.session.scalar(select(func.count()).select_from(SignInFailure)) == 0


def test_an_admin_cannot_demote_or_deactivate_themselves(admin_client):
    me = find_user("admin@buudien.test")
    response = admin_client.post(f"/admin/users/{me.id}", data={"csrf_token": csrf_token(admin_client), "role": "reviewer",
                                                         "active": "y"})
    assert response.status_code == 303
    db.session.refresh(me)
    assert me.role == "admin" and me.active
    assert "Không thể tự hạ quyền" in admin_client.get("/admin/users").get_data(as_text=True)

"""The admin upload page: staff with the import permission only, upload → preview of every change
and every error → confirm (CSRF, the file kept server-side), audit log, the label ends."""
import io
import json
import os
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AdminUser, AuditLog, ImportRun, Point
from tests.admin_factories import signed_in
from tests.factories import csrf_token
from tests.import_files import csv_bytes, good_rows
from tests.test_import_command import bad_rows, table_snapshot


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):
    """Uploads go to a temporary folder."""
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_DIR", str(tmp_path))
    return tmp_path


def log_in(client, role: str = "admin", email: str | None = None) -> AdminUser:
    """A new member of staff, signed in on the client through the sign-in form."""
    email = email or f"{role}@buudien-langson.vn"
    signed_in(client, role, email)
    return db.session.scalar(select(AdminUser).where(AdminUser.email == email))


def upload(client, data: bytes, filename: str = "danh-sach.csv", deactivate_missing: bool = False):
    form = {"csrf_token": csrf_token(client, "/admin/import/"), "file": (io.BytesIO(data), filename)}
    if deactivate_missing:
        form["deactivate_missing"] = "y"
    return client.post("/admin/import/", data=form, content_type="multipart/form-data")


def test_anonymous_and_reviewers_are_kept_out(app, client, uploads):
    for path in ("/admin/import/", "/admin/import/template.csv", "/admin/import/" + "a" * 32,
                 "/admin/import/runs/1"):
        assert client.get(path).status_code == 302, path
    assert client.post("/admin/import/").status_code in (302, 400)
    log_in(client, "reviewer")
    for path in ("/admin/import/", "/admin/import/template.csv", "/admin/import/runs/1"):
        assert client.get(path).status_code == 403, path


def test_every_view_asks_for_the_import_permission(app):
    views = [rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("registry_admin.")]
    assert len(views) == 6
    for endpoint in views:
        assert app.view_functions[endpoint].required_permission == "import", endpoint


def test_upload_page_lists_the_columns_and_has_a_protected_form(client, uploads):
    log_in(client)
    page = client.get("/admin/import/").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
    assert "<code>unit</code> *" in page and "<code>former_commune</code>" in page
    assert "Chưa nhập lần nào" in page


def test_a_bad_file_shows_every_error_and_writes_nothing(client, uploads):
    log_in(client)
    before = table_snapshot()
    response = upload(client, csv_bytes(bad_rows()))
    assert response.status_code == 303
    preview = client.get(response.headers["Location"])
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Tệp có 8 lỗi: chưa nhập gì." in page
    assert "Xã Bính Xá (cũ) đã được chia cho Xã Đình Lập và Xã Kiên Mộc" in page
    assert "<td>7</td><td><code>code</code></td><td>mã điểm trùng với dòng 4</td>" in page
    assert "Nhập vào danh bạ" not in page  # no confirm button
    assert {k: v for k, v in table_snapshot().items() if k != "admin_users"} == \
        {k: v for k, v in before.items() if k != "admin_users"}


def test_preview_then_confirm_imports_and_audits(app, client, uploads):
    user = log_in(client)
    response = upload(client, csv_bytes(good_rows()), deactivate_missing=True)
    preview_url = response.headers["Location"]
    token = preview_url.rsplit("/", 1)[1]
    assert os.path.exists(uploads / f"{token}.data")
    before = table_snapshot()
    page = client.get(preview_url).get_data(as_text=True)
    assert table_snapshot() == before  # the preview writes nothing
    assert "<dt>Thêm mới</dt><dd>4</dd>" in page and "<dt>Ngừng hoạt động</dt><dd>234</dd>" in page
    assert "VHX-HOANG-DONG" in page and "Dữ liệu minh họa" in page
    token_field = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    done = client.post(preview_url, data={"csrf_token": token_field, "deactivated_count": "234"})
    assert done.status_code == 303
    result = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Đã nhập danh sách điểm." in result and "Dữ liệu minh họa" not in result
    assert db.session.scalar(select(func.count()).select_from(Point).where(Point.is_active.is_(True))) == 4
    run = db.session.scalar(select(ImportRun))
    assert (run.actor, run.filename, run.created, run.deactivated) == (user.email, "danh-sach.csv", 4, 234)
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "import_points"))
    assert (audit.actor, audit.user_id, audit.target_type, audit.target_id) == (
        user.email, user.id, "import_run", str(run.id))
    assert json.loads(audit.after)["deactivated"] == 234
    assert not os.path.exists(uploads / f"{token}.data")
    assert client.get(preview_url).status_code == 404  # the upload is used up


def test_confirm_needs_the_csrf_token(client, uploads):
    log_in(client)
    preview_url = upload(client, csv_bytes(good_rows())).headers["Location"]
    before = table_snapshot()
    assert client.post(preview_url, data={}).status_code == 400
    assert table_snapshot() == before


def test_confirm_reads_the_server_copy_not_the_browser(client, uploads):
    log_in(client)
    preview_url = upload(client, csv_bytes(good_rows()[1:3])).headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    token_field = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    sneaked = {"csrf_token": token_field, "file": (io.BytesIO(csv_bytes(good_rows())), "other.csv"),
               "deactivate_missing": "y"}
    assert client.post(preview_url, data=sneaked, content_type="multipart/form-data").status_code == 303
    run = db.session.scalar(select(ImportRun))
    assert (run.filename, run.created, run.deactivated) == ("danh-sach.csv", 2, 0)


def test_tokens_belong_to_who_uploaded(app, client, uploads):
    log_in(client)
    preview_url = upload(client, csv_bytes(good_rows())).headers["Location"]
    other = app.test_client()
    log_in(other, "admin", "other@buudien-langson.vn")
    assert other.get(preview_url).status_code == 404
    assert client.get("/admin/import/../../etc/passwd").status_code == 404
    assert client.get("/admin/import/" + "z" * 31).status_code == 404


def test_wrong_file_type_is_refused_on_the_form(client, uploads):
    log_in(client)
    response = upload(client, b"hello", filename="danh-sach.txt")
    assert response.status_code == 400
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in response.get_data(as_text=True)
    assert list(uploads.iterdir()) == []


def test_template_download(client, uploads):
    log_in(client)
    with client.get("/admin/import/template.csv") as response:
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.data.startswith("\ufeffcode,name,type,unit".encode("utf-8"))

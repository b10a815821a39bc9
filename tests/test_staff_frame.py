"""One staff frame: every staff page of the URL map (discovered, never listed) that answers a page
of HTML shows the staff menu and the sign-out button; the import pages are in that frame, are in
the menu for those who may import, and give the import's times in Vietnam time."""
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app import create_app, maps
from app.admin.params import quarter_arg
from app.clock import current_quarter
from app.extensions import db
from app.models import AdminUser, ImportRun, Point, PrivacyRequest
from app.permissions import SIGN_IN_STEPS
from app.registry.reader import read_table
from app.registry_admin.uploads import save_upload
from app.scoring import previous_quarter
from tests.admin_factories import insert_feedback_row, signed_in
from tests.url_map import build_url

RULES = sorted(create_app("test").url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
STAFF_GET_RULES = [r for r in RULES if r.rule.startswith("/admin") and "GET" in r.methods
                   and r.endpoint not in SIGN_IN_STEPS]
TEMPLATE_CSV = Path(__file__).resolve().parent.parent / "data" / "import_template.csv"
NAV = '<nav class="admin-nav"'
SIGN_OUT = 'action="/admin/logout"'


@pytest.fixture
def url_values(app, tmp_path, monkeypatch) -> dict:
    """A real value for every URL parameter of the staff pages, by name or (endpoint, name)."""
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_DIR", str(tmp_path))
    point = db.session.scalar(select(Point).where(Point.is_active.is_(True)).order_by(Point.id).limit(1))
    held = insert_feedback_row(point, 2, comment="Phải chờ lâu", status="held", hold_reason="link")
    target = AdminUser(email="frame-target@buudien.test", password_hash="-", role="reviewer")
    run = ImportRun(filename="danh-sach.csv", actor="frame-admin@buudien.test")
    privacy = PrivacyRequest(reference_hash="1" * 64, feedback_id=held.id, kind="correct", details="Sửa ngày",
                             reply_due=date(2027, 1, 4), complete_due=date(2027, 1, 15))
    db.session.add_all([target, run, privacy])
    db.session.commit()
    admin = signed_in(app.test_client(), "admin", "frame-admin@buudien.test")
    admin_id = db.session.scalar(select(AdminUser.id).where(AdminUser.email == "frame-admin@buudien.test"))
    table = read_table(TEMPLATE_CSV.name, TEMPLATE_CSV.read_bytes())
    upload = save_upload(admin_id, TEMPLATE_CSV.name, table, False)
    return {"client": admin, "slug": point.slug, "feedback_id": held.id, "user_id": target.id,
            "run_id": run.id, "request_id": privacy.id, "token": upload,
            "quarter": quarter_arg(previous_quarter(current_quarter())),
            ("admin.overview_map", "token"): maps.admin_map_token()}


def test_every_staff_page_shows_the_menu_and_sign_out(app, url_values):
    """Each staff GET page that is a page of HTML carries the staff menu and the sign-out form."""
    client, pages, missing = url_values["client"], [], []
    for rule in STAFF_GET_RULES:
        url = build_url(rule, url_values)
        with client.get(url) as response:
            assert response.status_code < 400, f"{url}: {response.status_code}"
            if response.mimetype != "text/html":
                continue  # CSV, the map's script, downloads
            html = response.get_data(as_text=True)
        pages.append(rule.endpoint)
        if NAV not in html or SIGN_OUT not in html or "Đăng xuất" not in html:
            missing.append(url)
    assert missing == []
    assert {"admin.overview", "admin.audit_log", "registry_admin.upload_form", "registry_admin.preview",
            "registry_admin.run_detail"} <= set(pages)


def test_the_menu_leads_to_the_import_for_those_who_may_import(app):
    """Administrators (the import permission) see "Nhập danh sách điểm" in the menu; reviewers do not."""
    admin = signed_in(app.test_client(), "admin")
    page = admin.get("/admin/").get_data(as_text=True)
    assert '<a href="/admin/import/">Nhập danh sách điểm</a>' in page
    reviewer = signed_in(app.test_client(), "reviewer")
    page = reviewer.get("/admin/").get_data(as_text=True)
    assert NAV in page and "/admin/import/" not in page


def test_import_times_are_in_vietnam_time(app, url_values):
    """An import at 23:30 UTC is the next day, 06:30, in Vietnam: the list and the run's page say so."""
    run = db.session.get(ImportRun, url_values["run_id"])
    run.at = datetime(2026, 11, 30, 23, 30)
    db.session.commit()
    client = url_values["client"]
    upload_page = client.get("/admin/import/").get_data(as_text=True)
    assert "01/12/2026 06:30" in upload_page and "UTC" not in upload_page
    run_page = client.get(f"/admin/import/runs/{run.id}").get_data(as_text=True)
    assert "nhập lúc 01/12/2026 06:30." in run_page and "UTC" not in run_page

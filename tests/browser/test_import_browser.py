"""In Chromium: the API docs page and the import pages pass axe, and a member of staff imports a file
by the upload form, the preview and the confirm button (plain forms)."""
import re
import time

import pytest
from playwright.sync_api import expect

from app.auth import STAFF_KEY
from app.extensions import db, login_manager
from app.models import AdminUser, ImportRun, Point
from tests.browser.axe_check import axe_violations
from tests.import_files import csv_bytes, good_rows
from tests.live_server import seeded_file_app, serve
from tests.test_import_command import bad_rows

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) registry-import-test"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A live app, its base URL, the files to upload, and a signed-in admin's session cookie."""
    folder = tmp_path_factory.mktemp("import-browser")
    app = seeded_file_app(folder / "site.db", IMPORT_UPLOAD_DIR=str(folder / "uploads"))
    with app.app_context():
        user = AdminUser(email="admin@buudien-langson.vn", password_hash="-", role="admin")
        db.session.add(user)
        db.session.commit()
        (folder / "good.csv").write_bytes(csv_bytes(good_rows()))
        (folder / "bad.csv").write_bytes(csv_bytes(bad_rows()))
        cookie = session_cookie(app, user.id)
    with serve(app) as base_url:
        yield app, base_url, folder, cookie


def session_cookie(app, user_id: int) -> str:
    """The signed session Flask-Login would set for this user in this browser."""
    with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"User-Agent": USER_AGENT}):
        identifier = login_manager._session_identifier_generator()
    serializer = app.session_interface.get_signing_serializer(app)
    started = time.time()  # a staff session begun now, of the account's first session version
    return serializer.dumps({"_user_id": str(user_id), "_fresh": True, "_id": identifier,
                             STAFF_KEY: {"v": 0, "since": started, "seen": started}})


@pytest.fixture
def page(browser, site):
    _app, base_url, _folder, cookie = site
    context = browser.new_context(user_agent=USER_AGENT)
    context.add_cookies([{"name": "session", "value": cookie, "url": base_url}])
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("query", ["", "?lang=en"])
def test_api_docs_page_is_accessible(page, site, query):
    page.goto(f"{site[1]}/api/docs{query}")
    assert page.locator("h2#listPoints").is_visible()
    assert axe_violations(page) == []


def test_a_bad_file_shows_its_errors(page, site):
    _app, base_url, folder, _cookie = site
    page.goto(f"{base_url}/admin/import/")
    assert axe_violations(page) == []
    page.set_input_files("input[type=file]", str(folder / "bad.csv"))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", name="Tệp có 8 lỗi: chưa nhập gì.")).to_be_visible()
    assert page.locator("tbody tr").count() == 8
    assert axe_violations(page) == []


def test_staff_import_a_file_by_upload_preview_and_confirm(page, site):
    app, base_url, folder, _cookie = site
    page.goto(f"{base_url}/admin/import/")
    page.set_input_files("input[type=file]", str(folder / "good.csv"))
    # The file replaces the whole illustrative directory: the points it lacks are deactivated,
    # which staff must ask for and then confirm by typing how many.
    page.get_by_label("Ngừng hoạt động các điểm không có trong tệp").check()
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", name="Thay đổi sẽ thực hiện")).to_be_visible()
    assert axe_violations(page) == []
    warning = page.get_by_text("Cảnh báo:").inner_text()
    count = re.search(r"Cảnh báo: (\d+) điểm", warning).group(1)
    page.get_by_label("Gõ số điểm sẽ ngừng hoạt động để xác nhận").fill(count)
    page.get_by_role("button", name="Nhập vào danh bạ").click()
    expect(page.get_by_role("heading", name="Kết quả nhập danh sách")).to_be_visible()
    expect(page.get_by_text("Đã nhập danh sách điểm.")).to_be_visible()
    assert page.locator(".notice-illustrative").count() == 0
    assert axe_violations(page) == []
    with app.app_context():
        assert db.session.scalar(db.select(ImportRun.actor)) == "admin@buudien-langson.vn"
        assert db.session.scalar(db.select(db.func.count()).select_from(Point).where(Point.is_active)) == 4

"""Who may open what: every route of the URL map (discovered, never listed) × every method it answers
(GET, POST; HEAD and OPTIONS aside) × anonymous, reviewer and administrator, on both databases.

The expected outcome is built from the code that decides it, not written down per route: a view
decorated with `staff_required(permission)` carries `required_permission`, and
`app.permissions.PERMISSIONS` says which roles hold that permission. So:

- a view without `required_permission` is public: open to all three (never 401/403, never sent to
  the login page, a GET with real parameters answers 2xx/3xx);
- with one, an anonymous visitor is sent to the login page (`?next=`), a signed-in role that lacks
  the permission gets 403, and a role that holds it gets through (not 401/403/login, GET 2xx/3xx).

Every /admin view must carry a permission (the login page, Flask-Login's `login_view`, aside): a new
staff view without `staff_required` fails here. URL parameters are filled with real values: seeded
points, and rows each test creates (a held comment, a staff account, an import run and upload)."""
from datetime import date
from pathlib import Path

import pytest
from flask import current_app, url_for
from sqlalchemy import select

from app import create_app, maps
from app.extensions import db, login_manager
from app.permissions import SIGN_IN_STEPS
from app.models import AdminUser, ImportRun, Point, PrivacyRequest
from app.permissions import PERMISSIONS
from app.registry.reader import read_table
from app.registry_admin.uploads import save_upload
from tests.admin_factories import csrf_token, insert_feedback_row, login, make_staff
from tests.url_map import build_url

RULES = sorted(create_app("test").url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
ROUTES = [(rule, method) for rule in RULES for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
ROLES = ("anonymous", "reviewer", "admin")
TEMPLATE_CSV = Path(__file__).resolve().parent.parent / "data" / "import_template.csv"


def route_id(route) -> str:
    """A readable test id: method, rule and endpoint."""
    if isinstance(route, str):
        return route
    rule, method = route
    return f"{method} {rule.rule} {rule.endpoint}"


def required_permission(endpoint: str) -> str | None:
    """The permission a view asks for (None: a public view)."""
    return getattr(current_app.view_functions[endpoint], "required_permission", None)


def expected_outcome(endpoint: str, role: str) -> str:
    """open, login, forbidden or allowed, from the view's permission and PERMISSIONS."""
    permission = required_permission(endpoint)
    if permission is None:
        return "open"
    if role == "anonymous":
        return "login"
    return "allowed" if role in PERMISSIONS[permission] else "forbidden"




@pytest.fixture
def staff(app) -> dict[str, AdminUser]:
    """A reviewer and an administrator (rows of this test), with the test password."""
    return {role: make_staff(f"matrix-{role}@buudien.test", role) for role in ("reviewer", "admin")}


@pytest.fixture
def url_values(app, staff, tmp_path, monkeypatch) -> dict:
    """A real value for every URL parameter, by parameter name or by (endpoint, name)."""
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_DIR", str(tmp_path))
    point = db.session.scalar(select(Point).where(Point.is_active.is_(True)).order_by(Point.id).limit(1))
    feedback = insert_feedback_row(point, 2, comment="Phải chờ lâu", status="held", hold_reason="matrix")
    published = insert_feedback_row(point, 4, comment="Nhanh gọn", status="published")
    target = AdminUser(email="matrix-target@buudien.test", password_hash="-", role="reviewer")
    run = ImportRun(filename="danh-sach.csv", actor="matrix-admin@buudien.test")
    privacy = PrivacyRequest(reference_hash="0" * 64, feedback_id=feedback.id, kind="correct", details="Sửa ngày",
                             reply_due=date(2027, 1, 4), complete_due=date(2027, 1, 15))
    db.session.add_all([target, run, privacy])
    db.session.commit()
    upload = save_upload(staff["admin"].id, TEMPLATE_CSV.name, read_table(TEMPLATE_CSV.name, TEMPLATE_CSV.read_bytes()), False)
    return {"slug": point.slug, "feedback_id": feedback.id, "user_id": target.id, "run_id": run.id,
            "code": "en", "filename": "css/site.css", ("admin.overview_map", "token"): maps.admin_map_token(),
            ("feedback.report", "feedback_id"): published.id,  # only a published comment can be reported
            "request_id": privacy.id, ("admin.privacy_decide", "action"): "refuse", "quarter": "2026-Q3",
            ("registry_admin.preview", "token"): upload, ("registry_admin.confirm", "token"): upload}


def client_as(app, role: str, staff: dict):
    """A test client: anonymous, or signed in as that staff member through the sign-in form."""
    client = app.test_client()
    if role != "anonymous":
        response = login(client, staff[role].email)
        assert response.status_code == 303, response.status_code
    return client


def login_path() -> str:
    """Where Flask-Login sends anonymous visitors (its `login_view`)."""
    with current_app.test_request_context():
        return url_for(login_manager.login_view)


def outcome_problem(response, method: str, outcome: str) -> str | None:
    """What is wrong with a response for the expected outcome (None when it is right)."""
    status, location = response.status_code, response.headers.get("Location", "")
    # Flask-Login's refusal names the page to come back to; signing out also ends on the login
    # page, but without `next`, and is an allowed action.
    sent_to_login = status in (302, 303) and location.startswith(login_path() + "?next=")
    if status >= 500:
        return f"server error {status}"
    if outcome == "login":
        return None if sent_to_login else f"{status} {location!r}, expected the login page"
    if outcome == "forbidden":
        return None if status == 403 else f"{status} {location!r}, expected 403"
    if status in (401, 403) or sent_to_login:
        return f"{status} {location!r}, expected access ({outcome})"
    if method == "GET" and status >= 400:
        return f"GET answered {status} with real parameters"
    return None


def test_discovery_matches_the_app_under_test(app):
    """The routes parametrized at import are the app's own, and include both kinds of view."""
    assert {(r.rule, r.endpoint) for r in app.url_map.iter_rules()} == {(r.rule, r.endpoint) for r in RULES}
    kinds = {required_permission(r.endpoint) is None for r in RULES}
    assert kinds == {True, False}
    assert any(method == "POST" for _, method in ROUTES)


def test_every_admin_view_requires_a_permission(app):
    """Every /admin view declares a permission of PERMISSIONS; only the sign-in steps are open (the
    login page and the two-factor code page, which only a browser that gave the password reaches)."""
    missing = []
    for rule in RULES:
        if not rule.rule.startswith("/admin") or rule.endpoint in SIGN_IN_STEPS:
            continue
        permission = required_permission(rule.endpoint)
        if permission not in PERMISSIONS:
            missing.append(f"{rule.rule} ({rule.endpoint}): {permission!r}")
    assert missing == []
    assert login_manager.login_view and login_path().startswith("/admin")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_authorization_matrix(app, staff, url_values, route, role):
    """One cell of the matrix: this role, this route and method, the outcome its permission implies."""
    rule, method = route
    client = client_as(app, role, staff)
    data = {"csrf_token": csrf_token(client)} if method == "POST" else None
    with client.open(build_url(rule, url_values), method=method, data=data) as response:
        problem = outcome_problem(response, method, expected_outcome(rule.endpoint, role))
    assert problem is None, f"{role} {method} {rule.rule}: {problem}"

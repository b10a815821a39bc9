"""Acceptance 1: walking the URL map, every staff view sends anonymous users to the login page,
gives a reviewer 403 where the role lacks the permission, and every staff POST needs a CSRF token."""
import pytest
from flask import current_app

from app.extensions import db
from app.models import Feedback
from app.permissions import PERMISSIONS
from tests.admin_factories import add_feedback, csrf_token, points, signed_in

EXPECTED_POSTS = {"admin.login", "admin.logout", "admin.publish_feedback", "admin.hide_feedback",
                  "admin.reply_feedback", "admin.assessment", "admin.users", "admin.update_user"}


def admin_rules():
    """Every rule of the staff area, with the methods it answers (HEAD and OPTIONS aside)."""
    return [(rule, sorted(rule.methods - {"HEAD", "OPTIONS"}))
            for rule in current_app.url_map.iter_rules() if rule.endpoint.startswith("admin.")]


@pytest.fixture
def url_values(app):
    """Real values for every URL argument of the staff area."""
    point = points(1)[0]
    feedback = add_feedback(point, 2, comment="Chờ lâu", status="held", hold_reason="test")
    db.session.commit()
    return {"slug": point.slug, "feedback_id": feedback.id, "token": "0123abcd"}


def build(rule, values: dict, user_id: int = 1) -> str:
    """The URL of a rule with real argument values."""
    args = {name: (user_id if name == "user_id" else values[name]) for name in rule.arguments}
    return rule.build(args, append_unknown=False)[1]


def test_the_walk_covers_the_staff_area(app):
    endpoints = {rule.endpoint for rule, _ in admin_rules()}
    posts = {rule.endpoint for rule, methods in admin_rules() if "POST" in methods}
    assert len(endpoints) >= 15
    assert posts == EXPECTED_POSTS
    for rule, _ in admin_rules():
        view = current_app.view_functions[rule.endpoint]
        if rule.endpoint != "admin.login":
            assert view.required_permission in PERMISSIONS, rule.endpoint


def test_anonymous_users_are_sent_to_login(client, url_values):
    token = csrf_token(client)
    before = db.session.get(Feedback, url_values["feedback_id"]).comment_status
    checked = 0
    for rule, methods in admin_rules():
        if rule.endpoint == "admin.login":
            continue
        url = build(rule, url_values)
        for method in methods:
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.headers["Location"].startswith("/admin/login?next="), url
            checked += 1
    assert checked >= 17
    db.session.expire_all()
    assert db.session.get(Feedback, url_values["feedback_id"]).comment_status == before


def test_reviewer_gets_403_where_the_role_lacks_the_permission(client, url_values):
    signed_in(client, "reviewer")
    token = csrf_token(client)
    forbidden = allowed = 0
    for rule, methods in admin_rules():
        if rule.endpoint in ("admin.login", "admin.logout"):
            continue
        permission = current_app.view_functions[rule.endpoint].required_permission
        url = build(rule, url_values)
        for method in methods:
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            if "reviewer" in PERMISSIONS[permission]:
                assert response.status_code in (200, 303), (method, url, response.status_code)
                allowed += 1
            else:
                assert response.status_code == 403, (method, url, response.status_code)
                forbidden += 1
    assert forbidden >= 5 and allowed >= 8


def test_every_admin_post_refuses_a_missing_csrf_token(client, url_values):
    signed_in(client, "admin")
    for rule, methods in admin_rules():
        if "POST" in methods:
            data = {"reason": "x", "reply": "y", "role": "reviewer"}
            response = client.post(build(rule, url_values), data=data)
            assert response.status_code == 400, (rule.endpoint, response.status_code)
    db.session.expire_all()
    feedback = db.session.get(Feedback, url_values["feedback_id"])
    assert (feedback.comment_status, feedback.reply_text) == ("held", None)
    assert client.get("/admin/").status_code == 200  # still signed in: logout without a token did nothing


def test_an_htmx_request_without_session_redirects_the_whole_page(client):
    response = client.get("/admin/?sort=name", headers={"HX-Request": "true", "HX-Target": "overview-results"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/admin/login?next=%2Fadmin%2F%3Fsort%3Dname"

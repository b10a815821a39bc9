"""Privacy (Law 91/2025/QH15): a planted contact appears in no public response; contacts are for
admins only, erased after the retention period, and a feedback can be deleted on request."""
from datetime import timedelta

from flask import url_for
from sqlalchemy import select

from app.extensions import db
from app.models import Feedback, FeedbackContact
from tests.factories import (
    add_feedback,
    aggregate,
    contact_count,
    htmx_headers,
    make_point,
    post_feedback,
    seeded_point,
    today,
)

PLANTED = "bimat.lienhe.7f3a9c@example.vn"
SECRET_PART = "bimat.lienhe.7f3a9c"
SKIPPED_PREFIXES = ("/admin", "/static")


def argument_values(point, feedback) -> dict[str, list]:
    """Values for the URL arguments of the public routes, taken from the seed and the plant."""
    return {"slug": [point.slug], "code": [point.unit_code, "vi", "en"], "page": [1, 2],
            "id": [feedback.id], "feedback_id": [feedback.id], "point_id": [point.id]}


def public_urls(app, point, feedback) -> list[str]:
    """Every public GET URL of the URL map, with its arguments filled in (a new one fails loudly)."""
    values = argument_values(point, feedback)
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(SKIPPED_PREFIXES):
            continue
        missing = [arg for arg in rule.arguments if arg not in values]
        assert not missing, f"no sample value for {missing} of {rule.rule}: add one to argument_values"
        combos = [{}]
        for arg in sorted(rule.arguments):
            combos = [{**combo, arg: value} for combo in combos for value in values[arg]]
        with app.test_request_context():
            for combo in combos:
                urls.append(url_for(rule.endpoint, **combo))
    return sorted(set(urls))


def plant_contact(client) -> tuple:
    """Submit, through the real form, a published comment with a contact; the post office replies."""
    point = seeded_point()
    response = post_feedback(client, point.slug, overall="4", comment="Nhân viên tận tình",
                             contact=PLANTED, consent="y")
    assert response.status_code == 303
    assert SECRET_PART not in client.get(response.headers["Location"]).get_data(as_text=True)
    feedback = db.session.scalars(select(Feedback).where(Feedback.point_id == point.id)).one()
    feedback.reply_text = "Cảm ơn bạn."
    db.session.commit()
    assert db.session.get(FeedbackContact, feedback.id).contact == PLANTED  # it is really stored
    return point, feedback


def test_a_planted_contact_appears_in_no_public_response(client, app):
    point, feedback = plant_contact(client)
    urls = public_urls(app, point, feedback)
    query = f"?q={point.name}&unit={point.unit_code}&page=1&lang=en"
    checked = 0
    for url in urls + [u + query for u in urls]:
        response = client.get(url, follow_redirects=True)
        body = response.get_data().decode("utf-8", "replace")
        assert SECRET_PART not in body, f"{url} shows the contact"
        assert SECRET_PART not in str(response.headers), f"{url} sends the contact in a header"
        checked += response.status_code == 200
    assert f"/points/{point.slug}/feedback" in urls and f"/points/{point.slug}/comments" in urls
    assert "/api/points.geojson" in urls
    assert checked >= len(urls)  # most pages answered 200: the walk read real content
    published = client.get(f"/points/{point.slug}/comments").get_data(as_text=True)
    assert "Nhân viên tận tình" in published and "Cảm ơn bạn." in published


def test_the_htmx_answer_does_not_echo_the_contact(client, app):
    point = seeded_point()
    response = post_feedback(client, point.slug, headers=htmx_headers(), contact=PLANTED, consent="y")
    assert response.status_code == 200 and SECRET_PART not in response.get_data(as_text=True)
    assert contact_count() == 1


def test_admins_read_contacts_on_the_staff_point_page(admin_client):
    point = make_point()
    add_feedback(point, contact="0912 345 678")
    add_feedback(point, comment="Không để lại liên hệ")
    page = admin_client.get(f"/admin/points/{point.slug}").get_data(as_text=True)
    assert page.count("Liên hệ riêng (không công khai)") == 1 and "0912 345 678" in page


def test_erase_expired_contacts_keeps_the_ratings(app, runner):
    point = make_point()
    expired = add_feedback(point, contact="cu@example.vn")
    current = add_feedback(point, contact="moi@example.vn")
    db.session.get(FeedbackContact, expired.id).erase_after = today() - timedelta(days=1)
    db.session.commit()
    result = runner.invoke(args=["erase-expired-contacts"])
    assert result.exit_code == 0 and "Erased 1 expired contact(s)." in result.output
    assert db.session.get(FeedbackContact, expired.id) is None
    assert db.session.get(FeedbackContact, current.id).contact == "moi@example.vn"
    assert db.session.get(Feedback, expired.id) is not None and aggregate(point.id)[0] == 2


def test_delete_feedback_on_request_removes_contact_and_uncounts(app, runner):
    point = make_point()
    keep = add_feedback(point, overall=5)
    gone = add_feedback(point, overall=1, comment="Xin xóa ý kiến này", contact="xoa@example.vn")
    result = runner.invoke(args=["delete-feedback", str(gone.id)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Feedback, gone.id) is None and db.session.get(FeedbackContact, gone.id) is None
    assert db.session.get(Feedback, keep.id) is not None and aggregate(point.id) == (1, 5.0)
    missing = runner.invoke(args=["delete-feedback", str(gone.id)])
    assert missing.exit_code != 0 and f"No feedback with id {gone.id}" in missing.output

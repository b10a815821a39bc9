"""Ratings one machine cannot move and a household can share (trust acceptance 2 and the rules
behind 1): a browser is its cookie, a network its IPv4 address or IPv6 /64; past the per-network
cap of a point, or in a burst, ratings are held until staff release or discard them; a rating
counts in the quarter it was received; the aggregates always equal a rebuild."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditLog, Feedback, ScoreAggregate
from app.services import held_ratings
from app.services.scores import rebuild_aggregates
from tests.factories import aggregate, feedback_count, post_feedback, seeded_point


def aggregates() -> set[tuple]:
    stmt = select(ScoreAggregate.point_id, ScoreAggregate.quarter, ScoreAggregate.criterion,
                  ScoreAggregate.count, ScoreAggregate.total)
    return set(db.session.execute(stmt).all())


def assert_aggregates_equal_a_rebuild() -> None:
    incremental = aggregates()
    rebuild_aggregates()
    assert aggregates() == incremental


def statuses(point_id: int) -> list[str]:
    stmt = select(Feedback.rating_status).where(Feedback.point_id == point_id).order_by(Feedback.id)
    return list(db.session.scalars(stmt))


def test_a_household_shares_a_network_and_a_flood_from_it_is_held(app):
    point = seeded_point()
    cap = app.config["FEEDBACK_NETWORK_POINT_CAP"]
    for _ in range(cap + 3):  # a new browser each time (a fresh cookie), one address, one agent
        response = post_feedback(app.test_client(), point.slug, overall="1")
        assert response.status_code == 303
    assert statuses(point.id) == ["counted"] * cap + ["held"] * 3
    assert aggregate(point.id) == (cap, float(cap))
    thanks = app.test_client().get(response.headers["Location"]).get_data(as_text=True)
    assert "cán bộ sẽ kiểm tra trước khi tính vào điểm" in thanks
    assert_aggregates_equal_a_rebuild()


def test_every_address_of_one_ipv6_64_is_one_network(app):
    point = seeded_point()
    for i in range(6):
        post_feedback(app.test_client(), point.slug, address=f"2001:db8:42:7::{i + 1:x}")
    assert statuses(point.id).count("counted") == app.config["FEEDBACK_NETWORK_POINT_CAP"]
    post_feedback(app.test_client(), point.slug, address="2001:db8:42:8::1")  # the next /64: its own
    assert statuses(point.id)[-1] == "counted"


def test_a_forged_forwarded_for_is_not_believed_without_the_proxy_setting(app):
    point = seeded_point()
    for i in range(6):
        post_feedback(app.test_client(), point.slug, headers={"X-Forwarded-For": f"203.0.113.{i}"})
    assert statuses(point.id).count("counted") == app.config["FEEDBACK_NETWORK_POINT_CAP"]


def test_a_burst_on_a_point_is_held_then_released_or_discarded_by_staff(app, monkeypatch, admin_client):
    monkeypatch.setitem(app.config, "FEEDBACK_BURST_MIN", 4)
    point, other = seeded_point(0), seeded_point(1)
    for i in range(6):  # six networks within the hour
        post_feedback(app.test_client(), point.slug, overall="1", address=f"198.51.100.{i + 1}")
        post_feedback(app.test_client(), other.slug, overall="2", address=f"192.0.2.{i + 1}")
    assert statuses(point.id) == ["counted"] * 4 + ["held"] * 2
    queue = admin_client.get("/admin/moderation").get_data(as_text=True)
    assert point.name in queue and "Nhiều đánh giá đến cùng lúc" in queue
    token = admin_client.get("/admin/moderation").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    response = admin_client.post(f"/admin/points/{point.slug}/held-ratings/release", data={"csrf_token": token})
    assert response.status_code == 303
    assert statuses(point.id) == ["counted"] * 6 and aggregate(point.id) == (6, 6.0)
    assert_aggregates_equal_a_rebuild()
    admin_client.post(f"/admin/points/{other.slug}/held-ratings/discard", data={"csrf_token": token})
    assert statuses(other.id) == ["counted"] * 4 + ["discarded"] * 2 and aggregate(other.id) == (4, 8.0)
    assert_aggregates_equal_a_rebuild()
    actions = list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert actions[-2:] == ["release_ratings", "discard_ratings"]


def test_the_overview_warns_of_held_ratings(app, admin_client):
    point = seeded_point()
    for _ in range(5):
        post_feedback(app.test_client(), point.slug)
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "2 đánh giá đang giữ lại" in page


def test_a_rating_counts_in_the_quarter_it_was_received(app, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK", lambda: datetime(2027, 1, 5, 3, 0, tzinfo=UTC))
    point = seeded_point()
    post_feedback(app.test_client(), point.slug, visit_date="2026-12-28")
    feedback = db.session.scalars(select(Feedback).where(Feedback.point_id == point.id)).one()
    assert feedback.visit_date.isoformat() == "2026-12-28" and feedback.quarter == 20271


def test_deleting_a_held_rating_leaves_the_aggregates_alone(app):
    from app.services.feedback import delete_feedback

    point = seeded_point()
    for _ in range(4):
        post_feedback(app.test_client(), point.slug)
    held = db.session.scalar(select(Feedback.id).where(Feedback.rating_status == "held"))
    before = aggregate(point.id)
    assert delete_feedback(held) and aggregate(point.id) == before
    assert_aggregates_equal_a_rebuild()

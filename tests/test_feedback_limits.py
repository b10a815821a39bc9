"""Abuse control: the per-network rate limit (429) and one rating per point per browser per 24 h,
each against the memory storage and against the real Redis of REDIS_URL."""
import os
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.clients import client_key
from app.extensions import db, limiter
from app.models import Feedback
from tests.factories import (aggregate, csrf_token, feedback_count, form_data, htmx_headers, post_feedback,
                             seeded_point)

OTHER_NETWORK = "198.51.100.7"


def redis_url() -> str:
    """REDIS_URL, or skip (fail in CI, which must run these) when it is not set."""
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Redis rate-limit tests: set REDIS_URL")
        pytest.skip("Redis rate-limit tests skipped: REDIS_URL is not set")
    return url


@contextmanager
def limiter_on(app, uri: str):
    """The limiter counting on the storage of `uri`, emptied before and after; then as it was."""
    saved = app.config["RATELIMIT_STORAGE_URI"]
    app.config["RATELIMIT_STORAGE_URI"] = uri
    limiter.init_app(app)
    limiter.reset()
    try:
        yield
    finally:
        limiter.reset()
        app.config["RATELIMIT_STORAGE_URI"] = saved
        limiter.init_app(app)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limit_storage(request, app):
    """The limiter on memory or on the real Redis, emptied before and after the test."""
    with limiter_on(app, redis_url() if request.param == "redis" else "memory://"):
        yield request.param


def test_the_storage_is_the_one_asked_for(client, app, limit_storage):
    expected = {"memory": "MemoryStorage", "redis": "RedisStorage"}[limit_storage]
    assert type(limiter.storage).__name__ == expected
    assert post_feedback(client, seeded_point().slug).status_code == 303
    if limit_storage == "redis":
        import redis

        keys = redis.Redis.from_url(os.environ["REDIS_URL"]).keys("LIMITS*")
        assert keys, "the submission was not counted in Redis"


def test_past_the_limit_the_answer_is_a_friendly_429(client, app, limit_storage, monkeypatch):
    monkeypatch.setitem(app.config, "FEEDBACK_RATE_LIMIT", "3 per hour")
    for index in range(3):
        assert post_feedback(client, seeded_point(index).slug).status_code == 303
    point = seeded_point(3)
    refused = post_feedback(client, point.slug)
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Bạn đã gửi quá nhiều đánh giá" in html and "Bạn có thể gửi lại sau" in html
    assert "Các đánh giá bạn đã gửi vẫn được tính" in html and point.name in html
    assert int(refused.headers["Retry-After"]) > 0
    assert feedback_count(point_id=point.id) == 0 and feedback_count() == 3
    assert client.get(f"/points/{point.slug}/feedback").status_code == 200  # reading is never limited
    assert post_feedback(client, point.slug, address=OTHER_NETWORK).status_code == 303


def test_every_post_counts_against_the_limit_refused_ones_too(client, app, limit_storage, monkeypatch):
    """A form sent wrong (no overall level) or by a robot costs the network its count all the same,
    and the limit is the day's as well as the hour's; reading the form is never limited."""
    monkeypatch.setitem(app.config, "FEEDBACK_RATE_LIMIT", "5 per hour;2 per day")
    point = seeded_point()
    assert post_feedback(client, point.slug, overall="").status_code == 200  # the form explains
    assert post_feedback(client, point.slug, website="http://spam.example").status_code == 303  # the robot
    refused = post_feedback(client, point.slug)
    assert refused.status_code == 429 and feedback_count() == 0
    assert 86400 - 120 < int(refused.headers["Retry-After"]) <= 86400  # the day's window decides
    assert client.get(f"/points/{point.slug}/feedback").status_code == 200


def test_the_limit_answers_htmx_with_the_explanation_fragment(client, app, limit_storage, monkeypatch):
    monkeypatch.setitem(app.config, "FEEDBACK_RATE_LIMIT", "1 per hour")
    assert post_feedback(client, seeded_point(0).slug).status_code == 303
    refused = post_feedback(client, seeded_point(1).slug, headers=htmx_headers())
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "<html" not in html and "Bạn đã gửi quá nhiều đánh giá" in html


def test_a_network_rates_at_most_its_hourly_budget(client, app, limit_storage):
    budget = app.config["FEEDBACK_NETWORK_HOURLY"]
    assert budget == 20 and app.config["FEEDBACK_RATE_LIMIT"] == "30 per hour;100 per day"
    for index in range(budget):
        assert post_feedback(client, seeded_point(index).slug).status_code == 303
    refused = post_feedback(client, seeded_point(budget).slug)
    assert refused.status_code == 429 and "Bạn đã gửi quá nhiều đánh giá" in refused.get_data(as_text=True)
    assert feedback_count() == budget


def test_second_rating_of_a_point_within_24_hours_is_explained(client, app, limit_storage):
    point = seeded_point()
    url = f"/points/{point.slug}/feedback"
    token = csrf_token(client, url)  # the form, also open in another tab before the first rating
    assert post_feedback(client, point.slug, overall="5").status_code == 303
    again = client.post(url, data={"csrf_token": token, **form_data(overall="1")})
    assert again.status_code == 409
    html = again.get_data(as_text=True)
    assert "Bạn đã đánh giá điểm phục vụ này trong 24 giờ qua" in html
    assert "Bạn có thể đánh giá lại điểm phục vụ này sau" in html
    assert feedback_count(point_id=point.id) == 1 and aggregate(point.id) == (1, 5.0)
    htmx = client.post(url, data={"csrf_token": token, **form_data()}, headers=htmx_headers())
    assert htmx.status_code == 409 and "<html" not in htmx.get_data(as_text=True)
    assert post_feedback(client, seeded_point(1).slug).status_code == 303  # another point
    # another browser on the same network with the same agent (a relative's phone): counted too
    assert post_feedback(app.test_client(), point.slug).status_code == 303
    assert feedback_count(point_id=point.id) == 2 and aggregate(point.id)[0] == 2


def test_the_form_says_so_before_it_is_filled_in(client, app, limit_storage):
    point = seeded_point()
    assert post_feedback(client, point.slug).status_code == 303
    html = client.get(f"/points/{point.slug}/feedback").get_data(as_text=True)
    assert "Bạn đã đánh giá điểm phục vụ này trong 24 giờ qua" in html and 'name="overall"' not in html


def test_the_same_client_may_rate_again_after_24_hours(client, app, limit_storage):
    point = seeded_point()
    assert post_feedback(client, point.slug).status_code == 303
    db.session.execute(update(Feedback).values(created_at=Feedback.created_at - timedelta(hours=24, minutes=1)))
    db.session.commit()
    assert post_feedback(client, point.slug).status_code == 303
    assert feedback_count(point_id=point.id) == 2


@pytest.mark.redis
def test_on_redis_the_counts_are_flask_limiters_own_and_survive_a_forgotten_script(client, app, monkeypatch):
    """The rating form's limits, counted in one call, land on the keys Flask-Limiter reads (its
    remaining counts and reset times), with their windows' expiry; a Redis that forgot the script
    (restarted) is given it again."""
    import redis
    from limits import parse_many

    monkeypatch.setitem(app.config, "FEEDBACK_RATE_LIMIT", "5 per hour;7 per day")
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    with limiter_on(app, redis_url()):
        assert post_feedback(client, seeded_point(0).slug).status_code == 303
        server.script_flush()
        assert post_feedback(client, seeded_point(1).slug).status_code == 303
        hour, day = parse_many("5 per hour;7 per day")
        with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            key = client_key()
        assert limiter.limiter.get_window_stats(hour, "feedback", key).remaining == 3
        assert limiter.limiter.get_window_stats(day, "feedback", key).remaining == 5
        ttls = sorted(server.ttl(name) for name in server.keys("LIMITS*feedback*"))
        assert len(ttls) == 2 and 3500 < ttls[0] <= 3600 and 86300 < ttls[1] <= 86400

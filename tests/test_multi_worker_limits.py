"""With Redis, the per-client rating limit holds across both gunicorn workers, as one server."""
import os
import secrets

import pytest
import requests

from bench._feedback_form import form_data, read_form
from bench._site import app_env, serve_seeded, stop_server

LIMIT = 6

pytestmark = pytest.mark.slow


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Redis tests: set REDIS_URL")
        pytest.skip("Redis tests skipped: REDIS_URL is not set")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def test_rate_limit_is_shared_by_the_workers(tmp_path, redis_url):
    env = app_env(f"sqlite:///{tmp_path / 'site.db'}")
    env.update(REDIS_URL=redis_url, RATELIMIT_ENABLED="1",
               FEEDBACK_RATE_LIMIT=f"{LIMIT} per hour")
    proc, base = serve_seeded(env)
    try:
        slugs = [f["properties"]["slug"] for f in requests.get(f"{base}/api/points.geojson", timeout=10).json()["features"]]
        statuses = []
        for slug in slugs[: LIMIT * 3]:
            # A new connection each time, so gunicorn spreads the requests over both workers.
            session = requests.Session()
            session.headers["User-Agent"] = "one-citizen"
            fields = read_form(session, f"{base}/points/{slug}/feedback")
            reply = session.post(f"{base}/points/{slug}/feedback",
                                 data=form_data(fields, f"tot {secrets.token_hex(3)}"),
                                 allow_redirects=False, timeout=10)
            statuses.append(reply.status_code)
            session.close()
        accepted = sum(s in (200, 303) for s in statuses)
        assert accepted == LIMIT, statuses  # memory storage would let each worker count its own
        assert statuses.count(429) == len(statuses) - LIMIT
    finally:
        stop_server(proc)

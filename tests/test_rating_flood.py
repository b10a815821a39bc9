"""A flood against one point from one machine (trust acceptance 1): for FLOOD_SECONDS (60) four
threads post ratings with fresh cookies, rotating agents and forged X-Forwarded-For to a
production-like site (gunicorn -w 2, rate limits on, no proxy setting, so the header is not
believed), at the point with the most ratings. At most three ratings count, the public score moves
by at most 0.05, and the site keeps answering. (On a point with a handful of ratings any rating,
honest or not, moves the score more than that: the bound is for a point with a history.)"""
import os
import random
import threading
import time

import pytest
import requests

from bench._feedback_form import form_data, read_form
from scripts.serve_for_checks import served

pytestmark = pytest.mark.slow
FLOOD_SECONDS = float(os.environ.get("FLOOD_SECONDS", 60))
THREADS = 4


def most_rated(base: str) -> dict:
    points, page = [], 1
    while True:
        listing = requests.get(f"{base}api/points", params={"per_page": 100, "page": page}, timeout=10).json()
        points += listing["items"]
        if not listing["links"]["next"]:
            return max(points, key=lambda p: (p["ratings"], p["slug"]))
        page += 1


def flood(base: str, slug: str, deadline: float, statuses: list) -> None:
    url = f"{base}points/{slug}/feedback"
    while time.monotonic() < deadline:
        session = requests.Session()  # a fresh cookie jar: a "new browser" every time
        session.headers["User-Agent"] = f"Mozilla/5.0 flood {random.random()}"
        session.headers["X-Forwarded-For"] = f"203.0.113.{random.randint(1, 254)}"
        try:
            fields = read_form(session, url)
            reply = session.post(url, data=form_data(fields, "", rating="1"), allow_redirects=False, timeout=30)
            statuses.append(reply.status_code)
        except ValueError:
            statuses.append("no form")  # refused before the form (the network's budget, the repeat)
        except requests.RequestException as error:
            statuses.append(type(error).__name__)


def test_a_flood_from_one_machine_moves_nothing(tmp_path):
    # a point with a history, as the busy offices have: 60,000 ratings over the province, ~255 a point
    with served(rate_limits=True, commands=(("bench-data", "--feedback", "60000"),)) as site:
        target = most_rated(site.base_url)
        before = requests.get(f"{site.base_url}api/points/{target['slug']}", timeout=10).json()
        statuses: list = []
        deadline = time.monotonic() + FLOOD_SECONDS
        threads = [threading.Thread(target=flood, args=(site.base_url, target["slug"], deadline, statuses))
                   for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        after = requests.get(f"{site.base_url}api/points/{target['slug']}", timeout=10).json()
        assert requests.get(f"{site.base_url}healthz", timeout=5).status_code == 200
    assert len(statuses) > 50, statuses[:10]  # the flood really ran
    assert not [s for s in statuses if isinstance(s, int) and s >= 500], statuses
    assert after["ratings"] - before["ratings"] <= 3, (before["ratings"], after["ratings"])
    assert abs(after["score"] - before["score"]) <= 0.05, (target["ratings"], before["score"], after["score"])

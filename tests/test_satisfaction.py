"""The satisfaction share (truth acceptance 5): ratings at 4–5 over 12 months, with n and a 95%
Wilson interval, checked against values worked out by hand; in the API and on the point page."""
import pytest

from app.scoring import Satisfaction, wilson_interval
from tests.factories import add_feedback, make_point


@pytest.mark.parametrize("successes, n, low, high", [
    (8, 10, 0.4902, 0.9433),  # p = .8: centre (.8 + 1.96²/20) / (1 + 1.96²/10) = .7167, half .2266
    (0, 5, 0.0, 0.4345),  # no successes: the lower bound is 0, the upper z²/(n + z²)
    (5, 5, 0.5655, 1.0),
    (45, 50, 0.7864, 0.9565),
])
def test_wilson_interval_by_hand(successes, n, low, high):
    found = wilson_interval(successes, n)
    assert found == (pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4))


def test_no_ratings_no_share():
    assert (Satisfaction(0, 0).share, Satisfaction(0, 0).interval) == (None, (None, None))


def test_the_share_in_the_api_and_on_the_page(app, client):
    point = make_point()
    for value in (5, 4, 4, 3, 5, 1, 4, 5, 2, 4):  # 7 of 10 at 4–5
        add_feedback(point, overall=value)
    document = client.get(f"/api/points/{point.slug}").get_json()["satisfaction"]
    low, high = wilson_interval(7, 10)
    assert document == {"share": 0.7, "n": 10, "low": round(low, 4), "high": round(high, 4)}
    page = client.get(f"/points/{point.slug}").get_data(as_text=True)
    assert "70%" in page and "trên 10 đánh giá" in page and "khoảng tin cậy 95%" in page

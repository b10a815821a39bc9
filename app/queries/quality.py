"""The quality summary shown on a point's page ([feedback] completes it)."""
from app.queries.scores import rolling_scores


def point_quality(point) -> dict:
    """The point's rolling-12-month overall score and the count it rests on."""
    overall = rolling_scores("overall", [point.id]).get(point.id)
    return {"overall": overall, "count": overall.count if overall else 0}

"""The quality summary shown on a point's page ([feedback] completes it; keep these signatures)."""
from sqlalchemy import select

from app.extensions import db
from app.models import Feedback
from app.queries.scores import rolling_scores

COMMENTS_PER_PAGE = 10


def published_comments(point_id: int, page: int = 1) -> list[Feedback]:
    """The point's published comments, newest first, with the post office's replies."""
    stmt = (select(Feedback)
            .where(Feedback.point_id == point_id, Feedback.comment_status == "published")
            .order_by(Feedback.created_at.desc(), Feedback.id.desc())
            .limit(COMMENTS_PER_PAGE).offset((page - 1) * COMMENTS_PER_PAGE))
    return list(db.session.scalars(stmt))


def point_quality(point, page: int = 1) -> dict:
    """The point's rolling-12-month overall score, the count it rests on, and its comments."""
    overall = rolling_scores("overall", [point.id]).get(point.id)
    return {"overall": overall, "count": overall.count if overall else 0,
            "comments": published_comments(point.id, page), "page": page}

"""The quality summary shown on a point's page: scores per criterion, published comments."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Feedback
from app.queries.scores import demo_ratings, rolling_criteria_scores, satisfaction
from app.scoring import CRITERIA

COMMENTS_PER_PAGE = 10


def comments_page(point_id: int, page: int = 1) -> tuple[list[Feedback], bool]:
    """One page of the point's published comments, newest first, and whether more follow."""
    page = max(1, page)
    stmt = (select(Feedback)
            .where(Feedback.point_id == point_id, Feedback.comment_status == "published")
            .order_by(Feedback.created_at.desc(), Feedback.id.desc())
            .options(selectinload(Feedback.service))
            .limit(COMMENTS_PER_PAGE + 1).offset((page - 1) * COMMENTS_PER_PAGE))
    rows = list(db.session.scalars(stmt))
    return rows[:COMMENTS_PER_PAGE], len(rows) > COMMENTS_PER_PAGE


def point_quality(point, page: int = 1) -> dict:
    """Rolling-12-month scores (overall and per criterion), their counts, and a page of comments."""
    scores = rolling_criteria_scores(point.id)
    comments, has_more = comments_page(point.id, page)
    overall = scores["overall"]
    return {
        "overall": overall, "count": overall.count,
        "criteria": [{"key": key, "score": scores[key]} for key in CRITERIA if key != "overall"],
        "comments": comments, "page": max(1, page), "has_more": has_more, "slug": point.slug,
        "satisfaction": satisfaction(point.id), "demo": demo_ratings(point.id),
    }

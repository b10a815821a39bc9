"""Staff decide on held ratings (a burst on a point, many from one network): release them (they
count from then on, in the quarter they were received, or in the open quarter when that one has
been closed since: a closed quarter's ranking is frozen) or discard them (they never count). In
bulk, per point; audited; the aggregates move exactly as a rebuild would have them."""
from sqlalchemy import select

from app.clock import current_quarter
from app.database import write_transaction
from app.extensions import db
from app.models import Feedback, Point
from app.queries.quarters import is_frozen
from app.queries.scores import count_in_province_means
from app.services.audit import record
from app.services.scores import add_to_aggregates, ratings_of


def _held_of(point_id: int) -> list[Feedback]:
    stmt = (select(Feedback).where(Feedback.point_id == point_id, Feedback.rating_status == "held")
            .order_by(Feedback.id).with_for_update())
    return list(db.session.scalars(stmt))


def release(point_id: int, actor) -> int:
    """Count every held rating of a point; how many. Their comments stay held for moderation."""
    counted = []
    with write_transaction():
        held = _held_of(point_id)
        for feedback in held:
            feedback.rating_status = "counted"
            if is_frozen(feedback.quarter):
                feedback.quarter = current_quarter()
            ratings = ratings_of(feedback)
            add_to_aggregates(point_id, feedback.quarter, ratings)
            counted.append((feedback.quarter, ratings))
        record(actor, "release_ratings", db.session.get(Point, point_id), None,
               {"ratings": len(held)})
        db.session.commit()
    for quarter, ratings in counted:
        count_in_province_means(quarter, ratings)
    return len(counted)


def discard(point_id: int, actor) -> int:
    """Set aside every held rating of a point for good (kept, never counted); how many."""
    with write_transaction():
        held = _held_of(point_id)
        for feedback in held:
            feedback.rating_status = "discarded"  # its comment, if any, stays in the moderation queue
        record(actor, "discard_ratings", db.session.get(Point, point_id), None, {"ratings": len(held)})
        db.session.commit()
    return len(held)

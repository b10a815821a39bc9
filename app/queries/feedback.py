"""Reads of every rating posted: the point's services (the form's choices) and the repeat check."""
from datetime import datetime

from dataclasses import dataclass

from sqlalchemy import Integer, Row, and_, bindparam, case, func, or_, select

from app.extensions import db
from app.models import Feedback, PointService, ScoreAggregate, Service

# The two reads of every rating posted, built once, of table columns: each execution then skips
# building the statement and the ORM's compile step (about 0.2 ms each on PostgreSQL).
_services, _offered, _feedback = Service.__table__.c, PointService.__table__.c, Feedback.__table__.c
SERVICES_OF_POINT = (
    select(_services.id, _services.name_vi, _services.name_en)
    .join(PointService.__table__, _offered.service_id == _services.id)
    .where(_offered.point_id == bindparam("point_id"))
    .order_by(_services.position, _services.id))
LAST_RATING_SINCE = (
    select(_feedback.created_at)
    .where(_feedback.point_id == bindparam("point_id"), _feedback.client_hash == bindparam("client_hash"),
           _feedback.created_at >= bindparam("since"))
    .order_by(_feedback.created_at.desc()).limit(1))


def services_of_point(point_id: int) -> list[Row]:
    """The services a point offers, in catalogue order: (id, name_vi, name_en) rows, the form's
    "service used" choices (plain rows: the form reads three columns, on every rating posted)."""
    return list(db.session.execute(SERVICES_OF_POINT, {"point_id": point_id}))


def last_rating_since(point_id: int, client_hash: str, since: datetime) -> datetime | None:
    """When this client last rated this point after `since` (None: not since then); one index seek."""
    params = {"point_id": point_id, "client_hash": client_hash, "since": since}
    return db.session.execute(LAST_RATING_SINCE, params).scalar()


# The checks of a rating posted with the caps on, in one statement (one round trip): when this
# client last rated this point in the last day (the repeat check), then the counts behind the network
# caps and the burst rule: ratings of this point from this network in the last day, from this
# network anywhere in the last hour, of this point from anyone in the last hour. Each branch of the
# OR has its own index.
_same_network = _feedback.network_hash == bindparam("network_hash")
_same_client = _feedback.client_hash == bindparam("client_hash")
_this_point = _feedback.point_id == bindparam("point_id")
_since_day, _since_hour = _feedback.created_at >= bindparam("day_ago"), _feedback.created_at >= bindparam("hour_ago")
_repeat = and_(_this_point, _same_client, _since_day)


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).cast(Integer)


_aggregates = ScoreAggregate.__table__.c
_YEAR_OF_POINT = (  # the point's counted ratings in the last four quarters: its usual pace
    select(func.coalesce(func.sum(_aggregates.count), 0))
    .where(_aggregates.point_id == bindparam("point_id"), _aggregates.criterion == "overall",
           _aggregates.quarter.in_(bindparam("quarters", expanding=True)))
    .scalar_subquery())
RECENT_RATINGS = (
    select(func.max(case((_repeat, _feedback.created_at))),
           _count_if(and_(_this_point, _same_network, _since_day)),
           _count_if(and_(_same_network, _since_hour)),
           _count_if(and_(_this_point, _since_hour)),
           _YEAR_OF_POINT)
    .where(or_(and_(_same_network, _since_day), and_(_this_point, _since_hour), _repeat)))


@dataclass(frozen=True)
class RecentCounts:
    """Ratings stored lately, held ones included, that the caps and the burst rule weigh."""

    network_on_point_today: int
    network_this_hour: int
    point_this_hour: int
    point_last_year: int  # counted, from the score aggregates of the last four quarters


def recent_ratings(point_id: int, client_hash: str, network_hash: str, day_ago: datetime,
                   hour_ago: datetime, quarters: tuple[int, ...]) -> tuple[datetime | None, RecentCounts]:
    """RECENT_RATINGS for one submission: when this client last rated this point since `day_ago`
    (None: not since then), and the counts."""
    row = db.session.execute(RECENT_RATINGS, {"point_id": point_id, "client_hash": client_hash,
                                              "network_hash": network_hash, "day_ago": day_ago,
                                              "hour_ago": hour_ago, "quarters": list(quarters)}).one()
    return row[0], RecentCounts(*(int(value or 0) for value in row[1:]))


def published_comment(point_id: int, feedback_id: int) -> Feedback | None:
    """A comment of this point that is published (the only kind a citizen can report)."""
    stmt = select(Feedback).where(Feedback.id == feedback_id, Feedback.point_id == point_id,
                                  Feedback.comment_status == "published")
    return db.session.scalar(stmt)

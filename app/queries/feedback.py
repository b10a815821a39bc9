"""Reads of every rating posted: the point's services (the form's choices) and the repeat check."""
from datetime import datetime

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Integer, Row, bindparam, func, literal_column, select

from app.extensions import db
from app.models import Feedback, Point, PointService, ScoreAggregate, Service

# The reads of every rating posted, built once, of table columns, run on the session's connection:
# each execution then skips building the statement and the ORM's execution layer.
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


_points = Point.__table__.c
RATING_TARGET = (  # a rating posted: the active point of the slug and its services, one round trip
    select(_points.id, _services.id, _services.name_vi, _services.name_en)
    .select_from(Point.__table__)
    .outerjoin(PointService.__table__, _offered.point_id == _points.id)
    .outerjoin(Service.__table__, _services.id == _offered.service_id)
    .where(_points.slug == bindparam("slug"), _points.is_active.is_(True))
    .order_by(_services.position, _services.id))


class ServiceChoice(NamedTuple):
    """A service the form offers: what service_name() and the form read."""

    id: int
    name_vi: str
    name_en: str


def rating_target(slug: str) -> tuple[int, list[ServiceChoice]] | None:
    """The id of the active point whose slug this is and its services (the form's choices), for
    a rating posted: the point itself is loaded only when a page is drawn. None: no such point."""
    rows = db.session.connection().execute(RATING_TARGET, {"slug": slug}).all()
    return target_of(rows) if rows else None


def target_of(rows) -> tuple[int, list[ServiceChoice]]:
    """The point's id and services from RATING_TARGET's rows (columns after the fourth ignored)."""
    return rows[0][0], [ServiceChoice(*row[1:4]) for row in rows if row[1] is not None]


def services_of_point(point_id: int) -> list[Row]:
    """The services a point offers, in catalogue order: (id, name_vi, name_en) rows, the form's
    "service used" choices (plain rows: the form reads three columns, on every rating posted)."""
    return list(db.session.execute(SERVICES_OF_POINT, {"point_id": point_id}))


def last_rating_since(point_id: int, client_hash: str, since: datetime) -> datetime | None:
    """When this client last rated this point after `since` (None: not since then); one index seek."""
    params = {"point_id": point_id, "client_hash": client_hash, "since": since}
    return db.session.execute(LAST_RATING_SINCE, params).scalar()


# The checks of a rating posted with the caps on, in one statement (one round trip), each a
# subquery read from an index alone: when this client last rated this point in the last day (the
# repeat check), then the counts behind the network caps and the burst rule (ratings of this point
# from this network in the last day, from this network anywhere in the last hour, of this point from
# anyone in the last hour) and the point's usual pace. A network's counts stop at its cap: only
# reaching it matters, so a busy shared network (a carrier's NAT) costs no more than the cap.
_same_network = _feedback.network_hash == bindparam("network_hash")
_same_client = _feedback.client_hash == bindparam("client_hash")
_this_point = _feedback.point_id == bindparam("point_id")
_since_day, _since_hour = _feedback.created_at >= bindparam("day_ago"), _feedback.created_at >= bindparam("hour_ago")


def _count(*conditions, up_to: str | None = None):
    """How many ratings meet the conditions (at most the bound parameter `up_to`)."""
    rows = select(literal_column("1")).select_from(Feedback.__table__).where(*conditions)
    if up_to:
        rows = rows.limit(bindparam(up_to, type_=Integer))
    return select(func.count()).select_from(rows.subquery()).scalar_subquery()


_aggregates = ScoreAggregate.__table__.c
# The point's counted ratings in the last four quarters: its usual pace. Four parameters, not an
# expanding IN list, so that the statement's compiled form is reused as it is (an expanding list is
# rendered again at every execution).
YEAR_QUARTERS = tuple(f"quarter_{n}" for n in range(4))
_YEAR_OF_POINT = (
    select(func.coalesce(func.sum(_aggregates.count), 0))
    .where(_aggregates.point_id == bindparam("point_id"), _aggregates.criterion == "overall",
           _aggregates.quarter.in_([bindparam(name, type_=Integer) for name in YEAR_QUARTERS]))
    .scalar_subquery())
RECENT_RATINGS = select(
    select(func.max(_feedback.created_at)).where(_this_point, _same_client, _since_day).scalar_subquery(),
    _count(_this_point, _same_network, _since_day, up_to="point_cap"),
    _count(_same_network, _since_hour, up_to="hourly_cap"),
    _count(_this_point, _since_hour),
    _YEAR_OF_POINT)


@dataclass(frozen=True)
class RecentCounts:
    """Ratings stored lately, held ones included, that the caps and the burst rule weigh (a
    network's counts up to its cap)."""

    network_on_point_today: int
    network_this_hour: int
    point_this_hour: int
    point_last_year: int  # counted, from the score aggregates of the last four quarters


def recent_ratings(point_id: int, client_hash: str, network_hash: str, day_ago: datetime,
                   hour_ago: datetime, quarters: tuple[int, ...],
                   caps: tuple[int, int]) -> tuple[datetime | None, RecentCounts]:
    """RECENT_RATINGS for one submission: when this client last rated this point since `day_ago`
    (None: not since then), and the counts; caps: (this network on this point in a day, this
    network in an hour)."""
    params = {"point_id": point_id, "client_hash": client_hash, "network_hash": network_hash,
              "day_ago": day_ago, "hour_ago": hour_ago, "point_cap": caps[0], "hourly_cap": caps[1],
              **dict(zip(YEAR_QUARTERS, quarters, strict=True))}
    row = db.session.connection().execute(RECENT_RATINGS, params).one()
    return row[0], RecentCounts(*(int(value or 0) for value in row[1:]))


def published_comment(point_id: int, feedback_id: int) -> Feedback | None:
    """A comment of this point that is published (the only kind a citizen can report)."""
    stmt = select(Feedback).where(Feedback.id == feedback_id, Feedback.point_id == point_id,
                                  Feedback.comment_status == "published")
    return db.session.scalar(stmt)

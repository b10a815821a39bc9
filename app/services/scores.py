"""Writes of the score aggregates: the incremental update of one rating, and the full rebuild.

The incremental path touches only the rows of one point in one quarter, found by primary key, so
its cost does not grow with the number of stored ratings. The rebuild reads every rating and must
land on exactly the same rows (the property test in tests/test_scoring_aggregates.py checks it).
"""
from functools import cache

from sqlalchemy import Float, cast, delete, func, insert, literal, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite

from app.cache import note_public_write
from app.extensions import db
from app.models import Feedback, ScoreAggregate
from app.queries.scores import forget_province_means
from app.scoring import CRITERIA

_UPSERT_DIALECTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def ratings_of(feedback: Feedback) -> dict[str, int]:
    """The criteria this feedback rated, in CRITERIA order (overall always, the factors if given)."""
    values = {criterion: getattr(feedback, criterion) for criterion in CRITERIA}
    return {criterion: value for criterion, value in values.items() if value is not None}


def add_to_aggregates(point_id: int, quarter: int, ratings: dict[str, int]) -> None:
    """Count one rating per criterion, upserting by primary key (the caller commits)."""
    # Rows in CRITERIA order, so concurrent transactions lock them in the same order (no deadlock).
    rows = [
        {"point_id": point_id, "quarter": quarter, "criterion": criterion,
         "count": 1, "total": float(value), "total_sq": float(value * value)}
        for criterion, value in sorted(ratings.items(), key=lambda kv: CRITERIA.index(kv[0]))
    ]
    if not rows:
        return
    # One statement per dialect (the two the site runs on), built once and run with a parameter set
    # per criterion: its compiled form stays in SQLAlchemy's cache (a multi-row VALUES would be
    # compiled every time). On the session's connection: a Core statement needs none of the ORM's
    # execution layer.
    connection = db.session.connection()
    connection.execute(_upsert_statement(connection.dialect.name), rows)
    note_public_write(db.session)


@cache
def _upsert_statement(dialect: str):
    """INSERT … ON CONFLICT (point, quarter, criterion) DO UPDATE adding the excluded row's sums.
    Of the table, not the mapped class: a Core statement skips the ORM's bulk-insert layer."""
    agg = ScoreAggregate.__table__.c
    stmt = _UPSERT_DIALECTS[dialect](ScoreAggregate.__table__)
    return stmt.on_conflict_do_update(
        index_elements=[agg.point_id, agg.quarter, agg.criterion],
        set_={"count": agg.count + stmt.excluded.count,
              "total": agg.total + stmt.excluded.total,
              "total_sq": agg.total_sq + stmt.excluded.total_sq},
    )


def remove_from_aggregates(point_id: int, quarter: int, ratings: dict[str, int]) -> None:
    """Uncount one rating per criterion; a row left with no rating goes, as the rebuild has none."""
    agg = ScoreAggregate
    for criterion in sorted(ratings, key=CRITERIA.index):
        value = float(ratings[criterion])
        key = {"point_id": point_id, "quarter": quarter, "criterion": criterion}
        db.session.execute(
            update(agg).where(*_key(key)).values(
                count=agg.count - 1, total=agg.total - value, total_sq=agg.total_sq - value * value)
        )
        db.session.execute(delete(agg).where(*_key(key), agg.count <= 0))


def _key(row: dict):
    agg = ScoreAggregate
    return (agg.point_id == row["point_id"], agg.quarter == row["quarter"],
            agg.criterion == row["criterion"])


def rebuild_aggregates() -> int:
    """Recompute every aggregate from the raw ratings in one set-based statement; rows written."""
    parts = []
    for criterion in CRITERIA:
        column = getattr(Feedback, criterion)
        parts.append(
            select(Feedback.point_id, Feedback.quarter, literal(criterion).label("criterion"),
                   func.count(column).label("count"),
                   cast(func.sum(column), Float).label("total"),
                   cast(func.sum(column * column), Float).label("total_sq"))
            .where(column.is_not(None), Feedback.rating_status == "counted")
            .group_by(Feedback.point_id, Feedback.quarter)
        )
    db.session.execute(delete(ScoreAggregate))
    agg = ScoreAggregate
    columns = [agg.point_id, agg.quarter, agg.criterion, agg.count, agg.total, agg.total_sq]
    db.session.execute(insert(agg).from_select(columns, union_all(*parts)))
    db.session.commit()
    forget_province_means()
    return db.session.scalar(select(func.count()).select_from(agg))

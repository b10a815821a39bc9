"""Writing one rating's row and its counts: on PostgreSQL one statement (a round trip), on SQLite
the insert and the aggregates' upsert (no round trips there); the caller commits.

On PostgreSQL every statement waits for the server, so the insert, the upsert of the per-criterion
aggregates and the data version's bump (app/cache.py) are one statement of data-modifying CTEs,
its text built once per set of columns. The aggregates come from two arrays, criterion names and
values in CRITERIA order (the order concurrent raters lock the rows in), so the statement does not
change with the number of criteria rated; a held rating passes empty arrays and counts nowhere."""
from functools import cache

from sqlalchemy import insert, text

from app.cache import note_public_write, note_version_bumped
from app.extensions import db
from app.models import DataVersion, Feedback, ScoreAggregate
from app.services.scores import add_to_aggregates

INSERT_FEEDBACK = insert(Feedback.__table__)  # SQLite: built once, every rating posted runs it


def store_rating(row: dict, ratings: dict[str, int], counted: bool) -> int:
    """Insert the rating's row and, when it counts, add its ratings to the aggregates; its id."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        criteria = list(ratings) if counted else []
        values = [float(ratings[c]) for c in criteria]
        feedback_id = connection.execute(_postgres_statement(tuple(row)),
                                         {**row, "criteria": criteria, "rating_values": values}).scalar_one()
        note_version_bumped(db.session)
        return feedback_id
    feedback_id = connection.execute(INSERT_FEEDBACK, row).inserted_primary_key[0]
    note_public_write(db.session)
    if counted:
        add_to_aggregates(row["point_id"], row["quarter"], ratings)
    return feedback_id


@cache
def _postgres_statement(columns: tuple[str, ...]):
    """The insert, the aggregates and the data version in one statement, for rows of these columns."""
    feedback, aggregates = Feedback.__table__.name, ScoreAggregate.__table__.name
    names = ", ".join(f'"{column}"' for column in columns)
    params = ", ".join(f":{column}" for column in columns)
    return text(f"""
        WITH new_feedback AS (
            INSERT INTO {feedback} ({names}) VALUES ({params}) RETURNING id
        ), counted AS (
            INSERT INTO {aggregates} (point_id, quarter, criterion, count, total, total_sq)
            SELECT :point_id, :quarter, rated.criterion, 1, rated.value, rated.value * rated.value
            FROM unnest(CAST(:criteria AS varchar[]), CAST(:rating_values AS float8[]))
                 WITH ORDINALITY AS rated (criterion, value, position)
            ORDER BY rated.position
            ON CONFLICT (point_id, quarter, criterion) DO UPDATE SET
                count = {aggregates}.count + excluded.count,
                total = {aggregates}.total + excluded.total,
                total_sq = {aggregates}.total_sq + excluded.total_sq
        ), bumped AS (
            UPDATE {DataVersion.__table__.name} SET version = version + 1 WHERE id = 1
        )
        SELECT id FROM new_feedback""")

"""Synthetic ratings (origin 'synthetic') in bulk, for benchmarks and load tests.

Rows go in through the driver's fastest path: COPY on PostgreSQL, executemany on SQLite, in
chunks inside one transaction; the aggregates are rebuilt once at the end.
"""
import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from sqlalchemy import delete, select, text

from app.extensions import db
from app.models import Feedback, Point
from app.scoring import quarter_of
from app.services.scores import rebuild_aggregates
from app.clock import utcnow

COLUMNS = ("point_id", "created_at", "visit_date", "quarter", "overall", "access", "procedure",
           "staff", "result", "complaints", "comment", "comment_status", "channel", "client_hash",
           "origin")
CHUNK = 20_000
SPAN_DAYS = 365


def synthetic_rows(count: int, point_ids: list[int], now: datetime, seed: int) -> Iterator[tuple]:
    """`count` plausible ratings over the last year, as tuples in COLUMNS order."""
    rng = random.Random(seed)
    span = SPAN_DAYS * 86_400
    for _ in range(count):
        created = now - timedelta(seconds=rng.randrange(span))
        visit = created.date()
        overall = rng.choices((1, 2, 3, 4, 5), (3, 5, 15, 40, 37))[0]
        factors = [min(5, max(1, overall + rng.choice((-1, 0, 0, 1)))) if rng.random() < 0.5 else None
                   for _ in range(5)]
        commented = rng.random() < 0.1
        yield (rng.choice(point_ids), created, visit, quarter_of(visit), overall, *factors,
               "Ý kiến tổng hợp để đo hiệu năng." if commented else None,
               "published" if commented else "none", "web", f"{rng.getrandbits(128):032x}", "synthetic")


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sqlite_row(row: tuple) -> tuple:
    """Dates as the text SQLAlchemy stores in SQLite (with microseconds, so they sort as text)."""
    created, visit = row[1], row[2]
    return (row[0], f"{created:%Y-%m-%d %H:%M:%S.%f}", visit.isoformat(), *row[3:])


def _write_chunk(dbapi_connection, dialect: str, chunk: list[tuple]) -> None:
    names = ", ".join(f'"{c}"' for c in COLUMNS)
    cursor = dbapi_connection.cursor()
    try:
        if dialect == "postgresql":
            with cursor.copy(f"COPY feedback ({names}) FROM STDIN") as copy:
                for row in chunk:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in COLUMNS)
            cursor.executemany(f"INSERT INTO feedback ({names}) VALUES ({marks})",
                               [_sqlite_row(row) for row in chunk])
    finally:
        cursor.close()


def insert_synthetic_feedback(count: int, seed: int = 1,
                              progress: Callable[[int], None] = lambda n: None) -> int:
    """Insert `count` synthetic ratings, then rebuild the aggregates; how many rows were written."""
    point_ids = list(db.session.scalars(select(Point.id).where(Point.is_active.is_(True))))
    if not point_ids or count <= 0:
        return 0
    connection = db.session.connection()
    dialect = connection.dialect.name
    dbapi_connection = connection.connection.driver_connection
    for chunk in _chunks(synthetic_rows(count, point_ids, utcnow(), seed), CHUNK):
        _write_chunk(dbapi_connection, dialect, chunk)
        progress(len(chunk))
    db.session.commit()
    rebuild_aggregates()
    analyze()
    return count


def delete_synthetic_feedback() -> int:
    """Remove every synthetic rating and rebuild the aggregates; how many rows went."""
    removed = db.session.execute(delete(Feedback).where(Feedback.origin == "synthetic")).rowcount or 0
    db.session.commit()
    rebuild_aggregates()
    return removed


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (the indexes stay the cheap path)."""
    db.session.execute(text("ANALYZE"))
    db.session.commit()

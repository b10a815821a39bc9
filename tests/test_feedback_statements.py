"""A rating posted costs few statements (speed acceptance 1): with every check on, the repeat check
and the counts behind the caps and the burst rule are one statement, and the whole POST runs a
fixed, small number of them on either database."""
import re
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db
from tests.factories import csrf_from, form_data, seeded_point

TRANSACTION_CONTROL = re.compile(r"^\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT)", re.IGNORECASE)


@contextmanager
def statements_run():
    """The SQL statements run inside the block (transaction control left out)."""
    seen = []

    def note(_conn, _cursor, statement, *_args):
        if not TRANSACTION_CONTROL.match(statement):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_a_rating_posted_with_every_check_on_runs_five_statements_three_on_postgresql(app):
    point = seeded_point()
    client = app.test_client()
    url = f"/points/{point.slug}/feedback"
    token = csrf_from(client.get(url).get_data(as_text=True))
    with statements_run() as statements:
        response = client.post(url, data={"csrf_token": token, **form_data(overall="4")})
    assert response.status_code == 303
    checks = [s for s in statements if s.startswith("SELECT") and "client_hash" in s and "network_hash" in s]
    assert len(checks) == 1, statements  # the repeat check and the counts together
    # SQLite: the point with its services, the checks, the insert, the aggregates, the data version.
    # PostgreSQL, where each is a round trip: the point with the lock per point and client, the
    # checks, then the insert, the aggregates and the data version in one statement. The point row
    # itself is not loaded.
    if db.engine.dialect.name == "postgresql":
        assert len(statements) == 3, "\n".join(statements)
        assert "pg_advisory_xact_lock" in statements[0] and "FROM points" in statements[0]
        [write] = [s for s in statements if "INSERT INTO feedback" in s]
        assert "INSERT INTO score_aggregates" in write and "UPDATE data_version" in write
    else:
        assert len(statements) == 5, "\n".join(statements)
    assert not any(s.startswith("SELECT points.id, points.code") for s in statements), statements

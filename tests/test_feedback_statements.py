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


def test_a_rating_posted_with_every_check_on_runs_six_statements_at_most(app):
    point = seeded_point()
    client = app.test_client()
    url = f"/points/{point.slug}/feedback"
    token = csrf_from(client.get(url).get_data(as_text=True))
    with statements_run() as statements:
        response = client.post(url, data={"csrf_token": token, **form_data(overall="4")})
    assert response.status_code == 303
    checks = [s for s in statements if s.startswith("SELECT") and "client_hash" in s and "network_hash" in s]
    assert len(checks) == 1, statements  # the repeat check and the counts together
    # the point with its services, the checks, the insert, the aggregates, the data version (and
    # on PostgreSQL the lock per point and client); the point row itself is not loaded
    limit = 6 if db.engine.dialect.name == "postgresql" else 5
    assert len(statements) == limit, "\n".join(statements)
    assert not any(s.startswith("SELECT points.id, points.code") for s in statements), statements

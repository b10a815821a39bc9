"""Test data for the staff area: feedback rows written directly, the aggregates rebuilt from them
(the app's own rebuild, re-exported here), staff accounts, and a signed-in test client."""
from datetime import datetime, timedelta
from html.parser import HTMLParser

from sqlalchemy import select

from app.extensions import db
from app.models import Feedback, FeedbackContact, Point
from app.clock import current_quarter
from app.scoring import quarter_bounds
from app.services.accounts import create_admin
from app.services.scores import rebuild_aggregates  # noqa: F401  (re-exported for the tests)
from app.clock import utcnow
from tests.factories import csrf_from, csrf_token  # noqa: F401  (re-exported for the tests)

PASSWORD = "correct horse battery staple"


def points(n: int | None = None, **where) -> list[Point]:
    """Active seeded points by id (optionally filtered by column values)."""
    stmt = select(Point).where(Point.is_active.is_(True)).filter_by(**where).order_by(Point.id)
    return list(db.session.scalars(stmt.limit(n) if n else stmt))


def insert_feedback_row(point: Point, overall: int, quarter: int | None = None, comment: str | None = None,
                 status: str | None = None, contact: str | None = None, channel: str = "web",
                 created_at=None, hold_reason: str | None = None, **factors) -> Feedback:
    """One feedback row written straight to the table, dated in any quarter, with any status: the
    aggregates are NOT updated (call rebuild_aggregates() after adding rows). For a rating as a
    citizen sends it, use tests.factories.add_feedback."""
    quarter = quarter or current_quarter()
    start, _ = quarter_bounds(quarter)
    created_at = created_at or max(utcnow() - timedelta(days=1), _as_datetime(start))
    feedback = Feedback(
        point_id=point.id, overall=overall, quarter=quarter, visit_date=start + timedelta(days=1),
        comment=comment, comment_status=status or ("published" if comment else "none"),
        hold_reason=hold_reason, channel=channel, client_hash="test-client", origin="citizen",
        created_at=created_at, **factors)
    if contact:
        feedback.contact = FeedbackContact(contact=contact, erase_after=start + timedelta(days=365))
    db.session.add(feedback)
    return feedback


def _as_datetime(day) -> datetime:
    return datetime(day.year, day.month, day.day, 12)


def ratings(point: Point, values: list[int], quarter: int | None = None, **extra) -> None:
    """Several plain ratings of one point."""
    for value in values:
        insert_feedback_row(point, value, quarter, **extra)


def make_staff(email: str = "admin@buudien.test", role: str = "admin", password: str = PASSWORD):
    """A staff account created through the service (so its creation is audited)."""
    return create_admin(email, password, role)


def login(client, email: str = "admin@buudien.test", password: str = PASSWORD, next_url: str | None = None,
          address: str = "127.0.0.1"):
    """Post the sign-in form as a browser would (with its CSRF token), from a client address."""
    token = csrf_from(client.get("/admin/login").get_data(as_text=True))
    data = {"csrf_token": token, "email": email, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/admin/login", data=data, environ_base={"REMOTE_ADDR": address})


def signed_in(client, role: str = "admin", email: str | None = None):
    """A client signed in as a new staff member of the role."""
    email = email or f"{role}@buudien.test"
    make_staff(email, role)
    response = login(client, email)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return client


class _TableReader(HTMLParser):
    """Collects the text of each body row's cells of the first <table> (or the one with an id)."""

    def __init__(self, table_id: str | None):
        super().__init__()
        self.table_id, self.inside, self.depth = table_id, False, 0
        self.in_body, self.rows, self.cell = False, [], None

    def handle_starttag(self, tag, attrs):
        """Enter the table, its body, a row or a cell."""
        attrs = dict(attrs)
        if tag == "table" and not self.inside and (self.table_id is None or attrs.get("id") == self.table_id):
            self.inside = True
        elif self.inside and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        """Close a cell, the body or the table."""
        if self.in_body and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.inside = False

    def handle_data(self, data):
        """Keep text inside a cell."""
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, table_id: str | None = None) -> list[list[str]]:
    """The cell texts of each body row of a page's table."""
    reader = _TableReader(table_id)
    reader.feed(html)
    return reader.rows

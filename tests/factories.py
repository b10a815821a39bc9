"""Factories for points and feedback, and helpers to post the rating form like a browser does."""
import itertools
import re
from collections import defaultdict
from datetime import date, time

from sqlalchemy import func, select

from app.extensions import db
from app.models import Feedback, FeedbackContact, Point, PointHours, PointService, ScoreAggregate, Service, Unit
from app.scoring import CRITERIA, Tally
from app.search import build_search_text, slugify
from app.services.feedback import FeedbackSubmission, submit_feedback
from app.clock import to_local, utcnow

_serial = itertools.count(1)
CSRF = re.compile(r'name="(?:[a-z]+-)?csrf_token" (?:type="hidden" )?value="([^"]+)"')  # a prefixed form's too


def today() -> date:
    """Today in Vietnam, the date the form accepts as a visit date."""
    return to_local(utcnow()).date()


# Mon–Fri with a lunch break, Saturday morning, closed on Sunday.
STANDARD_WEEK = [(day, "07:00", "11:30") for day in range(6)] + \
    [(day, "13:30", "17:00") for day in range(5)]


def make_point(hours=(), services=(), **overrides) -> Point:
    """A new active point, committed: in the first unit unless told, with its own slug, opening
    hours as (weekday, "HH:MM", "HH:MM") and services as (code, handling), no ratings."""
    n = next(_serial)
    unit = db.session.get(Unit, overrides["unit_code"]) if "unit_code" in overrides else \
        db.session.scalars(select(Unit).order_by(Unit.code).limit(1)).one()
    name = overrides.pop("name", f"Điểm thử nghiệm {n}")
    values = {"code": f"TEST-{n}", "slug": slugify(name), "name": name, "type": "kiot", "unit_code": unit.code,
              "address": f"Số {n}, {unit.name}", "lat": unit.lat, "lon": unit.lon,
              "search_text": build_search_text(name, unit.name), "is_illustrative": True}
    values.update(overrides)
    point = Point(**values)
    point.hours = [PointHours(weekday=d, opens=time.fromisoformat(o), closes=time.fromisoformat(c))
                   for d, o, c in hours]
    catalogue = {s.code: s for s in db.session.scalars(select(Service))}
    point.point_services = [PointService(service=catalogue[code], handling=handling)
                            for code, handling in services]
    db.session.add(point)
    db.session.commit()
    return point


def seeded_point(index: int = 0) -> Point:
    """A seeded point that offers services (the form lists them), by position."""
    with_services = select(PointService.point_id).distinct()
    stmt = select(Point).where(Point.id.in_(with_services)).order_by(Point.id).offset(index).limit(1)
    return db.session.scalars(stmt).one()


def submission(**overrides) -> FeedbackSubmission:
    """A valid submission: overall 4, visited today, nothing optional unless given."""
    values = {'overall': 4, 'visit_date': today()}
    values.update(overrides)
    return FeedbackSubmission(**values)


def add_feedback(point: Point, client: str | None = None, **overrides) -> Feedback:
    """Store one rating through the service (aggregates included); each call a new client."""
    now = overrides.pop("now", None)
    outcome = submit_feedback(point.id, submission(**overrides), client or f"client-{next(_serial)}",
                              now=now)
    assert outcome.stored, "the factory's rating was refused"
    return outcome.feedback


def feedback_count(**where) -> int:
    """How many feedback rows match the given column values."""
    stmt = select(func.count()).select_from(Feedback).filter_by(**where)
    return db.session.scalar(stmt)


def contact_count() -> int:
    """How many private contacts are stored."""
    return db.session.scalar(select(func.count()).select_from(FeedbackContact))


def aggregate(point_id: int, criterion: str = "overall") -> tuple[int, float]:
    """Summed count and total of one point's criterion over every quarter."""
    agg = ScoreAggregate
    stmt = select(func.coalesce(func.sum(agg.count), 0), func.coalesce(func.sum(agg.total), 0)).where(
        agg.point_id == point_id, agg.criterion == criterion)
    count, total = db.session.execute(stmt).one()
    return int(count), float(total)


def rows_from_raw_feedback() -> list[tuple]:
    """The aggregates recomputed in Python from the stored rows that count: an independent oracle."""
    tallies: dict[tuple, Tally] = defaultdict(Tally)
    for feedback in db.session.scalars(select(Feedback).where(Feedback.rating_status == "counted")):
        for criterion in CRITERIA:
            value = getattr(feedback, criterion)
            if value is not None:
                key = (feedback.point_id, feedback.quarter, criterion)
                tallies[key] = tallies[key].add(value)
    return sorted((*key, t.count, float(t.total), float(t.total_sq)) for key, t in tallies.items())


def csrf_from(html: str) -> str:
    """The CSRF token a page's forms carry."""
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def csrf_token(client, url: str = "/admin/login") -> str:
    """GET a page with a form and read its CSRF token, as a browser holds it (by default the staff
    sign-in page, or the overview when the client is signed in already)."""
    response = client.get(url)
    if response.status_code == 302 and url == "/admin/login":
        response = client.get("/admin/")
    assert response.status_code == 200, (url, response.status_code)
    return csrf_from(response.get_data(as_text=True))


def form_data(**overrides) -> dict:
    """The fields a citizen fills: overall 5, visited today, the rest left empty."""
    data = {"overall": "5", "visit_date": today().isoformat(), "service": "", "comment": "",
            "contact": "", "website": "", "src": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_feedback(client, slug: str, query: str = "", headers=None, address: str = "127.0.0.1", **fields):
    """Fetch the form (for its token and the browser cookie) and post it with the given fields, like
    a browser on the network of `address`."""
    url = f"/points/{slug}/feedback{query}"
    environ = {"REMOTE_ADDR": address}
    form = client.get(url, environ_base=environ)
    assert form.status_code == 200, (url, form.status_code)
    token = csrf_from(form.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **form_data(**fields)}, headers=headers or {},
                       environ_base=environ)


def htmx_headers(target: str = "feedback-panel") -> dict:
    """The headers htmx sends with a request from the form."""
    return {"HX-Request": "true", "HX-Target": target, "HX-Current-URL": "http://localhost/"}

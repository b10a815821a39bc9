"""Acceptance 1: schemathesis against /api/openapi.json on the running app finds no failure.

A real werkzeug server on 127.0.0.1 serves an app on a temporary SQLite file, migrated and
seeded, with a few ratings so that scores are numbers as well as nulls. Every operation of the
description is exercised (examples, coverage and fuzzing phases, positive and negative data)
with every check schemathesis has: server errors, status codes, content types, response
schemas, headers, rejection of invalid data, acceptance of valid data, 405 with Allow."""
import time

import pytest
import schemathesis
from schemathesis.engine import events, from_schema

from app.extensions import db
from app.models import Point, ScoreAggregate
from app.clock import current_quarter
from tests.live_server import seeded_file_app, serve

MAX_EXAMPLES = 30  # per operation; the whole run stays well under two minutes on two cores


def add_ratings(count_points: int = 12) -> None:
    """Score aggregates for some points: enough ratings for a score, and too few for others."""
    quarter = current_quarter()
    points = db.session.scalars(db.select(Point).order_by(Point.id).limit(count_points)).all()
    for index, point in enumerate(points):
        n = 8 if index % 2 == 0 else 2
        for criterion in ("overall", "access", "staff"):
            db.session.add(ScoreAggregate(point_id=point.id, quarter=quarter, criterion=criterion,
                                          count=n, total=4.0 * n, total_sq=16.0 * n))
    db.session.commit()


@pytest.fixture(scope="module")
def live_api(tmp_path_factory):
    """The base URL of the app served by a real server on a migrated, seeded SQLite file."""
    app = seeded_file_app(tmp_path_factory.mktemp("schemathesis") / "api.db")
    with app.app_context():
        add_ratings()
    with serve(app) as base_url:
        yield base_url


def run_schemathesis(schema_url: str) -> tuple[dict[str, int], list[str]]:
    """Run every phase and every check; the cases tested per operation and every failure found."""
    config = schemathesis.Config()
    config.projects.override.checks.update(included_check_names=["all"])
    config.projects.override.generation.update(max_examples=MAX_EXAMPLES, database="none")
    config.projects.override.phases.update(phases=["examples", "coverage", "fuzzing", "stateful"])
    schema = schemathesis.openapi.from_url(schema_url, config=config)
    tested: dict[str, int] = {}
    problems: list[str] = []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):  # label None: a stateful scenario
            tested[event.label] = tested.get(event.label, 0) + len(event.recorder.cases)
            problems += [f"{event.label}: {check.name}: {check.failure_info.failure.title}\n"
                         f"{check.failure_info.failure.message}\n{check.failure_info.code_sample}"
                         for checks in event.recorder.checks.values() for check in checks
                         if check.failure_info is not None]
        elif isinstance(event, events.NonFatalError):
            problems.append(f"{event.label}: error: {event.value!r}")
        elif isinstance(event, events.FatalError):
            problems.append(f"fatal: {event.exception!r}")
    return tested, problems


@pytest.mark.slow
def test_api_conforms_to_its_openapi_description(live_api):
    started = time.monotonic()
    tested, problems = run_schemathesis(f"{live_api}/api/openapi.json")
    elapsed = time.monotonic() - started
    assert problems == []
    operations = {"GET /api/points", "GET /api/points/{slug}", "GET /api/points.geojson",
                  "GET /api/points.csv", "GET /api/services", "GET /api/units",
                  "GET /api/docs"}
    # schemathesis leaves out the description's own address; test_api_openapi.py validates it.
    assert set(tested) - {None} == operations
    assert all(tested[op] >= 5 for op in operations), tested
    assert elapsed < 120, f"schemathesis took {elapsed:.0f} s"

"""How much one rating costs with few and with many stored ratings (acceptance 6 of [feedback]).

For each database (SQLite files in a temporary folder; PostgreSQL when --pg or BENCH_DATABASE_URL
names a database, in which it creates and finally drops one schema per size), it migrates and
seeds one fresh database per size, bulk-loads each to its size with `bench-data`'s loader, then
times submissions, taking turns between the sizes so that other load on the machine weighs on
all of them alike. Three measures, median of many:
  service  submit_feedback() alone (repeat guard, insert, aggregate upserts, commit)
  POST     the form posted through the test client without htmx (CSRF, limiter, validation, 303)
  htmx     the same with htmx headers (the answer renders the thank-you and the new score block)
It prints a table and, per database and measure, the ratio largest size / smallest size.

    python -m bench.feedback_submit --sizes 1000,1000000 --pg postgresql://postgres@127.0.0.1/bench
"""
import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import flask_migrate
from sqlalchemy import create_engine, func, select, text

from app import create_app
from app.extensions import db
from app.models import Feedback, Point
from app.seeding import plan_directory
from app.services.feedback import FeedbackSubmission, submit_feedback
from app.services.seed import apply_plan
from app.services.synthetic_feedback import insert_synthetic_feedback
from app.timeutil import to_local, utcnow
from config import database_url

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
WARMUP = 20


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,1000000", help="stored ratings to measure at (ascending)")
    parser.add_argument("--samples", type=int, default=300, help="timed submissions per measure")
    parser.add_argument("--pg", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="PostgreSQL database to EMPTY and use (default: BENCH_DATABASE_URL)")
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    return args


def build_app(url: str):
    """A migrated, seeded app; limits on but too high to be reached."""
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "FEEDBACK_RATE_LIMIT": "100000000 per hour"})
    with app.app_context():
        flask_migrate.upgrade()
        apply_plan(plan_directory(ROOT / "data"))
    return app


def top_up(app, size: int) -> int:
    """Bulk-insert synthetic ratings until the table holds `size` rows; the rows stored."""
    with app.app_context():
        current = db.session.scalar(select(func.count()).select_from(Feedback))
        if size > current:
            started = time.perf_counter()
            insert_synthetic_feedback(size - current, seed=size)
            print(f"  loaded {size - current:,} synthetic ratings in {time.perf_counter() - started:.1f} s",
                  flush=True)
        return db.session.scalar(select(func.count()).select_from(Feedback))


class SubmissionTimer:
    """Times one submission of each kind against one database."""

    def __init__(self, app, tag: int):
        self.app, self.tag = app, tag
        with app.app_context():
            points = db.session.execute(select(Point.id, Point.slug).order_by(Point.id)).all()
        self.point_ids = [p.id for p in points]
        self.slugs = [p.slug for p in points]
        self.client = app.test_client()
        form = self.client.get(f"/points/{self.slugs[0]}/feedback").get_data(as_text=True)
        self.token = CSRF.search(form).group(1)
        self.visit = to_local(utcnow()).date() - timedelta(days=1)

    def service(self, i: int) -> float:
        """Seconds of one submit_feedback() call by a new client."""
        submission = FeedbackSubmission(overall=1 + i % 5, visit_date=self.visit, factors={"staff": 4},
                                        comment="Phục vụ tốt" if i % 4 == 0 else None)
        with self.app.app_context():
            started = time.perf_counter()
            outcome = submit_feedback(self.point_ids[i % len(self.point_ids)], submission,
                                      f"bench-{self.tag}-{i}")
            elapsed = time.perf_counter() - started
            assert outcome.stored
        return elapsed

    def post(self, i: int, htmx: bool) -> float:
        """Seconds of one form POST through the test client from a new client address."""
        address = f"10.{2 * (i // 62500) + htmx}.{i // 250 % 250}.{i % 250 + 1}"
        data = {"csrf_token": self.token, "overall": str(1 + i % 5), "visit_date": self.visit.isoformat(),
                "service": "", "comment": "Nhân viên nhiệt tình" if i % 4 == 0 else "", "contact": "",
                "website": ""}
        headers = {"HX-Request": "true", "HX-Target": "feedback-panel"} if htmx else {}
        started = time.perf_counter()
        response = self.client.post(f"/points/{self.slugs[(i + 7) % len(self.slugs)]}/feedback", data=data,
                                    headers=headers, environ_base={"REMOTE_ADDR": address})
        elapsed = time.perf_counter() - started
        assert response.status_code == (200 if htmx else 303), response.status_code
        return elapsed


def measure(name: str, urls: dict[int, str], samples: int) -> list[dict]:
    """Medians of the three measures at each size on one kind of database, sizes taking turns."""
    print(f"== {name}", flush=True)
    apps = {size: build_app(url) for size, url in urls.items()}
    stored = {size: top_up(app, size) for size, app in apps.items()}
    timers = {size: SubmissionTimer(app, size) for size, app in apps.items()}
    timings: dict[int, dict[str, list[float]]] = {size: {"service": [], "POST": [], "htmx": []} for size in apps}
    for i in range(WARMUP + samples):
        for size, timer in timers.items():
            sample = {"service": timer.service(i), "POST": timer.post(i, False), "htmx": timer.post(i, True)}
            if i >= WARMUP:
                for key, seconds in sample.items():
                    timings[size][key].append(seconds)
    rows = []
    for size, app in apps.items():
        medians = {key: statistics.median(values) for key, values in timings[size].items()}
        rows.append({"database": name, "size": size, "stored": stored[size], **medians})
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return rows


def postgres_schemas(url: str, sizes: list[int], create: bool) -> dict[int, str]:
    """One emptied schema per size in the PostgreSQL database (dropped again when create=False)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for size in sizes:
            conn.execute(text(f"DROP SCHEMA IF EXISTS bench_{size} CASCADE"))
            if create:
                conn.execute(text(f"CREATE SCHEMA bench_{size}"))
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return {size: f"{url}{separator}options=-csearch_path%3Dbench_{size}" for size in sizes}


def report(rows: list[dict]) -> None:
    """The table of medians and the ratios largest / smallest size."""
    print("\n| database | stored ratings | service (ms) | POST, 303 (ms) | htmx POST (ms) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['database']} | {row['stored']:,} | {row['service'] * 1000:.2f} | "
              f"{row['POST'] * 1000:.2f} | {row['htmx'] * 1000:.2f} |")
    print()
    worst = 0.0
    for name in dict.fromkeys(row["database"] for row in rows):
        mine = [row for row in rows if row["database"] == name]
        small, large = mine[0], mine[-1]
        ratios = {key: large[key] / small[key] for key in ("service", "POST", "htmx")}
        worst = max(worst, *ratios.values())
        print(f"{name}: {large['stored']:,} vs {small['stored']:,} rows: "
              + ", ".join(f"{key} ×{ratio:.2f}" for key, ratio in ratios.items()))
    print(f"worst ratio ×{worst:.2f} (acceptance: at most ×1.5)")


def main() -> int:
    """Run the benchmark on SQLite and, when given, PostgreSQL."""
    args = parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite_urls = {size: f"sqlite:///{folder}/bench_{size}.db" for size in args.sizes}
        rows += measure("SQLite", sqlite_urls, args.samples)
    if args.pg:
        os.environ["DATABASE_URL"] = args.pg
        url = database_url()
        try:
            rows += measure("PostgreSQL", postgres_schemas(url, args.sizes, create=True), args.samples)
        finally:
            postgres_schemas(url, args.sizes, create=False)
    else:
        print("PostgreSQL skipped: give --pg URL or BENCH_DATABASE_URL (a database it may write schemas in)")
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

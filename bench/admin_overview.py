"""The staff overview's and a public point page's render time at 10,000 and at 1,000,000 stored
feedback rows (the page cache off, so every request renders).

The overview reads only the score aggregates, so its time should not grow with the feedback table.
Rows go in with executemany in batches, then ScoreAggregate is rebuilt from them with one
INSERT … SELECT … GROUP BY; each size is timed through the WSGI app (signed in, no network).

    python -m bench.admin_overview                                   # SQLite file in a temp dir
    python -m bench.admin_overview --database-url postgresql://postgres@127.0.0.1:5432/DB

The PostgreSQL database is emptied first (DROP SCHEMA public CASCADE): give a scratch database."""
import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Feedback, Point  # noqa: E402
from app.queries.scores import current_quarter  # noqa: E402
from app.scoring import quarter_bounds, rolling_quarters  # noqa: E402
from app.seeding import plan_directory  # noqa: E402
from app.services.seed import apply_plan  # noqa: E402
from config import database_url  # noqa: E402
from tests.admin_factories import PASSWORD, login, make_staff, rebuild_aggregates  # noqa: E402

BATCH = 10_000
FACTORS = ("access", "procedure", "staff", "result", "complaints")
PAGES = {"overview (quarter)": "/admin/", "overview (12 months)": "/admin/?quarter=12m&sort=change&dir=desc"}


def prepare(url: str):
    """A migrated, seeded app on an empty database, with one administrator."""
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                             "PAGE_CACHE": False})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        flask_migrate.upgrade()
        apply_plan(plan_directory(ROOT / "data"))
        make_staff()
    return app


def feedback_rows(point_ids: list[int], n: int, rng: random.Random) -> list[dict]:
    """n synthetic ratings over the last eight quarters, each point with its own typical level."""
    quarters = rolling_quarters(current_quarter(), 8)
    level = {pid: rng.uniform(2.0, 4.6) for pid in point_ids}
    rows = []
    for _ in range(n):
        pid, quarter = rng.choice(point_ids), rng.choice(quarters)
        start, _end = quarter_bounds(quarter)
        visit = start + timedelta(days=rng.randrange(0, 89))
        rating = lambda: min(5, max(1, round(rng.gauss(level[pid], 0.9))))  # noqa: E731
        row = {"point_id": pid, "quarter": quarter, "visit_date": visit, "overall": rating(),
               "created_at": datetime(visit.year, visit.month, visit.day, 9)
               + timedelta(minutes=rng.randrange(600)),
               "comment": None, "comment_status": "none", "channel": rng.choice(("web", "qr")),
               "client_hash": f"bench-{rng.randrange(10**9)}", "origin": "synthetic"}
        row.update({f: rating() if rng.random() < 0.6 else None for f in FACTORS})
        rows.append(row)
    return rows


def grow(app, total: int, rng: random.Random) -> float:
    """Insert rows until the feedback table holds `total`, rebuild the aggregates; seconds taken."""
    started = time.perf_counter()
    with app.app_context():
        point_ids = list(db.session.scalars(select(Point.id)))
        have = db.session.scalar(select(func.count()).select_from(Feedback))
        db.session.commit()  # end the read: SQLite cannot upgrade a read snapshot older than our inserts
        while have < total:
            batch = feedback_rows(point_ids, min(BATCH, total - have), rng)
            with db.engine.begin() as conn:
                conn.execute(insert(Feedback.__table__), batch)  # executemany
            have += len(batch)
        rebuild_aggregates()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


def settle(app) -> None:
    """Flush what the load left behind (WAL, dirty pages, garbage) so it does not bill the timing."""
    with app.app_context():
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text("CHECKPOINT"))
            else:
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    gc.collect()
    time.sleep(2)


def time_pages(client, repeat: int, pages: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Median and fastest render time (ms) of each page, the pages taken in turn each round.

    The fastest run is the steadiest figure on a machine shared with other work: noise only adds."""
    samples: dict[str, list[float]] = {name: [] for name in pages}
    for round_number in range(repeat + 2):
        for name, url in pages.items():
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200
            if round_number >= 2:  # two warm-up rounds
                samples[name].append(elapsed)
    return {name: (statistics.median(s), min(s)) for name, s in samples.items()}


def busiest_slug(app) -> str:
    """The slug of the first point by id: the rows are spread over every point, this one included."""
    with app.app_context():
        return db.session.scalars(select(Point.slug).order_by(Point.id).limit(1)).one()


def main() -> None:
    """Build each size in turn, time the overview at each, print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="PostgreSQL scratch database (default: a SQLite file)")
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    workdir = tempfile.TemporaryDirectory(prefix="admin-bench-")
    url = args.database_url or f"sqlite:///{workdir.name}/bench.db"
    if url.startswith("postgres"):
        url = database_url(url)
    app = prepare(url)
    client = app.test_client()
    assert login(client, "admin@buudien.test", PASSWORD).status_code == 303
    rng = random.Random(2025)
    pages = {**PAGES, "point page (public)": f"/points/{busiest_slug(app)}"}
    results: dict[int, dict[str, tuple[float, float]]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        loaded = grow(app, size, rng)
        settle(app)
        results[size] = time_pages(client, args.repeat, pages)
        print(f"{size:>9,} feedback rows (loaded in {loaded:.0f} s)")
        for name, (median, fastest) in results[size].items():
            print(f"    {name:<22} median {median:7.1f} ms   fastest {fastest:7.1f} ms")
    print_ratios(url.split(":")[0], results)
    workdir.cleanup()


def print_ratios(backend: str, results: dict[int, dict[str, tuple[float, float]]]) -> None:
    """The time at the largest size over the time at the smallest, per page."""
    small, large = min(results), max(results)
    print(f"backend: {backend}   time at {large:,} rows / time at {small:,} rows (target ≤ 1.5):")
    for name in results[small]:
        (median_l, fastest_l), (median_s, fastest_s) = results[large][name], results[small][name]
        print(f"    {name:<22} median {median_l / median_s:.2f}   fastest {fastest_l / fastest_s:.2f}")


if __name__ == "__main__":
    main()

"""Flat at a million ratings: the staff overview, a public point page and a rating's submission,
timed at 10,000 and at 1,000,000 stored ratings, on SQLite and on PostgreSQL.

Per database kind it builds one database per size the way an operator would (`flask db upgrade`,
`flask seed`, `flask bench-data --feedback N`), then times every measure through the WSGI app
(no network, page cache off so every page renders), the sizes taking turns round after round so
that other load on the machine weighs on all of them alike. It prints the median and fastest time
of each measure at each size and the ratio largest / smallest size; it exits 1 when a median ratio
is above 1.5.

    python -m bench.scale [--sizes 10000,1000000] [--rounds 60] [--databases sqlite,postgresql]

PostgreSQL databases `bench_scale_<size>` are created through BENCH_PG_ADMIN (default: the local
server's `postgres` database) and dropped at the end.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench._feedback_form import FormFields, form_data
from bench._site import app_env, drop_database, flask, fresh_database, machine
from tests.databases import dispose

LIMIT = 1.5
PAGES = {
    "overview (quarter)": "/admin/",
    "overview (12 months)": "/admin/?quarter=12m&sort=change&dir=desc",
}
STAFF_EMAIL = "bench@buudien.test"
WARMUP_ROUNDS = 3


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,1000000", help="stored ratings to compare (ascending)")
    parser.add_argument("--rounds", type=int, default=60, help="timed rounds (each times every measure once)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    return args


def build(kind: str, workdir: Path, size: int, password: str) -> str:
    """A migrated, seeded database holding `size` synthetic ratings and one staff account; its URL."""
    url = fresh_database(kind, workdir, f"bench_scale_{size}")
    env = app_env(url)
    started = time.perf_counter()
    for command in (["db", "upgrade"], ["seed"], ["bench-data", "--feedback", str(size), "--seed", str(size)],
                    ["create-admin", STAFF_EMAIL, "--role", "reviewer", "--password-stdin"]):
        flask(env, *command, stdin=password + "\n")
    print(f"  {kind}: {size:,} ratings loaded by `flask bench-data` in {time.perf_counter() - started:.0f} s",
          flush=True)
    return url


class Site:
    """One database behind the WSGI app: a signed-in staff client and a citizen's rating form."""

    def __init__(self, url: str, password: str):
        from app import create_app
        from tests.admin_factories import login

        # every check of a rating runs (network caps, burst rule), with bounds the benchmark never reaches
        self.app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "PAGE_CACHE": False,
                                      "FEEDBACK_RATE_LIMIT": "1000000 per hour", "LOGIN_RATE_LIMIT": "1000 per minute",
                                      "FEEDBACK_NETWORK_POINT_CAP": 10**6, "FEEDBACK_NETWORK_HOURLY": 10**6,
                                      "FEEDBACK_BURST_MIN": 10**6})
        self.staff = self.app.test_client()
        assert login(self.staff, STAFF_EMAIL, password).status_code == 303, "staff sign-in failed"
        self.citizen = self.app.test_client()
        self.slug = self.staff.get("/api/points?per_page=1").get_json()["items"][0]["slug"]
        page = self.citizen.get(f"/points/{self.slug}/feedback").get_data(as_text=True)
        self.fields = FormFields()
        self.fields.feed(page)
        self.sent = 0

    def get(self, path: str) -> float:
        """Seconds to answer one GET (staff signed in: the overview needs it, the point page ignores it)."""
        started = time.perf_counter()
        response = self.staff.get(path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        return elapsed

    def submit(self, htmx: bool) -> float:
        """Seconds to store one rating from a new citizen (POST → 303, or the htmx thank-you)."""
        self.sent += 1
        n = self.sent
        data = form_data(self.fields, "Nhân viên nhiệt tình" if n % 4 == 0 else "", rating=str(1 + n % 5))
        headers = {"HX-Request": "true", "HX-Target": "feedback-panel"} if htmx else {}
        address = f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250 + 1}"
        self.citizen.delete_cookie("bid")  # a browser without the cookie counts as its network: new each time
        started = time.perf_counter()
        response = self.citizen.post(f"/points/{self.slug}/feedback", data=data, headers=headers,
                                     environ_base={"REMOTE_ADDR": address})
        elapsed = time.perf_counter() - started
        assert response.status_code == (200 if htmx else 303), response.status_code
        return elapsed

    def measures(self) -> dict:
        """Name → a function timing one sample."""
        return {
            **{name: (lambda path=path: self.get(path)) for name, path in PAGES.items()},
            "point page (public)": lambda: self.get(f"/points/{self.slug}"),
            "submission (POST, 303)": lambda: self.submit(htmx=False),
            "submission (htmx)": lambda: self.submit(htmx=True),
        }


def time_sizes(sites: dict[int, Site], rounds: int) -> dict[int, dict[str, list[float]]]:
    """Every measure once per size per round, the sizes taking turns; seconds per sample."""
    samples: dict[int, dict[str, list[float]]] = {size: {} for size in sites}
    measures = {size: site.measures() for size, site in sites.items()}
    for round_number in range(WARMUP_ROUNDS + rounds):
        for size, named in measures.items():
            for name, measure in named.items():
                seconds = measure()
                if round_number >= WARMUP_ROUNDS:
                    samples[size].setdefault(name, []).append(seconds)
    return samples


def report(kind: str, samples: dict[int, dict[str, list[float]]]) -> list[str]:
    """Print one database's table; return the measures whose median grew by more than LIMIT."""
    small, large = min(samples), max(samples)
    print(f"\n## {kind}: {small:,} → {large:,} stored ratings\n")
    print(f"| measure | median at {small:,} (ms) | median at {large:,} (ms) | ratio | "
          f"fastest at {small:,} | fastest at {large:,} | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    over = []
    for name, times_small in samples[small].items():
        times_large = samples[large][name]
        med_s, med_l = statistics.median(times_small) * 1000, statistics.median(times_large) * 1000
        min_s, min_l = min(times_small) * 1000, min(times_large) * 1000
        ratio = med_l / med_s
        flag = "" if ratio <= LIMIT else " OVER"
        if flag:
            over.append(f"{kind}: {name} ×{ratio:.2f}")
        print(f"| {name} | {med_s:.2f} | {med_l:.2f} | {ratio:.2f}{flag} | {min_s:.2f} | {min_l:.2f} | "
              f"{min_l / min_s:.2f} |")
    return over


def main() -> int:
    """Build the databases, time them, print the tables; 1 when a measure is not flat."""
    args = parse_args()
    print(f"Machine: {machine()}; through the WSGI app, page cache off; {args.rounds} rounds, "
          f"median and fastest of each measure; {date.today()}")
    password = os.urandom(12).hex()
    over = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        for kind in args.databases.split(","):
            urls = {size: build(kind, Path(folder), size, password) for size in args.sizes}
            sites = {}
            try:
                sites = {size: Site(url, password) for size, url in urls.items()}
                over += report(kind, time_sizes(sites, args.rounds))
            finally:
                dispose(*(site.app for site in sites.values()))
                for url in urls.values():
                    drop_database(kind, url)
    print(f"\nEvery median within ×{LIMIT}." if not over else "\nGrew more than ×1.5: " + "; ".join(over))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

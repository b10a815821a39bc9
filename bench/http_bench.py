"""`make bench`: the site under gunicorn (2 workers, production settings) on SQLite and PostgreSQL,
driven by wrk from a second process on loopback with a browser's Accept-Encoding; prints req/s,
latency, errors and the ratio to the ceiling: a bare Flask app (bench/bare_app.py) under the same
gunicorn, measured in the same run."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from datetime import date
from pathlib import Path

from bench._feedback_form import form_bodies, write_browsers
from bench._site import ROOT, checked_env, fresh_database, machine, serve_bare, serve_seeded, stop_server

LUA = ROOT / "bench" / "wrk_report.lua"
CEILING = "ceiling (bare Flask app)"
TARGETS = {"search fragment": 0.7, "point page": 0.7, "/ (home with map)": 0.6, "GeoJSON API": 0.8}
SUBMISSIONS_PER_SECOND = 500
BROWSER = "Accept-Encoding: gzip, deflate, br"  # what every browser sends


def wrk(url: str, seconds: int, connections: int, env_extra: dict | None = None) -> dict:
    """One wrk run; returns requests/s, p50/p95/p99 in ms and the error count."""
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), url],
                         env={**os.environ, **(env_extra or {})},
                         capture_output=True, text=True,
                         check=True).stdout
    fields = dict(kv.split("=") for kv in re.search(r"RESULT (.*)", out).group(1).split())
    seconds_run = int(fields["duration_us"]) / 1e6
    return {"rps": int(fields["requests"]) / seconds_run,
            **{p: int(fields[f"{p}_us"]) / 1000 for p in ("p50", "p95", "p99")},
            "errors": int(fields["errors"])}


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker, in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def home_weight(base: str) -> int:
    """Gzipped bytes of the first view of `/`: the page and every same-origin file it references,
    the lazily loaded Leaflet and map script included (scripts/page_weight.py; no tiles)."""
    from scripts.page_weight import http_fetcher, weigh

    rows, _external = weigh(http_fetcher(base), "/")
    return sum(gzipped for _url, _raw, gzipped in rows)


def measure(name: str, url: str, extra: dict, args) -> tuple[str, dict]:
    """One route: the warm-up (not kept), then the measured run, with a browser's headers."""
    source = extra.pop("browsers_from", None)  # submissions: new browsers for every run
    headers = "\n".join(filter(None, [BROWSER, extra.pop("WRK_HEADER", "")]))
    for seconds in ([args.warmup] if args.warmup else []) + [args.seconds]:
        if source:
            write_browsers(source, extra["WRK_BROWSER_FILE"])
        result = wrk(url, seconds, args.connections, {**extra, "WRK_HEADER": headers})
    return name, result


def measure_bare(env: dict, args) -> tuple[str, dict]:
    """The ceiling: the bare Flask app under the same gunicorn, alone on the machine."""
    proc, base = serve_bare(env)
    try:
        return measure(CEILING, base + "/", {}, args)
    finally:
        stop_server(proc)


def run_database(kind: str, args) -> tuple[list, dict]:
    """The ceiling, then every route on one database; returns the table rows and the run's facts."""
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    env = checked_env(fresh_database(kind, workdir))
    rows = [measure_bare(env, args)]
    proc, base = serve_seeded(env)
    try:
        features = json.load(urllib.request.urlopen(base + "/api/points.geojson"))["features"]
        slugs = [f["properties"]["slug"] for f in features]
        routes = [
            ("/livez (the site's own)", base + "/livez", {}),
            ("search fragment", base + "/points?q=lang", {"WRK_HEADER": "HX-Request: true"}),
            ("/ (home with map)", base + "/", {}),
            ("point page", f"{base}/points/{slugs[len(slugs) // 2]}", {}),
            ("GeoJSON API", base + "/api/points.geojson", {}),
        ]
        routes.append(("feedback submission", base + "/", form_bodies(base, slugs, workdir)))
        rows += [measure(name, url, extra, args) for name, url, extra in routes
                 if not args.routes or any(part in name for part in args.routes.split(","))]
        facts = {"weight": home_weight(base), "rss": worker_rss_mb(proc.pid)}
    finally:
        stop_server(proc)
        shutil.rmtree(workdir, ignore_errors=True)
    return rows, facts


def verdict(name: str, result: dict, ratio: float) -> tuple[bool, str]:
    """Whether a row meets its target (every row: 0 errors), and the target as printed."""
    if name in TARGETS:
        return ratio >= TARGETS[name] and result["errors"] == 0, f"≥ {TARGETS[name]}×, 0 errors"
    if "submission" in name:
        ok = result["rps"] >= SUBMISSIONS_PER_SECOND and result["errors"] == 0
        return ok, f"≥ {SUBMISSIONS_PER_SECOND}/s, 0 errors"
    return result["errors"] == 0, "0 errors"


def print_table(kind: str, rows: list, facts: dict) -> list[str]:
    """Print one database's table; return the targets it missed."""
    ceiling = dict(rows)[CEILING]["rps"]
    missed = []
    print(f"\n## {kind}\n")
    print("| route | req/s | p50 ms | p95 ms | p99 ms | errors | × ceiling | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, r in rows:
        ratio = r["rps"] / ceiling
        ok, goal = verdict(name, r, ratio)
        if not ok:
            missed.append(f"{kind}: {name}")
        print(f"| {name} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p95']:.2f} | {r['p99']:.2f} | "
              f"{r['errors']} | {ratio:.2f} | {goal}{'' if ok else ' MISSED'} |")
    rss = ", ".join(f"{m:.0f}" for m in facts["rss"])
    print(f"\nFirst view of / (gzip, no tiles): {facts['weight'] / 1024:.1f} KB. Worker RSS: {rss} MB.")
    if any(m > 150 for m in facts["rss"]):
        missed.append(f"{kind}: worker memory")
    return missed


def main() -> int:
    """Run the benchmark on each database and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measured run")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--routes", default="", help="only the routes whose name holds one of these "
                                                     "comma-separated words (the ceiling is always measured)")
    args = parser.parse_args()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" [")[0]
    limits = "on Redis, as deployed" if os.environ.get("BENCH_REDIS_URL") else "in each worker's memory"
    print(f"Machine: {machine()}; gunicorn -w 2 (production settings, rate limits counted {limits}), "
          f"{wrk_version} -t2 -c{args.connections} -d{args.seconds}s on loopback, '{BROWSER}'; {date.today()}")
    missed = []
    for kind in args.databases.split(","):
        rows, facts = run_database(kind, args)
        missed += print_table(kind, rows, facts)
    print("\nAll targets met." if not missed else "\nMissed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

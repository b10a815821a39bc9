"""`make bench`: the site under gunicorn (2 workers, production settings) on SQLite and PostgreSQL,
driven by wrk from a second process on loopback; prints req/s, latency, errors, ratio to the ceiling."""
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
from bench._site import ROOT, checked_env, fresh_database, machine, serve_seeded, stop_server

LUA = ROOT / "bench" / "wrk_report.lua"
TARGETS = {"search fragment": 0.5, "point page": 0.4, "/ (home with map)": 0.3, "GeoJSON API": 0.5}


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


def run_database(kind: str, args) -> tuple[list, dict]:
    """Every route on one database; returns the table rows and the run's facts."""
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    proc, base = serve_seeded(checked_env(fresh_database(kind, workdir)))
    try:
        features = json.load(urllib.request.urlopen(base + "/api/points.geojson"))["features"]
        slugs = [f["properties"]["slug"] for f in features]
        routes = [
            ("ceiling (/livez)", base + "/livez", {}),
            ("search fragment", base + "/points?q=lang", {"WRK_HEADER": "HX-Request: true"}),
            ("/ (home with map)", base + "/", {}),
            ("point page", f"{base}/points/{slugs[len(slugs) // 2]}", {}),
            ("GeoJSON API", base + "/api/points.geojson", {}),
        ]
        routes.append(("feedback submission", base + "/", form_bodies(base, slugs, workdir)))
        rows = []
        for name, url, extra in routes:
            source = extra.pop("browsers_from", None)  # submissions: new browsers for every run
            for seconds in ([args.warmup] if args.warmup else []) + [args.seconds]:
                if source:
                    write_browsers(source, extra["WRK_BROWSER_FILE"])
                result = wrk(url, seconds, args.connections, extra)  # the warm-up's is not kept
            rows.append((name, result))
        facts = {"weight": home_weight(base), "rss": worker_rss_mb(proc.pid)}
    finally:
        stop_server(proc)
        shutil.rmtree(workdir, ignore_errors=True)
    return rows, facts


def print_table(kind: str, rows: list, facts: dict) -> list[str]:
    """Print one database's table; return the targets it missed."""
    ceiling = rows[0][1]["rps"]
    missed = []
    print(f"\n## {kind}\n")
    print(f"| route | req/s | p50 ms | p95 ms | p99 ms | errors | × ceiling | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, r in rows:
        ratio = r["rps"] / ceiling
        target = TARGETS.get(name)
        goal = f"≥ {target}×" if target else ("≥ 200/s, 0 errors" if "submission" in name else "")
        ok = (ratio >= target) if target else (r["rps"] >= 200 and r["errors"] == 0) if "submission" in name else True
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
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measured run")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" [")[0]
    print(f"Machine: {machine()}; gunicorn -w 2 (production settings), {wrk_version} -t2 "
          f"-c{args.connections} -d{args.seconds}s on loopback; {date.today()}")
    missed = []
    for kind in args.databases.split(","):
        rows, facts = run_database(kind, args)
        missed += print_table(kind, rows, facts)
    print("\nAll targets met." if not missed else "\nMissed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Helpers of `make audit` (scripts/audit.sh).

    audit_report.py pages BASE_URL     # the pages to audit: / and the first point's page, if it exists
                                       # (a line starting with # is a note to print)
    audit_report.py summary REPORT...  # scores per page; exit 1 if one is below its bar
"""
import json
import ssl
import sys
import urllib.error
import urllib.request
from pathlib import Path

# Accessibility, best practices and SEO do not depend on the machine: 1.00. Performance is timed on a
# shared 2-core machine, where a busy neighbour costs a run a few hundredths: 0.95.
BARS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
LOOPBACK_TLS = ssl._create_unverified_context()  # the checks' own site on 127.0.0.1


def status_of(url: str) -> int:
    """The HTTP status of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30, context=LOOPBACK_TLS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def pages(base_url: str) -> list[str]:
    """`/` and `/points/<slug>` of the first point of the GeoJSON, when that page exists."""
    found = [base_url]
    with urllib.request.urlopen(base_url + "api/points.geojson", timeout=30, context=LOOPBACK_TLS) as r:
        features = json.load(r)["features"]
    if features:
        point = f"{base_url}points/{features[0]['properties']['slug']}"
        status = status_of(point)
        if status == 200:
            found.append(point)
        else:
            found.append(f"# {point} answers {status}: no point page yet, auditing / only")
    return found


def median_runs(paths: list[str]) -> list[tuple[dict, list[float]]]:
    """Per page (in order), the median run by performance score and every run's performance."""
    runs: dict[str, list[dict]] = {}
    for path in paths:
        report = json.loads(Path(path).read_text())
        runs.setdefault(report["requestedUrl"], []).append(report)
    chosen = []
    for reports in runs.values():
        reports.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
        chosen.append((reports[len(reports) // 2],
                       [r["categories"]["performance"]["score"] or 0 for r in reports]))
    return chosen


def summarise(paths: list[str]) -> int:
    """Print each page's four scores and the audits that cost points; 1 if a bar is missed."""
    missed = 0
    chosen = median_runs(paths)
    print(f"{'page (median run)':<60} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}")
    for report, performances in chosen:
        categories = report["categories"]
        scores = {name: categories[name]["score"] or 0 for name in BARS}
        print(f"{report['finalDisplayedUrl']:<60} " + " ".join(f"{s:5.2f}" for s in scores.values()))
        print(f"    performance of each run: {', '.join(f'{p:.2f}' for p in performances)}")
        for name, bar in BARS.items():
            if scores[name] < bar:
                missed += 1
                print(f"    {name} {scores[name]} is under {bar:.2f}; audits that cost points:")
                for ref in categories[name]["auditRefs"]:
                    audit = report["audits"][ref["id"]]
                    if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                        print(f"      - {ref['id']}: {audit['score']} {audit.get('displayValue', '')}")
        for name in ("largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"):
            print(f"    {name}: {report['audits'][name].get('displayValue', '?')}")
    print(f"audit: {len(chosen)} pages, {missed} scores under their bar "
          "(bars: " + ", ".join(f"{name} {bar:.2f}" for name, bar in BARS.items()) + ")")
    return 1 if missed or not chosen else 0


def main() -> int:
    """Dispatch the sub-command."""
    if len(sys.argv) == 3 and sys.argv[1] == "pages":
        print("\n".join(pages(sys.argv[2])))
        return 0
    if len(sys.argv) >= 3 and sys.argv[1] == "summary":
        return summarise(sys.argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

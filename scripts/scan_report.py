#!/usr/bin/env python3
"""Helpers of `make scan` (scripts/scan.sh).

    scan_report.py start-urls BASE_URL [EMAIL PASSWORD]  # URLs wapiti's crawler cannot find (hx-get)
    scan_report.py summary REPORT.json...                # counts per category; exit 1 unless all zero
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_urls(base_url: str, email: str | None = None, password: str | None = None) -> list[str]:
    """The hx-get URLs of the crawled pages (wapiti follows links and forms, not hx-get)."""
    from app import create_app
    from scripts.site_crawl import Crawler, login_path, parameterless_get_paths, url_map_kind

    app = create_app("test")
    visitor = Crawler(base_url, kind_of=url_map_kind(app))
    visitor.crawl(["/", *parameterless_get_paths(app)])
    found = set(visitor.hx_links)
    if email and (login := login_path(app)):
        staff = Crawler(base_url, kind_of=url_map_kind(app))
        if (landing := staff.login(login, email, password or "")):
            staff.crawl([landing.url])
            found |= staff.hx_links
    return sorted(found)


def check_signed_in(info: dict) -> int:
    """A logged-in scan must reach staff pages past the login form (0), or it proves nothing (1).

    wapiti's own verdict (`auth.logged_in`) looks for an English "log out" text, so the pages it
    crawled are what is judged: those answering 200 other than the login page itself.
    """
    login = info["auth"].get("url")
    reached = [p["request"]["url"] for p in info.get("crawled_pages", [])
               if p["request"].get("status_code") == 200 and not p["request"]["url"].startswith(login)]
    print(f"  signed in through {login}: {len(reached)} staff pages answered 200")
    if not reached:
        print("  anomalies: the logged-in scan never got past the login page")
    return 0 if reached else 1


def summarise(paths: list[str]) -> int:
    """Print the vulnerabilities and anomalies of wapiti's JSON reports; 1 if there is any."""
    totals = {"vulnerabilities": 0, "anomalies": 0}
    for path in paths:
        report = json.loads(Path(path).read_text())
        info = report.get("infos", {})
        print(f"{path}: target {info.get('target')}, {info.get('crawled_pages_nbr', '?')} pages crawled")
        if info.get("auth"):
            totals["anomalies"] += check_signed_in(info)
        for section in totals:
            for category, findings in sorted(report.get(section, {}).items()):
                totals[section] += len(findings)
                if findings:
                    print(f"  {section}: {category}: {len(findings)}")
                for finding in findings:
                    print(f"      {finding.get('method')} {finding.get('path')} "
                          f"{finding.get('parameter') or ''}: {finding.get('info')}")
    print(f"scan: {totals['vulnerabilities']} vulnerabilities, {totals['anomalies']} anomalies "
          "(internal errors, timeouts)")
    return 1 if any(totals.values()) else 0


def main() -> int:
    """Dispatch the sub-command."""
    if len(sys.argv) >= 3 and sys.argv[1] == "start-urls":
        print("\n".join(start_urls(*sys.argv[2:5])))
        return 0
    if len(sys.argv) >= 3 and sys.argv[1] == "summary":
        return summarise(sys.argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

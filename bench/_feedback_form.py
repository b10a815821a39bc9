"""Fill the public feedback form the way a citizen would, from its HTML (field names are read, not assumed)."""
import secrets
import urllib.parse
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import requests


class FormFields(HTMLParser):
    """The inputs of the first POST form on a page that rates something (has radio groups): hidden
    values, radio groups, date fields, textareas. Other forms (the language switch) are passed over."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.done = False
        self._start_form()
        self.hidden, self.radios, self.dates, self.textareas = {}, {}, [], []

    def _start_form(self):
        self._hidden: dict[str, str] = {}
        self._radios: dict[str, list[str]] = {}
        self._dates: list[str] = []
        self._textareas: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and not self.done:
            self.in_form = True
            self._start_form()
        if not self.in_form or "name" not in a:
            return
        kind = (a.get("type") or "text").lower()
        if tag == "input" and kind == "hidden":
            self._hidden[a["name"]] = a.get("value") or ""
        elif tag == "input" and kind == "radio":
            self._radios.setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "input" and kind == "date":
            self._dates.append(a["name"])
        elif tag == "textarea":
            self._textareas.append(a["name"])

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
            if self._radios:
                self.hidden, self.radios, self.dates, self.textareas = (
                    self._hidden, self._radios, self._dates, self._textareas)
                self.done = True


def read_form(session: requests.Session, url: str) -> FormFields:
    """GET a form page with the session (keeping its cookie) and parse the form."""
    response = session.get(url, timeout=10)
    response.raise_for_status()
    fields = FormFields()
    fields.feed(response.text)
    if not fields.radios:
        raise ValueError(f"no rating form at {url}")
    return fields


def form_data(fields: FormFields, comment: str, rating: str = "5") -> dict[str, str]:
    """A complete submission: every radio group rated, today's visit date, the comment."""
    data = dict(fields.hidden)
    for name, values in fields.radios.items():
        data[name] = rating if rating in values else values[0]
    for name in fields.dates:
        data[name] = date.today().isoformat()
    for name in fields.textareas:
        data[name] = comment
    return data


def form_bodies(base: str, slugs: list[str], workdir: Path) -> dict:
    """wrk's environment for submissions: one session cookie and a file of url-encoded bodies."""
    session = requests.Session()
    fields = read_form(session, f"{base}/points/{slugs[0]}/feedback")
    lines = []
    for slug in slugs:
        body = urllib.parse.urlencode(form_data(fields, f"Phục vụ tốt {secrets.token_hex(3)}"))
        lines.append(f"/points/{slug}/feedback {body}")
    path = workdir / "bodies.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies if c.name != "bid")
    return {"WRK_BODY_FILE": str(path), "WRK_COOKIE": cookie, "WRK_BROWSER_FILE": str(workdir / "browsers.txt"),
            "WRK_NETWORKS": "1",
            "browsers_from": f"{base}/points/{slugs[0]}/feedback"}


def write_browsers(form_url: str, path: str, count: int = 80) -> None:
    """`count` new browsers for one wrk run: each GET of the form without a cookie is given a
    browser-id cookie of its own."""
    lines = []
    for _ in range(count):
        response = requests.get(form_url, timeout=10)
        response.raise_for_status()
        lines.append(f"bid={response.cookies['bid']}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

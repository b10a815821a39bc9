"""A small bounded crawler for the quality gates: which pages does the site have, seen as a visitor
(links, GET forms) and, logged in, as staff? Standard library only, loopback only.

Pages are discovered, never listed by hand: from `/`, from the app's URL map (its GET routes
without parameters) and from the site's own links and GET forms, so pages added later are checked
without editing the gates. Each kind of page (endpoint and query keys) is kept a few times only.
"""
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import Cookie, CookieJar

SAMPLE_QUERY = "lang son"  # what a visitor types in a search box
SKIPPED_PREFIXES = ("/static/", "/lang/")  # files, and the language switch (a redirect)
SKIPPED_WORDS = ("logout", "dang-xuat")
NOT_PAGES = (".css", ".js", ".svg", ".png", ".jpg", ".ico", ".csv", ".json", ".geojson", ".xlsx", ".pdf")


@dataclass
class Form:
    """A form as the page declares it."""

    action: str
    method: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (tag/type, name, value)
    options: dict[str, list[str]] = field(default_factory=dict)  # select name -> option values


class PageParser(HTMLParser):
    """Collect links (href and hx-get) and forms from one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.hx_links: list[str] = []
        self.forms: list[Form] = []
        self._select: str | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record what matters of each tag."""
        a = {k: v or "" for k, v in attrs}
        if "hx-get" in a:
            self.hx_links.append(a["hx-get"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append(Form(a.get("action", ""), (a.get("method") or "get").lower()))
            self._in_form = True
        elif self._in_form and tag in ("input", "textarea", "button") and a.get("name"):
            kind = a.get("type", "text").lower() if tag == "input" else tag
            self.forms[-1].fields.append((kind, a["name"], a.get("value", "")))
        elif self._in_form and tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1].fields.append(("select", a["name"], ""))
            self.forms[-1].options[a["name"]] = []
        elif tag == "option" and self._select and self._in_form:
            self.forms[-1].options[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        """Close selects and forms."""
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def parse_page(html: str) -> PageParser:
    """Parse one page."""
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def form_query(form: Form) -> list[tuple[str, str]]:
    """What a visitor would submit: sample text in text fields, the first real option of selects."""
    pairs = []
    for kind, name, value in form.fields:
        if kind in ("text", "search", "textarea"):
            pairs.append((name, SAMPLE_QUERY))
        elif kind == "select":
            real = [v for v in form.options.get(name, []) if v]
            if real:
                pairs.append((name, real[0]))
        elif kind in ("hidden", "checkbox", "radio") and value:
            pairs.append((name, value))
    return pairs


@dataclass
class Page:
    """One fetched page."""

    url: str  # final URL, after redirects
    status: int
    content_type: str
    body: str
    found_from: str = ""

    @property
    def is_html(self) -> bool:
        """Whether the page is an HTML document."""
        return self.content_type.split(";")[0].strip() == "text/html"


class Crawler:
    """A visitor with cookies, restricted to one origin and to a bounded number of pages."""

    def __init__(self, base_url: str, max_pages: int = 80, per_kind: int = 2,
                 kind_of: Callable[[str], object] | None = None, lang: str | None = None) -> None:
        self.base = base_url.rstrip("/") + "/"
        self.origin = urllib.parse.urlsplit(self.base)[:2]
        self.max_pages, self.per_kind = max_pages, per_kind
        self.kind_of = kind_of or default_kind
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            urllib.request.HTTPSHandler(context=ssl._create_unverified_context()),  # loopback, self-signed
        )
        self.hx_links: set[str] = set()
        if lang:
            self.set_cookie("lang", lang)

    def set_cookie(self, name: str, value: str) -> None:
        """Preset a cookie for this origin (the language choice)."""
        host = self.origin[1].split(":")[0]
        self.cookies.set_cookie(Cookie(0, name, value, None, False, host, False, False, "/", True,
                                       False, None, False, None, None, {}))

    def absolute(self, href: str, page_url: str) -> str | None:
        """The absolute same-origin URL of a link, or None when it leaves the site or is no page."""
        url, _fragment = urllib.parse.urldefrag(urllib.parse.urljoin(page_url, href.strip()))
        parts = urllib.parse.urlsplit(url)
        if parts[:2] != self.origin:
            return None
        path = parts.path.lower()
        if path.startswith(SKIPPED_PREFIXES) or any(w in path for w in SKIPPED_WORDS):
            return None
        if path.endswith(NOT_PAGES):
            return None
        return url

    def fetch(self, url: str, data: bytes | None = None) -> Page:
        """GET (or POST data to) one URL; errors come back as pages with their status."""
        request = urllib.request.Request(url, data=data, headers={"User-Agent": "site-checks"})
        try:
            with self.opener.open(request, timeout=30) as response:
                return Page(response.url, response.status, response.headers.get("Content-Type", ""),
                            read_text(response))
        except urllib.error.HTTPError as error:
            return Page(error.url or url, error.code, error.headers.get("Content-Type", ""),
                        read_text(error))

    def crawl(self, seeds: Iterable[str], prefix: str = "/") -> list[Page]:
        """Breadth-first over links and GET forms from the seeds, pages under `prefix` only."""
        queue = deque((self.absolute(s, self.base), "start") for s in seeds)
        seen: set[str] = set()
        kinds: dict[object, int] = {}
        pages: list[Page] = []
        kept: set[str] = set()
        while queue and len(pages) < self.max_pages:
            url, found_from = queue.popleft()
            if not url or url in seen or not urllib.parse.urlsplit(url).path.startswith(prefix):
                continue
            seen.add(url)
            kind = self.kind_of(url)
            if kinds.get(kind, 0) >= self.per_kind:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            page = self.fetch(url)
            page.found_from = found_from
            if page.url in kept:
                continue  # a redirect to a page already kept
            if page.url != url:  # a redirect: the page is of the kind it landed on
                landed = self.kind_of(page.url)
                if kinds.get(landed, 0) >= self.per_kind:
                    continue
                kinds[landed] = kinds.get(landed, 0) + 1
            kept.add(page.url)
            seen.add(page.url)
            pages.append(page)
            if page.is_html and page.status < 400:
                queue.extend((u, page.url) for u in self.links_of(page))
        return pages

    def links_of(self, page: Page) -> list[str]:
        """Same-origin links, hx-get URLs and GET-form submissions of a page."""
        parsed = parse_page(page.body)
        found = [self.absolute(h, page.url) for h in parsed.links]
        for hx in parsed.hx_links:
            if (url := self.absolute(hx, page.url)):
                self.hx_links.add(url)
        for form in parsed.forms:
            if form.method == "get":
                action = self.absolute(form.action or page.url, page.url)
                if action:
                    query = urllib.parse.urlencode(form_query(form))
                    found.append(action.split("?")[0] + ("?" + query if query else ""))
        return [u for u in found if u]

    def login(self, login_url: str, email: str, password: str) -> Page | None:
        """Fill and post the login form (CSRF token included); the landing page, or None."""
        page = self.fetch(urllib.parse.urljoin(self.base, login_url))
        form = next((f for f in parse_page(page.body).forms
                     if any(kind == "password" for kind, _, _ in f.fields)), None)
        if form is None:
            return None
        pairs = []
        for kind, name, value in form.fields:
            if kind == "password":
                value = password
            elif kind in ("email", "text") or any(w in name.lower() for w in ("email", "user", "login")):
                value = email
            elif kind in ("submit", "button", "checkbox") and not value:
                continue
            pairs.append((name, value))
        action = urllib.parse.urljoin(page.url, form.action or page.url)
        landing = self.fetch(action, urllib.parse.urlencode(pairs).encode())
        logged_in = landing.status < 400 and not any(
            kind == "password" for f in parse_page(landing.body).forms for kind, _, _ in f.fields)
        return landing if logged_in else None


def read_text(response) -> str:
    """The body as text (HTML pages only; other bodies are not needed)."""
    if "html" not in (response.headers.get("Content-Type") or ""):
        return ""
    return response.read().decode("utf-8", errors="replace")


def default_kind(url: str) -> object:
    """A page's kind without the URL map: its path minus the last segment, and its query keys."""
    parts = urllib.parse.urlsplit(url)
    keys = frozenset(k for k, _ in urllib.parse.parse_qsl(parts.query))
    return parts.path.rsplit("/", 1)[0], keys


def url_map_kind(app) -> Callable[[str], object]:
    """A page's kind from the app's URL map: its endpoint and its query keys."""
    adapter = app.url_map.bind("localhost")

    def kind_of(url: str) -> object:
        parts = urllib.parse.urlsplit(url)
        keys = frozenset(k for k, _ in urllib.parse.parse_qsl(parts.query))
        try:
            endpoint, _args = adapter.match(parts.path, method="GET")
        except Exception:  # noqa: BLE001 (404, 405 or a redirect: the path itself is the kind)
            endpoint = parts.path
        return endpoint, keys

    return kind_of


def parameterless_get_paths(app) -> list[str]:
    """The URL map's GET routes that take no parameter (static files aside)."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.endpoint != "static":
            paths.append(rule.rule)
    return sorted(set(paths))


def login_path(app) -> str | None:
    """The staff login page, if the app has one: a parameterless GET route named like a login."""
    return next((p for p in parameterless_get_paths(app) if p.rstrip("/").endswith("login")), None)

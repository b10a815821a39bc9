"""The production recipe (deploy/): Debian's nginx with deploy/nginx-site.conf, a self-signed
certificate and loopback ports, in front of gunicorn with deploy/gunicorn.conf.py and production
settings (BEHIND_HTTPS=1, PROXY_FIX_X_FOR=1). Another Host is refused, a client's own
X-Forwarded-For is not believed, static files come from nginx, the rate limits see the client's
address, an upload over the limit gets a page that says the limit, no Server header is sent, a
forged X-Forwarded-For makes no new network for the rating caps, and the micro-cache keeps what is
the same for everyone (never a personal page) and serves the home page at five times a bare Flask
app's rate."""
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from scripts.serve_for_checks import BIN, ROOT, flask, free_port, stop_server

pytestmark = pytest.mark.slow
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HEADERS_MORE = Path("/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so")
HOST = "localhost"  # a name wrk can reach (it sends the URL's host as SNI)


def need_nginx() -> None:
    missing = [str(p) for p in (Path(NGINX), HEADERS_MORE) if not p.exists()]
    if missing:
        message = f"nginx recipe test skipped: {', '.join(missing)} not installed (apt-get install nginx libnginx-mod-http-headers-more-filter)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def certificate(workdir: Path) -> tuple[Path, Path]:
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}",
                    "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"exited with {process.returncode}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


class Recipe:
    """The running pair, and a raw HTTPS client that chooses its SNI, Host and source address."""

    def __init__(self, workdir: Path, http_port: int, https_port: int, cert: Path):
        self.workdir, self.http_port, self.https_port = workdir, http_port, https_port
        self.tls = ssl.create_default_context(cafile=str(cert))
        self.site_url = f"https://{HOST}:{https_port}"

    def request(self, method: str, path: str, headers: dict | None = None, body: bytes = b"",
                host: str = HOST, source: str = "127.0.0.1", tls: bool = True) -> http.client.HTTPResponse:
        raw = socket.create_connection(("127.0.0.1", self.https_port if tls else self.http_port),
                                       timeout=10, source_address=(source, 0))
        try:
            return self._exchange(raw, method, path, headers, body, host, tls)
        finally:
            raw.close()

    def _exchange(self, raw, method, path, headers, body, host, tls):
        sock = self.tls.wrap_socket(raw, server_hostname=host) if tls else raw
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}" + (f":{self.https_port}" if tls else ""),
                 "Connection: close", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        try:
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the whole body was read (413): the answer is still there to read
        response = http.client.HTTPResponse(sock)
        response.begin()
        response.body = response.read()
        response.close()
        sock.close()
        return response


@pytest.fixture(scope="module")
def recipe(tmp_path_factory):
    need_nginx()
    workdir = tmp_path_factory.mktemp("recipe")
    cert, key = certificate(workdir)
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "FLASK_DEBUG")}
    env.update(APP_ENV="production", SECRET_KEY=secrets.token_hex(32), DATABASE_URL=f"sqlite:///{workdir / 'site.db'}",
               SITE_URL=f"https://{HOST}:{https_port}", BEHIND_HTTPS="1", PROXY_FIX_X_FOR="1",
               MAP_TILES_URL="", RATELIMIT_ENABLED="1", LOGIN_RATE_LIMIT="3 per minute", PYTHONPATH=str(ROOT))
    flask(env, "db", "upgrade")
    flask(env, "seed")
    with open(workdir / "gunicorn.log", "wb") as log:
        app = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                                "-w", "1", "-b", f"127.0.0.1:{app_port}", "wsgi:app"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    site = subprocess.run([str(ROOT / "deploy" / "render-nginx.sh")], check=True, capture_output=True, text=True, env={
        **os.environ, "SITE_URL": env["SITE_URL"], "CERT": str(cert), "KEY": str(key), "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port), "UPSTREAM": f"127.0.0.1:{app_port}", "CACHE_DIR": str(workdir / "cache")}).stdout
    (workdir / "site.conf").write_text(site)
    (workdir / "nginx.conf").write_text(f"""
load_module {HEADERS_MORE};
{"user root;" if os.geteuid() == 0 else ""}
worker_processes auto;  # as Debian's own nginx.conf
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {workdir}/nginx-access.log;
    client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi; uwsgi_temp_path {workdir}/uwsgi; scgi_temp_path {workdir}/scgi;
    include {workdir}/site.conf;
}}
""")
    with open(workdir / "nginx-start.log", "wb") as log:
        nginx = subprocess.Popen([NGINX, "-c", str(workdir / "nginx.conf"), "-p", str(workdir), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_for_port(app_port, app)
        wait_for_port(https_port, nginx, timeout=15)
        yield Recipe(workdir, http_port, https_port, cert)
    finally:
        nginx.terminate()
        nginx.wait(timeout=15)
        stop_server(app)


def test_the_site_answers_through_nginx_over_https_without_naming_its_server(recipe):
    response = recipe.request("GET", "/")
    assert response.status == 200 and "Bưu điện tỉnh Lạng Sơn" in response.body.decode()
    assert response.getheader("Server") is None
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
    assert response.getheader("Content-Security-Policy")  # from the app
    plain = recipe.request("GET", "/points?q=a", tls=False)
    assert plain.status == 301 and plain.getheader("Location") == f"{recipe.site_url}/points?q=a"
    assert plain.getheader("Server") is None


def test_another_host_is_refused(recipe):
    with pytest.raises(ssl.SSLError):  # no certificate is even offered for another name
        recipe.request("GET", "/", host="evil.example")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):  # 444: closed, no answer
        recipe.request("GET", "/", host="evil.example", tls=False)


def test_links_are_built_from_site_url_whatever_the_client_says(recipe):
    forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http", "Forwarded": "host=evil.example"}
    response = recipe.request("GET", "/api/points?per_page=1", headers=forged)
    assert response.status == 200
    urls = re.findall(r'"(?:url|api_url|self|next)":"([^"]+)"', response.body.decode())
    assert urls and all(url.startswith(recipe.site_url + "/") for url in urls), urls


def test_static_files_come_from_nginx_with_long_caching(recipe):
    page = recipe.request("GET", "/").body.decode()
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', page).group(1)
    response = recipe.request("GET", css)
    assert response.status == 200 and b"--brand" in response.body
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Security-Policy") is None  # the app adds one to all it serves
    assert response.getheader("Server") is None


def sign_in_attempt(recipe, source: str, forged_for: str | None = None) -> int:
    """One wrong sign-in as a browser sends it (cookie, CSRF token, Referer), from a source address."""
    form = recipe.request("GET", "/admin/login", source=source)
    cookie = form.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.body.decode()).group(1)
    body = f"csrf_token={token}&email=someone%40buudien.test&password=not+the+password".encode()
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
               "Referer": f"{recipe.site_url}/admin/login", "Origin": recipe.site_url}
    if forged_for:
        headers["X-Forwarded-For"] = forged_for
    return recipe.request("POST", "/admin/login", headers=headers, body=body, source=source).status


def test_rate_limits_see_the_client_address_and_not_a_forged_one(recipe):
    # LOGIN_RATE_LIMIT is 3 per minute per network here: a new forged X-Forwarded-For each time is no way round it
    statuses = [sign_in_attempt(recipe, "127.0.0.3", forged_for=f"198.51.100.{i}") for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert sign_in_attempt(recipe, "127.0.0.4") == 200  # another client's address: its own budget


def test_an_upload_over_the_limit_is_refused_with_a_page_that_says_the_limit(recipe):
    response = recipe.request("POST", "/admin/import/", body=b"x" * (6 * 1024 * 1024),
                              headers={"Content-Type": "application/octet-stream"})
    assert response.status == 413
    page = response.body.decode()
    assert "5 MB" in page and "quá lớn" in page


def rate_through_nginx(recipe, slug: str, forged_for: str) -> int:
    """A new browser (no cookie yet) rates a point, with a forged X-Forwarded-For of its own."""
    url = f"/points/{slug}/feedback"
    form = recipe.request("GET", url, headers={"X-Forwarded-For": forged_for})
    cookies = "; ".join(value.split(";", 1)[0] for name, value in form.getheaders() if name.lower() == "set-cookie")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.body.decode()).group(1)
    today = re.search(r'<input[^>]*name="visit_date"[^>]*value="([0-9-]+)"', form.body.decode()).group(1)
    body = f"csrf_token={token}&overall=1&visit_date={today}".encode()
    headers = {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": forged_for,
               "Referer": f"{recipe.site_url}{url}", "Origin": recipe.site_url}
    return recipe.request("POST", url, headers=headers, body=body).status


def test_a_forged_forwarded_for_does_not_make_new_networks_behind_the_proxy(recipe):
    listing = json.loads(recipe.request("GET", "/api/points?per_page=1").body)
    slug = listing["items"][0]["slug"]
    before = listing["items"][0]["ratings"]
    statuses = [rate_through_nginx(recipe, slug, f"203.0.113.{i}") for i in range(6)]
    assert statuses == [303] * 6  # stored: three counted, three held for review
    after = json.loads(recipe.request("GET", f"/api/points/{slug}").body)["ratings"]
    assert after - before == 3


def upstream_requests(recipe, path: str) -> int:
    """How many requests for `path` reached gunicorn (its access log, written after each answer)."""
    time.sleep(0.5)
    log = (recipe.workdir / "gunicorn.log").read_text(errors="replace")
    return log.count(f'"GET {path} HTTP/1.1"')


def test_the_micro_cache_keeps_public_pages_and_never_a_personal_one(recipe):
    browser = {"Accept-Encoding": "gzip, deflate, br"}
    first = recipe.request("GET", "/?micro=1", headers=browser)
    assert first.status == 200 and first.getheader("Content-Encoding") == "br"
    assert "s-maxage=5" in first.getheader("Cache-Control")
    for _ in range(3):
        again = recipe.request("GET", "/?micro=1", headers=browser)
        assert again.body == first.body and again.getheader("ETag") == first.getheader("ETag")
    assert upstream_requests(recipe, "/?micro=1") == 1
    english = recipe.request("GET", "/?micro=1", headers={**browser, "Cookie": "lang=en"})
    assert english.body != first.body and upstream_requests(recipe, "/?micro=1") == 2
    signed = recipe.request("GET", "/?micro=1", headers={**browser, "Cookie": "session=someone"})
    assert signed.status == 200 and upstream_requests(recipe, "/?micro=1") == 3  # not from the cache

    slug = json.loads(recipe.request("GET", "/api/points?per_page=1").body)["items"][0]["slug"]
    form_url = f"/points/{slug}/feedback"
    before = upstream_requests(recipe, form_url), upstream_requests(recipe, "/admin/login")
    forms = [recipe.request("GET", form_url) for _ in range(2)]
    tokens = {re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', f.body).group(1) for f in forms}
    assert len(tokens) == 2 and all(f.getheader("Set-Cookie") for f in forms)
    for _ in range(2):
        assert recipe.request("GET", "/admin/login").getheader("Cache-Control") == "no-store"
    assert (upstream_requests(recipe, form_url), upstream_requests(recipe, "/admin/login")) == \
        (before[0] + 2, before[1] + 2)  # each one asked of the app


def requests_per_second(url: str, headers: str = "") -> float:
    """wrk -t2 -c16 for 5 s (1 s of warm-up first), as bench/http_bench.py runs it."""
    from bench.http_bench import wrk

    wrk(url, 1, 16, {"WRK_HEADER": headers})
    return wrk(url, 5, 16, {"WRK_HEADER": headers})["rps"]


@pytest.mark.timing
def test_the_micro_cache_serves_the_home_page_at_five_times_a_bare_flask_app(recipe):
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (apt-get install wrk)")
    port = free_port()
    bare = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "-w", "2",
                             "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "bench.bare_app:app"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, bare)
        ceiling = requests_per_second(f"http://127.0.0.1:{port}/")
    finally:
        stop_server(bare)
    home = requests_per_second(f"https://{HOST}:{recipe.https_port}/", "Accept-Encoding: gzip, deflate, br")
    print(f"home page through nginx's micro-cache: {home:,.0f}/s; bare Flask app under gunicorn -w 2: "
          f"{ceiling:,.0f}/s; ×{home / ceiling:.1f}")
    assert home >= 5 * ceiling, (home, ceiling)

#!/usr/bin/env python3
"""Serve the site for a checker (Nu checker, wapiti, Lighthouse, axe): production settings, a
fresh migrated and seeded SQLite file, gunicorn on a free loopback port, no map tiles.

    python scripts/serve_for_checks.py --pid-file F --env-file E   # runs until SIGTERM/SIGINT

It prints the base URL once the site answers, writes its own PID to --pid-file and, to --env-file,
shell lines BASE_URL=..., ADMIN_EMAIL=..., ADMIN_PASSWORD=... (the admin only when `flask
create-admin` exists). Killing that PID (SIGTERM) stops gunicorn and removes the temporary files.
From Python, `with served() as site:` does the same and yields the base URL and the credentials.
"""
import argparse
import contextlib
import os
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN_EMAIL = "checks-admin@example.com"


@dataclass
class Site:
    """A running site: where it answers and how to log in to its admin area (if it has one)."""

    base_url: str
    admin_email: str | None = None
    admin_password: str | None = None
    server_pid: int | None = None  # gunicorn's master


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(workdir: Path, rate_limits: bool, https: bool = False) -> dict[str, str]:
    """Production-like settings on a throw-away SQLite file, offline (no tiles, no Redis)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "FLASK_DEBUG")}
    env.update(
        APP_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=f"sqlite:///{workdir / 'checks.db'}",
        MAP_TILES_URL="",
        SITE_URL="http://127.0.0.1",  # the commands' value; the server gets its port (served)
        BEHIND_HTTPS="1" if https else "0",
        RATELIMIT_ENABLED="1" if rate_limits else "0",
        FLASK_APP="wsgi",
        PYTHONUNBUFFERED="1",
    )
    return env


def flask(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run one `flask` command of the app; stop everything if it fails."""
    result = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                            input=stdin, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"serve_for_checks: `flask {' '.join(args)}` failed ({result.returncode})")
    return result


def create_admin(env: dict) -> tuple[str, str]:
    """Create an administrator through `flask create-admin EMAIL --password-stdin`.

    The generated password always begins with "-", so every check run proves that the tools take
    it as a value and never as an option (a random one began with "-" one run in 64).
    """
    password = os.environ.get("CHECKS_ADMIN_PASSWORD") or "-" + secrets.token_urlsafe(18)
    flask(env, "create-admin", ADMIN_EMAIL, "--role", "admin", "--password-stdin", stdin=f"{password}\n")
    return ADMIN_EMAIL, password


def prepare_database(env: dict) -> tuple[str, str]:
    """Migrate and seed the file database, add the demo ratings and an administrator."""
    flask(env, "db", "upgrade")
    flask(env, "seed")
    flask(env, "seed-demo-feedback")
    return create_admin(env)


def self_signed_certificate(workdir: Path) -> tuple[Path, Path]:
    """A throw-away certificate for 127.0.0.1 (HTTPS is the proxy's job in production)."""
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def wait_until_up(base_url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    """Wait for /healthz to answer 200."""
    deadline = time.monotonic() + timeout
    loopback_tls = ssl._create_unverified_context()  # our own throw-away certificate
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"serve_for_checks: the server exited ({server.returncode})")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(base_url + "healthz", timeout=2, context=loopback_tls) as response:
                if response.status == 200:
                    return
        time.sleep(0.3)
    raise SystemExit("serve_for_checks: the server did not answer in time")


def start_server(env: dict, port: int, log_path: Path, tls: tuple[Path, Path] | None) -> subprocess.Popen:
    """gunicorn (two workers, as in production) on 127.0.0.1:port, over TLS when given a certificate."""
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
               "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{port}",
               "--graceful-timeout", "5", "--log-level", "warning", "wsgi:app"]
    if tls:
        command[3:3] = ["--certfile", str(tls[0]), "--keyfile", str(tls[1])]
    with open(log_path, "ab") as log:  # the server keeps its own copy of the descriptor
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM gunicorn and wait for its graceful stop."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextlib.contextmanager
def served(rate_limits: bool = False, log_path: Path | None = None, https: bool = False,
           commands: tuple[tuple[str, ...], ...] = ()):
    """A fresh seeded site for the duration of the block; yields a Site. `commands` are further
    flask commands run on its database first (more ratings, say).

    With https, gunicorn serves TLS itself with a self-signed certificate and the app runs with
    BEHIND_HTTPS=1 (Secure cookies, HSTS), as it does behind the production proxy.
    """
    workdir = Path(tempfile.mkdtemp(prefix="checks-site-"))
    server = None
    try:
        env = site_environment(workdir, rate_limits, https)
        admin = prepare_database(env)
        for command in commands:
            flask(env, *command)
        port = free_port()
        tls = self_signed_certificate(workdir) if https else None
        base_url = f"{'https' if https else 'http'}://127.0.0.1:{port}/"
        env["SITE_URL"] = base_url.rstrip("/")
        server = start_server(env, port, log_path or workdir / "server.log", tls)
        wait_until_up(base_url, server)
        yield Site(base_url, *(admin or (None, None)), server_pid=server.pid)
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(workdir, ignore_errors=True)


def write_env_file(path: Path, site: Site) -> None:
    """Shell assignments a caller can source."""
    lines = [f"BASE_URL={shlex.quote(site.base_url)}"]
    if site.admin_email:
        lines += [f"ADMIN_EMAIL={shlex.quote(site.admin_email)}",
                  f"ADMIN_PASSWORD={shlex.quote(site.admin_password or '')}"]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n")
    tmp.rename(path)  # the caller polls for this file: it appears complete or not at all


def main() -> None:
    """Serve until told to stop."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pid-file", type=Path)
    parser.add_argument("--env-file", type=Path, help="where to write BASE_URL and the admin login")
    parser.add_argument("--log-file", type=Path, help="gunicorn's log (default: a temporary file)")
    parser.add_argument("--https", action="store_true",
                        help="serve over TLS (self-signed) with BEHIND_HTTPS=1, as in production")
    parser.add_argument("--rate-limits", action="store_true",
                        help="keep the rate limits on (off by default: checkers send many requests)")
    options = parser.parse_args()
    if options.pid_file:
        options.pid_file.write_text(f"{os.getpid()}\n")
    stop = {"now": False}

    def on_signal(_signum, _frame):
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with served(options.rate_limits, options.log_file, options.https) as site:
        print(site.base_url, flush=True)
        if options.env_file:
            write_env_file(options.env_file, site)
        while not stop["now"]:
            time.sleep(0.2)


if __name__ == "__main__":
    main()

"""A seeded site for the benchmarks and the multi-worker tests: fresh databases, the production
environment (rate limits off), gunicorn -w 2 started (stopped by scripts/serve_for_checks.stop_server,
whose flask and free_port helpers this module uses too)."""
import os
import secrets
import subprocess
import time
import urllib.request
from pathlib import Path

from scripts.serve_for_checks import BIN, ROOT, flask, free_port, stop_server  # noqa: F401 (stop_server: for callers)

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def fresh_database(kind: str, workdir: Path, name: str = "bench") -> str:
    """The URL of an empty database: a SQLite file in `workdir`, or the PostgreSQL database `name`
    (dropped and created again through BENCH_PG_ADMIN, by default the server's `postgres` database)."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / (name + '.db')}"
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def drop_database(kind: str, url: str) -> None:
    """Drop a PostgreSQL database made by fresh_database (SQLite files go with their folder)."""
    if kind == "postgresql":
        name = url.rsplit("/", 1)[1]
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def psql(*commands: str) -> None:
    """Run SQL commands, one by one, on the BENCH_PG_ADMIN database (notices not shown)."""
    arguments = [arg for command in ("SET client_min_messages = warning", *commands) for arg in ("-c", command)]
    subprocess.run(["psql", PG_ADMIN, "-q", "-v", "ON_ERROR_STOP=1", *arguments], check=True,
                   stdout=subprocess.DEVNULL)


def machine() -> str:
    """The machine and software the figures were measured on, in one line."""
    import platform
    import sqlite3

    server = subprocess.run(["psql", PG_ADMIN, "-Atc", "SHOW server_version"], capture_output=True,
                            text=True).stdout.split(" ")[0].strip() or "not reachable"
    return (f"{os.cpu_count()} cores ({platform.machine()}), {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // 2**30} GiB, "
            f"Linux {platform.release()}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"PostgreSQL server {server}")


def app_env(url: str) -> dict:
    """Production settings for the benchmark run (rate limits off for this run only)."""
    return {**os.environ, "APP_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": url, "RATELIMIT_ENABLED": "0", "MAP_TILES_URL": "",
            "SITE_URL": "http://127.0.0.1",
            "PYTHONPATH": str(ROOT)}


def checked_env(url: str) -> dict:
    """Production settings with every check of a rating on, behind a proxy as deployed
    (PROXY_FIX_X_FOR=1): the rate limit and the network caps at their production values, the
    ratings coming from many networks (X-Forwarded-For, bench/wrk_report.lua), as a province's
    citizens do. The burst rule is on but never holds a rating: a held rating skips the score
    aggregates, and the benchmark measures the dearer path, every rating counted. The rate limits
    are counted on the Redis of BENCH_REDIS_URL, as the deploy recipe counts them (that database
    is emptied first: its counts are the benchmark's own), else in each worker's memory."""
    env = {**app_env(url), "RATELIMIT_ENABLED": "1", "PROXY_FIX_X_FOR": "1", "FEEDBACK_BURST_MIN": "1000000"}
    env.pop("REDIS_URL", None)
    redis_url = os.environ.get("BENCH_REDIS_URL")
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        env["REDIS_URL"] = redis_url
    return env


def start_gunicorn(env: dict, port: int, target: str = "wsgi:app", ready: str = "/livez") -> subprocess.Popen:
    """gunicorn -w 2 serving `target` (the site by default), waited for until `ready` answers."""
    proc = subprocess.Popen([str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                             "--log-level", "warning", target], env=env, cwd=ROOT)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def serve_seeded(env: dict) -> tuple[subprocess.Popen, str]:
    """Migrate and seed the database of `env`, then serve it under gunicorn; (process, base URL)."""
    flask(env, "db", "upgrade")
    flask(env, "seed")
    port = free_port()
    return start_gunicorn(env, port), f"http://127.0.0.1:{port}"


def serve_bare(env: dict) -> tuple[subprocess.Popen, str]:
    """The bare Flask app of bench/bare_app.py under the same gunicorn; (process, base URL)."""
    port = free_port()
    return start_gunicorn(env, port, "bench.bare_app:app", "/"), f"http://127.0.0.1:{port}"

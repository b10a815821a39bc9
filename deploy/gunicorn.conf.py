"""gunicorn settings for production (deploy/README.md): `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Behind the nginx site in deploy/nginx-site.conf, on loopback only. Options on the command line
override these (the checks and benchmarks pass their own -b and -w)."""
import os

from gunicorn.http import wsgi as _gunicorn_wsgi

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2))  # one per core: the work is CPU-bound
threads = 1
timeout = 30  # a request that takes longer is a fault: its worker is replaced
graceful_timeout = 20
keepalive = 5  # nginx keeps up to 16 connections open to us (upstream keepalive)
max_requests, max_requests_jitter = 5000, 500  # recycle workers now and then
limit_request_line, limit_request_fields, limit_request_field_size = 4094, 50, 8190
forwarded_allow_ips = "127.0.0.1"  # only nginx, on this machine, may say it forwarded a request
accesslog = "-"
errorlog = "-"
loglevel = "info"
proc_name = "lang-son"


def _without_server_header(default_headers):
    """gunicorn names itself and its version in a Server header of every response, and has no
    setting to stop it: leave that line out (nginx removes its own, more_clear_headers)."""

    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    return headers


_gunicorn_wsgi.Response.default_headers = _without_server_header(_gunicorn_wsgi.Response.default_headers)

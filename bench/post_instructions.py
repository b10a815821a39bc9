"""CPU instructions the app spends on one rating posted, counted by valgrind's callgrind: a figure
that, unlike seconds, does not drift with the machine's speed, for comparing two versions of the
code (README "Performance"). A seeded SQLite file, the production settings with every check on
(bench/_site.checked_env; the limits on BENCH_REDIS_URL's Redis when it is set), then POSTs of the
rating form straight into the WSGI app, each from a browser and a network of its own, as
bench/http_bench.py sends them; only the measured posts are counted (callgrind collects inside
functools.reduce, which runs them). The app's own process only: not gunicorn, not Redis."""
import argparse
import functools
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from bench._feedback_form import FormFields, form_data
from bench._site import ROOT, checked_env, flask


def posts(app, count: int) -> list[dict]:
    """WSGI environs of `count` ratings over the points, the form filled as bench/http_bench.py
    fills it (bench/_feedback_form.py), each from a browser and a network of its own."""
    from app.clients import _serializer
    from app.models import Point

    with app.app_context():
        slugs = [p.slug for p in Point.query.filter_by(is_active=True).order_by(Point.id)]
    page = app.test_client().get(f"/points/{slugs[0]}/feedback", base_url="http://127.0.0.1")
    fields = FormFields()
    fields.feed(page.get_data(as_text=True))
    session = next(c for c in page.headers.getlist("Set-Cookie") if c.startswith("session=")).split(";")[0]
    browsers = _serializer(app.config["SECRET_KEY"])
    environs = []
    for i in range(count):
        body = urlencode(form_data(fields, f"Phục vụ tốt {i:x}")).encode()
        environs.append({
            "REQUEST_METHOD": "POST", "PATH_INFO": f"/points/{slugs[i % len(slugs)]}/feedback",
            "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1",
            "HTTP_X_FORWARDED_FOR": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
            "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
            "HTTP_COOKIE": f"{session}; bid={browsers.dumps(f'{i:032x}')}",
            "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False})
    return environs


def measured_process(count: int, warmup: int) -> None:
    """In the process valgrind runs: the app, `warmup` posts, then `count` posts inside
    functools.reduce; exits with an error unless every one was stored (303)."""
    from app import create_app

    app = create_app()
    statuses: dict[str, int] = {}

    def post(_, environ):
        def start_response(status, _headers, _exc_info=None):
            statuses[status] = statuses.get(status, 0) + 1

        answer = app(environ, start_response)
        for _chunk in answer:
            pass
        getattr(answer, "close", lambda: None)()

    environs = posts(app, warmup + count)
    for environ in environs[:warmup]:  # not counted: callgrind collects inside functools.reduce only
        post(None, environ)
    functools.reduce(post, environs[warmup:], None)
    if set(statuses) != {"303 SEE OTHER"}:  # a refused or failed post would be a different path
        sys.exit(f"not every rating was stored: {statuses}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--measured-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measured_process:
        measured_process(args.posts, args.warmup)
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is not installed (apt-get install valgrind): nothing measured")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="bench-instructions-"))
    try:
        env = checked_env(f"sqlite:///{workdir / 'bench.db'}")
        flask(env, "db", "upgrade")
        flask(env, "seed")
        out = workdir / "callgrind.out"
        run = subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
                              "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}", sys.executable,
                              "-m", "bench.post_instructions", "--measured-process", "--posts", str(args.posts),
                              "--warmup", str(args.warmup)], env=env, cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:  # valgrind's own lines end stderr; the app's error is above them
            print("the measured process failed:\n" + run.stderr[-3000:])
            return 1
        total = next(int(line.split()[1]) for line in out.read_text().splitlines()
                     if line.startswith(("summary:", "totals:")))
        per_post = total / args.posts
        print(f"Instructions per rating posted (SQLite, every check on, callgrind, {args.posts} posts after "
              f"{args.warmup} of warm-up): {per_post / 1e6:.2f} M")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The README's staff-account command works as written, in a fresh shell in the checkout.

`flask create-admin EMAIL` with FLASK_APP and APP_ENV unset: `.flaskenv` (python-dotenv) names the
development app, so flask does not fall back to wsgi.py and its production settings."""
import os
import subprocess
import sys
from pathlib import Path

from app.extensions import db
from tests.admin_factories import login
from tests.databases import dispose, seeded_app

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).parent / "flask"
PASSWORD = "mot mat khau that dai"


def readme_command(*args: str, stdin: str, database: str) -> subprocess.CompletedProcess:
    """Run `flask ARGS` in the checkout as a newcomer's shell would (only the database moved to a
    scratch file, so the developer's instance/ is left alone)."""
    env = {k: v for k, v in os.environ.items() if k not in ("FLASK_APP", "APP_ENV", "FLASK_DEBUG")}
    env["DATABASE_URL"] = database
    return subprocess.run([str(FLASK), *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                          text=True, timeout=60, check=False)


def test_create_admin_as_the_readme_writes_it_then_sign_in(tmp_path):
    url = f"sqlite:///{tmp_path / 'site.db'}"
    app = seeded_app(url)
    assert "flask create-admin" in (ROOT / "README.md").read_text(encoding="utf-8")
    done = readme_command("create-admin", "nguoi.moi@example.vn", "--password-stdin",
                          stdin=PASSWORD + "\n", database=url)
    assert done.returncode == 0, done.stderr
    assert "nguoi.moi@example.vn" in done.stdout
    with app.app_context():
        response = login(app.test_client(), "nguoi.moi@example.vn", PASSWORD)
        assert response.status_code == 303 and response.headers["Location"] == "/admin/"
        db.session.remove()
    dispose(app)

"""Consistent backups while the site keeps taking writes: SQLite's backup API, pg_dump for PostgreSQL."""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The backup could not be made; the message says why."""


def backup_database(url: str, dest: Path) -> Path:
    """Copy the database at `url` to `dest` (a file); returns the file written."""
    parsed = make_url(url)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "sqlite":
        return _backup_sqlite(parsed.database, dest)
    if parsed.get_backend_name() == "postgresql":
        return _backup_postgresql(parsed, dest)
    raise BackupError(f"no backup method for {parsed.get_backend_name()}")


def _backup_sqlite(path: str | None, dest: Path) -> Path:
    """SQLite's online backup: a consistent snapshot even while other processes write (WAL)."""
    if not path or path == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    if not os.path.exists(path):
        raise BackupError(f"database file not found: {path}")
    tmp = dest.with_name(dest.name + ".part")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target, pages=1024)  # in steps, so writers are not held up for long
    finally:
        target.close()
        source.close()
    os.replace(tmp, dest)  # never leave a half-written file under the final name
    return dest


def _backup_postgresql(parsed, dest: Path) -> Path:
    """pg_dump in its custom format (one consistent snapshot), restorable with pg_restore."""
    if not shutil.which("pg_dump"):
        raise BackupError("pg_dump is not installed (Debian: postgresql-client)")
    plain = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    tmp = dest.with_name(dest.name + ".part")
    done = subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={tmp}", plain],
                          capture_output=True, text=True)
    if done.returncode != 0:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    os.replace(tmp, dest)
    return dest

"""`flask backup DEST`: a consistent copy of the database."""
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask import current_app

from app.backup import BackupError, backup_database


@click.command("backup")
@with_appcontext
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(dest: Path) -> None:
    """Write a consistent copy of the database to DEST (SQLite file, or pg_dump custom format)."""
    try:
        written = backup_database(current_app.config["SQLALCHEMY_DATABASE_URI"], dest)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written: {written} ({written.stat().st_size:,} bytes)")


COMMANDS = (backup_command,)

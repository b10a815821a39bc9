"""`flask import-points FILE [--dry-run] [--deactivate-missing]`: the post office's registry, CSV or XLSX."""
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from app.registry.reader import read_table
from app.services.imports import ImportPlan, apply_import, plan_table

CLI_ACTOR = "cli"


@click.command("import-points")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and show what would change; write nothing.")
@click.option("--deactivate-missing", is_flag=True,
              help="Deactivate the active points that the file does not list (default: leave them as they are).")
@click.option("--keep-missing", is_flag=True, hidden=True, help="The default; accepted for older scripts.")
@with_appcontext
def import_points_command(file: Path, dry_run: bool, deactivate_missing: bool, keep_missing: bool) -> None:
    """Import the registry of points from FILE (see docs/import.md and data/import_template.csv)."""
    if deactivate_missing and keep_missing:
        raise click.UsageError("--deactivate-missing and --keep-missing contradict each other.")
    with force_locale("en"):  # the command line speaks English, like the other commands
        table = read_table(file.name, file.read_bytes())
        with click.progressbar(length=max(1, len(table.rows)), label="Checking rows") as bar:
            plan = plan_table(file.name, table, deactivate_missing, progress=bar.update)
        if not plan.ok:
            for issue in plan.issues:
                click.echo(str(issue), err=True)
            raise click.ClickException(f"{len(plan.issues)} problem(s) in {file.name}: nothing was written.")
        show_counts(plan, deactivate_missing)
        show_changes(plan)
        if dry_run:
            click.echo(f"Dry run: {summary(plan.counts)}. Nothing was written.")
            return
        with click.progressbar(length=max(1, len(plan.changes)), label="Writing points") as bar:
            run = apply_import(plan, CLI_ACTOR, progress=bar.update)
    click.echo(f"Imported {file.name}: {summary(plan.counts)} (import run {run.id}).")


def show_counts(plan: ImportPlan, deactivate_missing: bool) -> None:
    """The counts first, then what happens to the points the file does not list."""
    click.echo(f"Changes: {summary(plan.counts)}.")
    if plan.counts["deactivated"]:
        click.echo(f"Warning: {plan.counts['deactivated']} point(s) will be deactivated: their pages will "
                   "answer 410 (gone) with the nearest points; their ratings are kept.")
    if not deactivate_missing:
        click.echo("Points missing from the file stay as they are (--deactivate-missing deactivates them).")


def show_changes(plan: ImportPlan) -> None:
    """One line per point the import creates, updates or deactivates; a new slug says its old URL redirects."""
    for change in plan.changes:
        if change.status != "unchanged":
            detail = f" ({', '.join(change.fields)})" if change.fields else ""
            if change.old_slug:
                detail += f" /points/{change.old_slug} -> /points/{change.values['slug']}"
            click.echo(f"{change.status:<12} {change.code:<16} {change.name}{detail}")


def summary(counts: dict[str, int]) -> str:
    """'3 created, 2 updated, 230 unchanged, 0 deactivated'."""
    return ", ".join(f"{n} {status}" for status, n in counts.items())


COMMANDS = (import_points_command,)

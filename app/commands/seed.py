"""`flask seed`: the reference geography and the illustrative directory."""
import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from app import ROOT
from app.seeding import plan_directory
from app.services.seed import apply_plan

DATA_DIR = Path(ROOT) / "data"


@click.command("seed")
@with_appcontext
@click.option("--seed", "seed_value", default=2025, show_default=True,
              help="Random seed of the illustrative directory (same seed, same data).")
def seed_command(seed_value: int) -> None:
    """Load the 65 units, the former units, the service catalogue and the 235 points."""
    started = time.perf_counter()
    plan = plan_directory(DATA_DIR, seed=seed_value)
    report = apply_plan(plan)
    elapsed = time.perf_counter() - started
    if not report.changed:
        click.echo(f"Nothing to change: the database already holds this seed ({elapsed:.1f} s).")
        return
    for kind, tally in (("created", report.created), ("updated", report.updated)):
        if tally:
            click.echo(f"{kind}: " + ", ".join(f"{n} {table}" for table, n in sorted(tally.items())))
    click.echo(f"Seeded {len(plan.points)} points in {elapsed:.1f} s.")


COMMANDS = (seed_command,)

"""Commands of the ops area: synthetic data for benchmarks and load tests."""
import time

import click
from flask.cli import with_appcontext

from app.services.synthetic_feedback import delete_synthetic_feedback, insert_synthetic_feedback


@click.command("bench-data")
@click.option("--feedback", "feedback_count", type=click.IntRange(min=0), default=0,
              help="How many synthetic ratings (origin='synthetic') to add.")
@click.option("--seed", "seed_value", default=1, show_default=True, help="Random seed.")
@click.option("--clear", is_flag=True, help="First remove every synthetic rating.")
@with_appcontext
def bench_data_command(feedback_count: int, seed_value: int, clear: bool) -> None:
    """Bulk-insert synthetic ratings (never for a production database), then rebuild the scores."""
    started = time.perf_counter()
    if clear:
        click.echo(f"Removed {delete_synthetic_feedback()} synthetic ratings.")
    if feedback_count:
        with click.progressbar(length=feedback_count, label="Synthetic ratings") as bar:
            insert_synthetic_feedback(feedback_count, seed_value, progress=bar.update)
        click.echo(f"Added {feedback_count} synthetic ratings and rebuilt the scores "
                   f"in {time.perf_counter() - started:.1f} s.")


COMMANDS = (bench_data_command,)

"""Commands of the feedback area: rebuild the scores, privacy chores, demo ratings."""
import time

import click
from flask.cli import with_appcontext

from app.queries.points import point_by_slug
from app.services import visit_codes
from app.services.audit import CLI_ACTOR
from app.services.demo_feedback import seed_demo_feedback
from app.services.feedback import delete_feedback, erase_expired_contacts
from app.services.scores import rebuild_aggregates


@click.command("recompute-scores")
@with_appcontext
def recompute_scores_command() -> None:
    """Rebuild every score aggregate from the stored ratings."""
    started = time.perf_counter()
    rows = rebuild_aggregates()
    click.echo(f"Rebuilt {rows} score aggregates in {time.perf_counter() - started:.1f} s.")


@click.command("erase-expired-contacts")
@with_appcontext
def erase_expired_contacts_command() -> None:
    """Erase raters' contacts kept longer than CONTACT_RETENTION_DAYS (run it daily)."""
    erased = erase_expired_contacts()
    click.echo(f"Erased {erased} expired contact(s).")


@click.command("delete-feedback")
@click.argument("feedback_id", type=int)
@with_appcontext
def delete_feedback_command(feedback_id: int) -> None:
    """Delete one feedback on its author's request, with its contact, and update the scores."""
    if not delete_feedback(feedback_id):
        raise click.ClickException(f"No feedback with id {feedback_id}.")
    click.echo(f"Deleted feedback {feedback_id}; the scores no longer count it.")


@click.command("seed-demo-feedback")
@click.option("--seed", "seed_value", default=2025, show_default=True,
              help="Random seed of the demo ratings (same seed, same ratings).")
@with_appcontext
def seed_demo_feedback_command(seed_value: int) -> None:
    """Add demo ratings (marked origin='demo') so a fresh site shows scores; once only."""
    inserted = seed_demo_feedback(seed_value)
    if not inserted:
        click.echo("Nothing to change: demo ratings are already there.")
        return
    click.echo(f"Added {inserted} demo ratings (origin='demo') and rebuilt the scores.")


@click.command("visit-codes")
@click.argument("slug")
@click.option("-n", "count", type=click.IntRange(1, visit_codes.MAX_PER_BATCH), default=12, show_default=True,
              help="How many one-time links.")
@with_appcontext
def visit_codes_command(slug: str, count: int) -> None:
    """Print COUNT one-time rating links (counter slips) for a point's counter, one a line."""
    point = point_by_slug(slug)
    if point is None:
        raise click.ClickException(f"No active point {slug!r}.")
    for link in visit_codes.issue(point, count, CLI_ACTOR):
        click.echo(link)


COMMANDS = (recompute_scores_command, erase_expired_contacts_command, delete_feedback_command,
            seed_demo_feedback_command, visit_codes_command)

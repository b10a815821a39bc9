"""The privacy chores of the daily timer: how many requests wait and how many are past their
deadline (a non-zero exit when some are, so the timer's unit shows it)."""
import click

from app.clock import today_local
from app.queries.privacy import open_request_counts


@click.command("privacy-deadlines")
def privacy_deadlines_command() -> None:
    """Say how many privacy requests wait, and fail when one is past its deadline."""
    waiting, overdue = open_request_counts(today_local())
    click.echo(f"Privacy requests waiting: {waiting}, past their deadline: {overdue}.")
    if overdue:
        raise click.ClickException(f"{overdue} privacy request(s) past their deadline: see /admin/privacy")


COMMANDS = (privacy_deadlines_command,)

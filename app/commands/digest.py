"""flask send-digest: the daily e-mail that tells each staff member what waits for them
(app/services/digest.py); deploy/scheduled.sh runs it every day."""
import click
from flask.cli import with_appcontext

from app.clock import today_local
from app.mail import MailError, mail_configured
from app.services.digest import deliver, pending_digests


def _figures(counts: dict[str, int]) -> str:
    """A digest's counts as the command reports them."""
    return (f"{counts['comments']} comment(s) to moderate, {counts['complaints']} complaint(s) to answer "
            f"({counts['complaints_overdue']} overdue), {counts['held_ratings']} held rating(s), "
            f"{counts['privacy_requests']} privacy request(s) ({counts['privacy_overdue']} overdue)")


@click.command("send-digest")
@with_appcontext
def send_digest_command() -> None:
    """E-mail each active staff member what waits for them; with MAIL_SERVER unset, send nothing
    and say so (exit 0); fail (exit 1) when the SMTP server cannot be reached or refuses a message."""
    digests = pending_digests(today_local())
    if not mail_configured():
        click.echo(f"Mail is not configured (MAIL_SERVER is empty): no digest sent; "
                   f"{len(digests)} staff member(s) have work waiting.")
        return
    try:
        run = deliver(digests)
    except MailError as error:
        raise click.ClickException(f"No digest sent: {error}") from error
    for digest in run.sent:
        click.echo(f"Sent to {digest.email}: {_figures(digest.counts)}.")
    for email, error in run.refused:
        click.echo(f"Refused for {email}: {error}", err=True)
    click.echo(f"Digests sent: {len(run.sent)}, refused: {len(run.refused)} "
               f"(staff with nothing waiting get none).")
    if run.refused:
        raise click.ClickException(f"the SMTP server refused {len(run.refused)} digest(s).")


COMMANDS = (send_digest_command,)

"""Commands of the admin area: `flask create-admin EMAIL [--role admin|reviewer] [--password-stdin]`."""
import sys

import click
from flask.cli import with_appcontext

from app.models.admin import ROLES
from app.services.accounts import AccountError, create_admin


def _read_password(from_stdin: bool) -> str:
    """The new password: one line of standard input for scripts, else typed twice, hidden."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")


@click.command("create-admin")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True,
              help="admin: everything, accounts included; reviewer: read and moderate.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (for scripts).")
@with_appcontext
def create_admin_command(email: str, role: str, password_stdin: bool) -> None:
    """Create a staff account; the password is never an argument (it would stay in shell history)."""
    password = _read_password(password_stdin)
    try:
        user = create_admin(email, password, role)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Đã tạo tài khoản {user.email} (vai trò {user.role}).")


COMMANDS = (create_admin_command,)

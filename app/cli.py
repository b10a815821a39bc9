"""The flask CLI: each command lives in app/commands/, registered here."""
from flask import Flask


def register(app: Flask) -> None:
    """Add every command of app/commands/ to `flask`."""
    from app.commands import admin, backup, digest, feedback, imports, ops, privacy, seed

    for module in (seed, feedback, admin, imports, ops, backup, privacy, digest):
        for command in module.COMMANDS:
            app.cli.add_command(command)

"""The flask CLI: each command lives in app/commands/, registered here."""
from flask import Flask


def register(app: Flask) -> None:
    """Add every command of app/commands/ to `flask`."""
    from app.commands import admin, backup, feedback, imports, ops, privacy, seed

    for module in (seed, feedback, admin, imports, ops, backup, privacy):
        for command in module.COMMANDS:
            app.cli.add_command(command)

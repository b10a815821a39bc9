"""Commands of the admin area."""

COMMANDS = ()

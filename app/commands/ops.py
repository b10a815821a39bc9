"""Commands of the ops area."""

COMMANDS = ()

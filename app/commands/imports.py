"""Commands of the imports area."""

COMMANDS = ()

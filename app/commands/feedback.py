"""Commands of the feedback area."""

COMMANDS = ()

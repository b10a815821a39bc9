"""CHECK constraints that keep a code column to the codes the site knows."""
from sqlalchemy import CheckConstraint


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """A CHECK named `<column>_known` holding the column to its known codes (NULL passes)."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=f"{column}_known")

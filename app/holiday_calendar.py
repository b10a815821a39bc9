"""The public holidays the points close on: the PUBLIC_HOLIDAYS setting, or the defaults."""
from functools import lru_cache

from flask import current_app

from app import hours


@lru_cache(maxsize=8)
def _holidays(values: tuple[str, ...]) -> frozenset:
    return hours.parse_holidays(values)


def public_holidays() -> frozenset:
    """The public holidays the points close on: the PUBLIC_HOLIDAYS setting, or the defaults."""
    configured = current_app.config.get("PUBLIC_HOLIDAYS")
    return _holidays(tuple(configured) if configured is not None else hours.DEFAULT_HOLIDAYS)

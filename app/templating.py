"""Values every template can use."""
import time

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from app import labels
from app.extensions import db

from app.queries.points import directory_is_illustrative

_ILLUSTRATIVE_TTL = 30.0  # seconds; an import ends the label within this delay on every worker
_cache: dict[str, tuple[float, bool]] = {}


def illustrative_label() -> bool:
    """Whether to show "Dữ liệu minh họa", cached briefly so pages do not ask on every request."""
    now = time.monotonic()
    hit = _cache.get("illustrative")
    if hit and now - hit[0] < _ILLUSTRATIVE_TTL:
        return hit[1]
    try:
        value = directory_is_illustrative()
    except SQLAlchemyError:
        db.session.rollback()
        return True  # the database is away (the 503 page): say less rather than fail again
    _cache["illustrative"] = (now, value)
    return value


def forget_illustrative_label() -> None:
    """Drop the cached label (after an import, and between tests)."""
    _cache.clear()


def init_templating(app: Flask) -> None:
    """Register the labels every page may show, and the context processor."""
    app.jinja_env.globals.update(labels.TEMPLATE_GLOBALS)

    @app.context_processor
    def inject_directory_state() -> dict:
        return {"directory_is_illustrative": illustrative_label()}

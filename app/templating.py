"""Values every template can use."""
import time
from decimal import ROUND_HALF_UP, localcontext

from flask import Flask
from flask_babel import format_decimal
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


def number_text(value: float | int, places: int | None = 0, optional: bool = False) -> str:
    """A number as the reader writes it, through Babel: "1.234" and "4,2" in Vietnamese, "1,234"
    and "4.2" in English. `places` decimals, rounded half up like score_pct (Babel alone rounds
    half to even: 3.65 would read 3,6); `optional` drops trailing zeros ("24" and "2,5" giờ);
    places=None keeps the locale's own pattern (up to three decimals: an internal grade 87,5)."""
    if places is None:
        return format_decimal(value)
    fraction = ("#" if optional else "0") * places
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        return format_decimal(value, format="#,##0" + (f".{fraction}" if places else ""))


def init_templating(app: Flask) -> None:
    """Register the labels every page may show, the number filter, and the context processor."""
    app.jinja_env.globals.update(labels.TEMPLATE_GLOBALS)
    app.jinja_env.filters["number"] = number_text

    @app.context_processor
    def inject_directory_state() -> dict:
        return {"directory_is_illustrative": illustrative_label()}

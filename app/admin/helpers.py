"""Small helpers shared by the staff views: redirects after a write, messages, CSV responses."""
import csv
import io

from flask import Response, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from app.scoring import rolling_quarters
from app.clock import current_quarter
from app.urls import safe_next

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUARTERS_OFFERED = 8


def acting_user():
    """The signed-in staff member as a model object (what services record as the actor)."""
    return current_user._get_current_object()


def see_other(fallback: str, next_url: str | None = None) -> Response:
    """303 after a write: to a same-site `next` if given, else to the fallback."""
    return redirect(safe_next(next_url) or fallback, code=303)


def flash_error(error) -> None:
    """Show a service's refusal in the user's language."""
    flash(_(error.template, **error.params), "error")


def recent_quarters() -> tuple[int, ...]:
    """The quarters offered in selectors: this one and the seven before, newest first."""
    return rolling_quarters(current_quarter(), QUARTERS_OFFERED)


def csv_cell(value):
    """A CSV value, with text that a spreadsheet would run as a formula neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_response(filename: str, header: list[str], rows) -> Response:
    """A CSV download in UTF-8 with a byte-order mark, so Excel shows Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.charset = "utf-8"
    return response

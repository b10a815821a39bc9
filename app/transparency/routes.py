"""The public transparency page (/minh-bach): what citizens sent, what became of it, the published
quarterly rankings, and where the facts about the points come from (the site banner's "Về dữ liệu")."""
from flask import Blueprint, abort, redirect, render_template, request, url_for

from app.admin.params import quarter_arg
from app.queries.quarters import published_closing, published_quarters
from app.queries.ranking import ranking
from app.queries.transparency import demo_total, quarter_figures
from app.scoring import parse_quarter, quarter_label
from app.sources import PUBLIC_SOURCES

bp = Blueprint("transparency", __name__)


@bp.get("/minh-bach")
def index():
    """Per quarter: ratings and comments received, published, held, hidden, replied, reply delay;
    the published rankings; the kinds of sources of facts."""
    return render_template("transparency/index.html", figures=quarter_figures(), published=published_quarters(),
                           demo=demo_total(), quarter_label=quarter_label, quarter_arg=quarter_arg,
                           public_sources=PUBLIC_SOURCES.values())


@bp.get("/minh-bach/xep-hang")
def quarter():
    """A published quarter's ranking (?quarter=2026-Q3), as frozen when the quarter was closed;
    without a quarter, the list of published ones on /minh-bach."""
    if not request.args.get("quarter"):
        return redirect(url_for("transparency.index", _anchor="xep-hang"), code=303)
    try:
        number = parse_quarter(request.args["quarter"])
    except ValueError:
        abort(404)
    closing = published_closing(number) or abort(404)
    return render_template("transparency/quarter.html", closing=closing, rows=ranking(number),
                           quarter_label=quarter_label)

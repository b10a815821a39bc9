"""The public transparency page (/minh-bach): what citizens sent, what became of it, and where the
facts about the points come from (the site banner's "Về dữ liệu")."""
from flask import Blueprint, render_template

from app.queries.transparency import demo_total, quarter_figures
from app.scoring import quarter_label
from app.sources import PUBLIC_SOURCES

bp = Blueprint("transparency", __name__)


@bp.get("/minh-bach")
def index():
    """Per quarter: ratings and comments received, published, held, hidden, replied, reply delay;
    the kinds of sources of facts."""
    return render_template("transparency/index.html", figures=quarter_figures(),
                           demo=demo_total(), quarter_label=quarter_label, public_sources=PUBLIC_SOURCES.values())

"""The public transparency page (/minh-bach): what citizens sent, and what became of it."""
from flask import Blueprint, render_template

from app.queries.transparency import demo_total, quarter_figures
from app.scoring import quarter_label

bp = Blueprint("transparency", __name__)


@bp.get("/minh-bach")
def index():
    """Per quarter: ratings and comments received, published, held, hidden, replied, reply delay."""
    return render_template("transparency/index.html", figures=quarter_figures(),
                           demo=demo_total(), quarter_label=quarter_label)

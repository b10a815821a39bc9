"""Citizen feedback: the rating form and its thank-you page ([feedback] builds it)."""
from flask import Blueprint, abort

bp = Blueprint("feedback", __name__)


@bp.route("/points/<slug>/feedback", methods=["GET", "POST"])
def form(slug: str):
    """The rating form of one point (placeholder until [feedback] lands)."""
    abort(404)

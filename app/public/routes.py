"""Public pages: home, the point list and a point's page."""
from flask import Blueprint, redirect, render_template, request, url_for

from app.i18n import LANG_COOKIE
from app.queries.points import count_points
from app.urls import safe_next

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    """Search box, map and list (the first view of the site)."""
    return render_template("public/home.html", point_count=count_points(), q=request.args.get("q"))


@bp.get("/lang/<code>")
def set_language(code: str):
    """Switch language and remember it in a cookie, back to where the user was."""
    response = redirect(safe_next(request.args.get("next")) or url_for("public.home"))
    if code in ("vi", "en"):
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response

"""A point's quality page: score history, criteria, channels and the feedback to moderate."""
from flask import abort, request

from app.admin.charts import score_chart
from app.admin.contacts import audited, contacts_for
from app.admin.helpers import recent_quarters
from app.admin import bp
from app.htmx import render_page
from app.permissions import staff_required
from app.admin.params import parse_period
from app.clock import current_quarter
from app.queries.point_review import channel_split, criteria_breakdown, point_feedback, score_history
from app.queries.points import point_by_slug
from app.scoring import rolling_quarters
from app.urls import page_arg

HISTORY_QUARTERS = 8


@bp.get("/points/<slug>")
@staff_required("read")
def point(slug: str):
    """Everything staff need to judge one point and answer its citizens."""
    found = point_by_slug(slug, details=True, active_only=False) or abort(404)
    quarter = parse_period(request.args.get("quarter"), None)
    quarters = (quarter,) if quarter else rolling_quarters(current_quarter())
    status = request.args.get("status") or None
    feedback = point_feedback(found.id, status, page_arg(request.args.get("page")))
    shown = contacts_for(feedback.items)
    return audited(render_page(
        "admin/point.html", {"feedback-list": "feedback_list"},
        point=found, quarter=quarter, quarters=recent_quarters(), status=status,
        chart=score_chart(score_history(found.id, rolling_quarters(current_quarter(), HISTORY_QUARTERS))),
        breakdown=criteria_breakdown(found.id, quarters), channels=channel_split(found.id, quarters),
        feedback=feedback, shown_contacts=shown,
    ), shown)

"""The quality overview: every point's scores, filters, sorting, the map and the CSV export."""
from dataclasses import replace

from flask import Response, abort, current_app, request
from flask_babel import gettext as _

from app import maps
from app.admin.helpers import csv_response, recent_quarters
from app.admin import bp
from app.admin.formatting import format_score
from app.admin.params import parse_overview_filters, quarter_arg
from app.htmx import render_page
from app.labels import CRITERION_LABELS, CRITERION_SHORT, label, type_label
from app.permissions import staff_required
from app.queries.overview import Overview, latest_rated_quarter, overview as overview_query, unit_shapes
from app.queries.point_review import held_ratings_total
from app.queries.points import unit_choices
from app.scoring import CRITERIA


@bp.get("/")
@staff_required("read")
def overview():
    """Every point's scores for the chosen period; htmx swaps only the results. Opened without a
    choice, it shows the latest finished quarter with ratings, or the rolling 12 months."""
    filters = parse_overview_filters(request.args)
    opening = not set(request.args) - {"lang"}
    if opening:
        filters = replace(filters, quarter=latest_rated_quarter(recent_quarters()[1:]))
    return render_page("admin/overview.html", {"overview-results": "results"}, opening=opening,
                       data=overview_query(filters), filters=filters, quarters=recent_quarters(),
                       units=unit_choices(), sort_columns=sort_columns(), score_bands=maps.ADMIN_SCORE_BANDS,
                       map_token=maps.admin_map_token(), map_name=maps.admin_map_name,
                       held_ratings=held_ratings_total())


def sort_columns() -> list[tuple[str, str]]:
    """The overview table's columns: (sort key, heading)."""
    return [("name", _("Điểm phục vụ")), ("type", _("Loại")), ("unit", _("Xã/phường")),
            ("count", _("Số đánh giá")), *[(c, label(CRITERION_SHORT, c)) for c in CRITERIA],
            ("change", _("Thay đổi"))]


@bp.get("/overview.csv")
@staff_required("read")
def overview_csv():
    """What the overview shows, with the same filters and order, as CSV."""
    filters = parse_overview_filters(request.args)
    data = overview_query(filters)
    header = [_("Mã điểm"), _("Tên điểm"), _("Loại"), _("Xã/phường"), _("Số đánh giá"),
              *[label(CRITERION_LABELS, c) for c in CRITERIA], _("Thay đổi so với quý trước")]
    rows = ([r.code, r.name, type_label(r.type), r.unit_name, r.count,
             *[_score_value(r, c) for c in CRITERIA], r.change] for r in data.rows)
    return csv_response(f"chat-luong-{quarter_arg(filters.quarter)}.csv", header, rows)


def _score_value(row, criterion: str):
    found = row.scores.get(criterion)
    return found.value if found else None


@bp.get("/map/<token>.js")
@staff_required("read")
def overview_map(token: str):
    """The overview map's script (points of the same filters, units shaded by mean score)."""
    if not maps.valid_map_token(token):
        abort(404)
    filters = parse_overview_filters(request.args)
    points, units = map_layers(overview_query(filters))
    cfg = current_app.config
    script = maps.admin_quality_map_script(token, points, units, cfg.get("MAP_TILES_URL") or "",
                                           cfg.get("MAP_TILES_ATTRIBUTION") or "")
    response = Response(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def map_layers(data: Overview) -> tuple[list[dict], list[dict]]:
    """The overview's points and every unit as the dicts the map draws."""
    points = [{"slug": r.slug, "name": r.name, "lat": r.lat, "lon": r.lon,
               "score": r.overall.value if r.overall else None,
               "label": format_score(r.overall)} for r in data.rows]
    units = [{"code": code, "name": name, "geometry": geometry,
              "score": data.unit_scores[code].value if code in data.unit_scores else None,
              "label": format_score(data.unit_scores.get(code))}
             for code, name, geometry in unit_shapes()]
    return points, units


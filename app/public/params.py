"""The directory's URL arguments (`q type service unit open_now near page`) read into filters;
the public pages and the open-data API share them."""
from app.models.points import POINT_TYPES
from app.queries.search import PointFilters
from app.urls import MAX_PAGE


def parse_filters(args) -> tuple[PointFilters, dict[str, str]]:
    """Filters from query arguments, with an error per argument that could not be read."""
    errors: dict[str, str] = {}
    kind = args.get("type") or None
    if kind and kind not in POINT_TYPES:
        errors["type"] = "unknown point type"
        kind = None
    page = args.get("page", "1")
    page_number = int(page) if page.isdigit() and 0 < int(page) < MAX_PAGE else 1
    if page != "1" and str(page_number) != page:
        errors["page"] = "page must be a positive whole number"
    near = None
    if args.get("near"):
        try:
            lat, lon = (float(x) for x in args["near"].split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
            near = (lat, lon)
        except ValueError:
            errors["near"] = "near must be LAT,LON"
    return PointFilters(
        q=(args.get("q") or "").strip()[:200], type=kind, service=args.get("service") or None,
        unit=args.get("unit") or None, open_now=args.get("open_now") == "1", near=near,
        page=page_number,
    ), errors



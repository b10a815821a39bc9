"""The staff pages' URL arguments: the period (a quarter or the rolling 12 months) and the
overview's filters, read from a request and written back into links."""
from dataclasses import replace

from app.clock import current_quarter
from app.models.points import POINT_TYPES
from app.queries.overview import SORT_KEYS, OverviewFilters
from app.scoring import parse_quarter

ROLLING = "12m"


def quarter_arg(quarter: int | None) -> str:
    """A quarter as it appears in URLs ("2026-Q4"), or "12m" for the rolling 12 months."""
    return ROLLING if quarter is None else f"{quarter // 10}-Q{quarter % 10}"


def parse_period(text: str | None, default: int | None) -> int | None:
    """A quarter from ?quarter= ("12m" means the rolling 12 months, None); default if unreadable."""
    if text == ROLLING:
        return None
    try:
        return parse_quarter(text) if text else default
    except ValueError:
        return default


def parse_quarter_or_current(text: str | None) -> int:
    """A quarter from ?quarter=, the current one when absent, unreadable or "12m"."""
    return parse_period(text, current_quarter()) or current_quarter()


def parse_overview_filters(args) -> OverviewFilters:
    """Filters from query arguments; values that cannot be read are ignored."""
    try:
        below = float(args.get("below", "").replace(",", "."))
        below = below if 1 <= below <= 5 else None
    except ValueError:
        below = None
    sort = args.get("sort") if args.get("sort") in SORT_KEYS else "overall"
    return OverviewFilters(
        quarter=parse_period(args.get("quarter"), current_quarter()),
        type=args.get("type") if args.get("type") in POINT_TYPES else None,
        unit=args.get("unit") or None, below=below, falling=args.get("falling") == "1",
        not_enough=args.get("not_enough") == "1", sort=sort, desc=args.get("dir") == "desc",
    )


def overview_args(filters: OverviewFilters, **changes) -> dict[str, str]:
    """The query arguments that reproduce the filters (with some changed), for links."""
    f = replace(filters, **changes)
    values = {"quarter": quarter_arg(f.quarter), "type": f.type, "unit": f.unit,
              "below": None if f.below is None else f"{f.below:g}",
              "falling": "1" if f.falling else None, "not_enough": "1" if f.not_enough else None,
              "sort": f.sort, "dir": "desc" if f.desc else "asc"}
    return {k: v for k, v in values.items() if v is not None}


TEMPLATE_GLOBALS = {"quarter_arg": quarter_arg, "rolling": ROLLING, "overview_args": overview_args}

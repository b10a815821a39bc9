"""The API's query parameters: one definition feeds both the OpenAPI description and the checks.

The directory's own parser (app.queries.search.parse_filters) reads the filters; these checks run
first so that anything the description calls invalid answers 400 with a JSON body, never 500."""
import re
from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.models.points import POINT_TYPES
from app.public.params import parse_filters
from app.queries.search import PointFilters

MAX_PER_PAGE = 100
MAX_PAGE = 9999
# Latitude -90..90 and longitude -180..180 as decimal degrees, ASCII digits only.
_LAT = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
_LON = r"-?(?:180(?:\.0+)?|1[0-7][0-9](?:\.[0-9]+)?|[1-9]?[0-9](?:\.[0-9]+)?)"
NEAR_PATTERN = rf"^(?:{_LAT},{_LON})?$"


@dataclass(frozen=True)
class QueryParam:
    """One query parameter: its JSON Schema (a string or an integer) and what it means."""

    name: str
    schema: dict
    description: object  # a lazy string, rendered in the reader's language

    def problem(self, value: str) -> str | None:
        """Why the value does not fit the schema, or None when it does."""
        if self.schema.get("type") == "integer":
            return _integer_problem(value, self.schema)
        if value == "":  # an empty form field: no filter
            return None
        if "enum" in self.schema and value not in self.schema["enum"]:
            return "must be one of: " + ", ".join(filter(None, self.schema["enum"]))
        if len(value) > self.schema.get("maxLength", len(value)):
            return f"must be at most {self.schema['maxLength']} characters"
        if "pattern" in self.schema and not re.search(self.schema["pattern"], value):
            return "has the wrong format"
        return None


def _integer_problem(value: str, schema: dict) -> str | None:
    if not re.fullmatch(r"[0-9]{1,6}", value):
        return "must be a whole number"
    if not schema["minimum"] <= int(value) <= schema["maximum"]:
        return f"must be between {schema['minimum']} and {schema['maximum']}"
    return None


FILTER_PARAMS = (
    QueryParam("q", {"type": "string", "maxLength": 200, "pattern": r"^[^\x00-\x1f\x7f]*$"},
               _l("Tìm theo tên, địa chỉ, xã/phường hoặc tên đơn vị cũ; không phân biệt dấu.")),
    QueryParam("type", {"type": "string", "enum": ["", *POINT_TYPES]},
               _l("Loại điểm: buu-cuc (bưu cục), bdvhx (điểm BĐ-VHX), dai-ly (đại lý), kiot (ki-ốt).")),
    QueryParam("service", {"type": "string", "maxLength": 40, "pattern": r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$"},
               _l("Mã dịch vụ (xem /api/services): chỉ các điểm có dịch vụ này.")),
    QueryParam("unit", {"type": "string", "pattern": r"^(?:[0-9]{5})?$"},
               _l("Mã xã/phường hiện hành (xem /api/units).")),
    QueryParam("open_now", {"type": "string", "enum": ["", "0", "1"]},
               _l("1: chỉ các điểm đang mở cửa (giờ Việt Nam).")),
    QueryParam("near", {"type": "string", "pattern": NEAR_PATTERN},
               _l("VĨ_ĐỘ,KINH_ĐỘ: xếp theo khoảng cách từ vị trí này.")),
)
PAGE_PARAMS = (
    QueryParam("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
               _l("Trang kết quả, từ 1.")),
    QueryParam("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
               _l("Số điểm mỗi trang (tối đa 100).")),
)


class InvalidParameters(ValueError):
    """Query parameters the API cannot read; answered with 400 and one message per parameter."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def check_params(args, params) -> dict[str, str]:
    """One message per given parameter whose value does not fit its schema."""
    errors = {}
    for param in params:
        value = args.get(param.name)
        if value is not None and (problem := param.problem(value)):
            errors[param.name] = problem
    return errors


def read_filters(args, paged: bool = True) -> tuple[PointFilters, int | None]:
    """The directory filters and the page size (None: every match at once), or InvalidParameters."""
    params = FILTER_PARAMS + (PAGE_PARAMS if paged else ())
    errors = check_params(args, params)
    if errors:  # before the directory's parser, which need not survive every malformed value
        raise InvalidParameters(errors)
    filters, errors = parse_filters(args)
    if errors:
        raise InvalidParameters(errors)
    if not paged:  # the whole matching list on one page (GeoJSON, CSV)
        return replace(filters, page=1), None
    per_page = int(args.get("per_page") or current_app.config["POINTS_PER_PAGE"])
    return filters, per_page

"""The OpenAPI 3.1 description of the whole API, built per request in the reader's language."""
from flask_babel import gettext as _

from app.api.export import CSV_COLUMNS
from app.api.params import FILTER_PARAMS, PAGE_PARAMS
from app.api.schemas import SLUG_PATTERN, component_schemas, ref

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"
JSON = "application/json"


def query_parameter(param, per_page_default: int) -> dict:
    """A query parameter object from its shared definition."""
    schema = dict(param.schema)
    if param.name == "per_page":
        schema["default"] = per_page_default
    return {"name": param.name, "in": "query", "required": False, "schema": schema,
            "description": str(param.description)}


def if_none_match() -> dict:
    """The conditional-request header every cached answer honours."""
    return {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
            "description": _("ETag của bản đã có; nếu chưa đổi, trả lời 304 không có nội dung.")}


def ok(description: str, media_type: str, schema: dict, cached: bool = True) -> dict:
    """A 200 answer (with its ETag and CORS headers) plus, when cached, the 304 one."""
    headers = {"Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}, "required": True}}
    if cached:
        headers["ETag"] = {"schema": {"type": "string"}, "required": True,
                           "description": _("Nhãn phiên bản của nội dung.")}
    responses = {"200": {"description": description, "headers": headers,
                         "content": {media_type: {"schema": schema}}}}
    if cached:
        responses["304"] = {"description": _("Không đổi so với bản có ETag đã gửi.")}
    return responses


def error(status: str, description: str) -> dict:
    """A JSON error answer."""
    return {status: {"description": description, "content": {JSON: {"schema": ref("Error")}}}}


def operation(op_id: str, summary: str, description: str, responses: dict, parameters=()) -> dict:
    """A GET operation."""
    return {"get": {"operationId": op_id, "summary": summary, "description": description,
                    "tags": ["open-data"], "parameters": list(parameters), "responses": responses}}


def csv_description() -> str:
    """The CSV columns, one line each."""
    lines = [f"- `{name}`: {text}" for name, text in CSV_COLUMNS]
    return _("UTF-8 có BOM (Excel hiển thị đúng tiếng Việt), phân cách bằng dấu phẩy. Các cột:") + \
        "\n" + "\n".join(lines)


def point_paths(per_page_default: int) -> dict:
    """The paths that list or show points."""
    filters = [query_parameter(p, per_page_default) for p in FILTER_PARAMS]
    paging = [query_parameter(p, per_page_default) for p in PAGE_PARAMS]
    bad = error("400", _("Tham số không hợp lệ; errors nêu từng tham số."))
    slug = {"name": "slug", "in": "path", "required": True,
            "schema": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120}}
    return {
        "/api/points": operation(
            "listPoints", _("Danh sách điểm phục vụ"), _("Cùng bộ lọc với trang /points, theo trang."),
            {**ok(_("Một trang kết quả."), JSON, ref("PointPage")), **bad},
            [*filters, *paging, if_none_match()]),
        "/api/points/{slug}": operation(
            "getPoint", _("Một điểm phục vụ"),
            _("Dịch vụ (kèm cách nhận/trả thủ tục), giờ mở cửa và điểm chất lượng theo từng tiêu chí."),
            {**ok(_("Điểm phục vụ."), JSON, ref("PointDetail")),
             "301": {"description": _("Slug cũ của một điểm đã đổi tên: Location là đường dẫn hiện tại."),
                     "headers": {"Location": {"schema": {"type": "string"}, "required": True}}},
             "410": {"description": _("Điểm đã ngừng hoạt động; nearest là các điểm gần nhất."),
                     "content": {JSON: {"schema": ref("Gone")}}},
             **error("404", _("Không có điểm nào với slug này."))},
            [slug, if_none_match()]),
        "/api/points.geojson": operation(
            "pointsGeoJSON", _("Các điểm dạng GeoJSON"), _("Mọi điểm khớp bộ lọc (không chia trang), RFC 7946."),
            {**ok(_("FeatureCollection."), "application/geo+json", ref("PointCollection")), **bad},
            [*filters, if_none_match()]),
        "/api/points.csv": operation(
            "pointsCSV", _("Các điểm dạng CSV"), csv_description(),
            {**ok(_("Tệp CSV."), "text/csv", {"type": "string"}), **bad}, [*filters, if_none_match()]),
    }


def reference_paths() -> dict:
    """The catalogue, the units and the description itself."""
    return {
        "/api/services": operation(
            "listServices", _("Danh mục dịch vụ"),
            _("Dịch vụ bưu chính, tài chính, bảo hiểm, hành chính công và văn hóa, theo thứ tự hiển thị, "
              "mỗi mục kèm trạng thái, văn bản làm căn cứ, mã thủ tục trên Cổng Dịch vụ công quốc gia "
              "(nếu có) và ghi chú; các mục đã rút (withdrawn) vẫn được liệt kê, không điểm nào cung cấp."),
            ok(_("Danh mục."), JSON, ref("ServiceList")), [if_none_match()]),
        "/api/units": operation(
            "listUnits", _("Xã, phường hiện hành"),
            _("65 xã, phường từ 1/7/2025, mỗi đơn vị kèm các xã, phường, thị trấn cũ đã nhập vào."),
            ok(_("Các đơn vị."), JSON, ref("UnitList")), [if_none_match()]),
        "/api/openapi.json": operation(
            "openapi", _("Mô tả OpenAPI này"), _("OpenAPI 3.1, bằng ngôn ngữ đang chọn (?lang=en)."),
            ok(_("Mô tả OpenAPI."), JSON, {"type": "object"})),
        "/api/docs": operation(
            "docs", _("Tài liệu API"), _("Trang đọc được của mô tả này."),
            ok(_("Trang HTML."), "text/html", {"type": "string"}, cached=False)),
    }


def openapi_document(per_page_default: int) -> dict:
    """The whole OpenAPI 3.1 description."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": _("Dữ liệu mở: điểm phục vụ bưu chính Lạng Sơn"),
            "version": API_VERSION,
            "description": "\n\n".join((
                _("Danh bạ các điểm phục vụ của Bưu điện tỉnh Lạng Sơn: bưu cục, điểm Bưu điện – Văn hóa xã, "
                  "đại lý và ki-ốt, với dịch vụ, giờ mở cửa và điểm hài lòng của người dân."),
                _("Chỉ đọc (GET), không cần khóa, mở cho mọi trang web (CORS). Mỗi câu trả lời có ETag; "
                  "gửi lại trong If-None-Match để nhận 304 khi dữ liệu chưa đổi."),
                _("Không có dữ liệu cá nhân: không có liên hệ hay định danh của người đánh giá."),
                _("Ranh giới hành chính: gis.vn (qua lamngockhuong/vietnam-3d-map, MIT). "
                  "Mã đơn vị hành chính: Tổng cục Thống kê."),
            )),
        },
        "tags": [{"name": "open-data", "description": _("Dữ liệu mở")}],
        "paths": {**point_paths(per_page_default), **reference_paths()},
        "components": {"schemas": component_schemas()},
    }


def split_description(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """A description's paragraphs and its "- `code`: text" list items, for the docs page."""
    paragraphs, items = [], []
    for line in filter(None, (raw.strip() for raw in text.split("\n"))):
        if not line.startswith("- "):
            paragraphs.append(line)
            continue
        parts = line[2:].split("`")
        items.append((parts[1], parts[2]) if len(parts) == 3 else ("", line[2:]))
    return paragraphs, items

"""JSON Schemas (OpenAPI 3.1 components) of what the API answers; descriptions in the reader's language."""
from flask_babel import gettext as _

from app.models.points import COORD_QUALITIES, HANDLINGS, POINT_TYPES, SERVICE_CATEGORIES, SERVICE_STATUSES
from app.sources import FACTS, KINDS
from app.scoring import CRITERIA

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_NUMBER = {"type": ["number", "null"]}
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
HHMM = {"type": "string", "pattern": r"^[0-2][0-9]:[0-5][0-9]$"}


def closed_object(properties: dict, description: str | None = None, optional=()) -> dict:
    """An object schema with exactly these properties, all required but the optional ones."""
    schema = {"type": "object", "properties": properties,
              "required": [k for k in properties if k not in optional], "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def ref(name: str) -> dict:
    """A $ref to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def described(schema: dict, text: str) -> dict:
    """The schema with a description."""
    return {**schema, "description": text}


def point_properties() -> dict:
    """The properties a point has wherever it is listed."""
    return {
        "slug": described({"type": "string", "pattern": SLUG_PATTERN}, _("Định danh trong đường dẫn.")),
        "code": described({"type": "string"}, _("Mã điểm của Bưu điện tỉnh (duy nhất).")),
        "name": {"type": "string"},
        "type": described({"type": "string", "enum": list(POINT_TYPES)}, _("Loại điểm.")),
        "type_label": described({"type": "string"}, _("Tên loại điểm bằng tiếng Việt.")),
        "unit_code": described({"type": "string", "pattern": r"^[0-9]{5}$"}, _("Mã xã/phường hiện hành.")),
        "unit_name": {"type": "string"},
        "address": {"type": "string"},
        "address_former": described(NULLABLE_STRING, _("Địa chỉ theo địa giới trước 1/7/2025.")),
        "postcode": described({"type": ["string", "null"], "pattern": r"^25[0-9]{3}$"},
                              _("Mã bưu chính quốc gia 5 số, chỉ khi có nguồn.")),
        "office_code": described({"type": ["string", "null"], "pattern": r"^[0-9]{6}$"},
                                 _("Mã bưu cục 6 số của Bưu điện Việt Nam (không phải mã bưu chính).")),
        "phone": described(NULLABLE_STRING, _("Điện thoại của chính điểm; null khi chưa biết.")),
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "coord_quality": described({"type": "string", "enum": list(COORD_QUALITIES)},
                                   _("exact: tọa độ của tòa nhà; approximate: gần đúng (ví dụ trọng tâm xã).")),
        "services": described({"type": "array", "items": {"type": "string"}},
                              _("Mã các dịch vụ của điểm, theo thứ tự danh mục.")),
        "score": described({"type": ["number", "null"], "minimum": 1, "maximum": 5},
                           _("Điểm hài lòng chung 12 tháng gần nhất (1–5); null khi chưa đủ đánh giá.")),
        "ratings": described({"type": "integer", "minimum": 0}, _("Số đánh giá mà điểm số dựa trên.")),
        "verified": described({"type": "integer", "minimum": 0},
                              _("Trong số đó, đánh giá qua phiếu phát tại quầy (đã xác minh).")),
        "distance_km": described(NULLABLE_NUMBER, _("Khoảng cách tới vị trí near, nếu có.")),
        "is_illustrative": described({"type": "boolean"},
                                     _("true: điểm minh họa, chưa có trong danh sách chính thức.")),
        "url": described({"type": "string", "format": "uri"}, _("Trang của điểm trên trang web.")),
        "api_url": {"type": "string", "format": "uri"},
    }


def score_object() -> dict:
    """One criterion's score and the ratings behind it."""
    return closed_object({"score": {"type": ["number", "null"], "minimum": 1, "maximum": 5},
                          "ratings": {"type": "integer", "minimum": 0}})


def service_properties() -> dict:
    """The properties of a catalogue entry."""
    return {
        "code": {"type": "string", "pattern": SLUG_PATTERN},
        "category": {"type": "string", "enum": list(SERVICE_CATEGORIES)},
        "name_vi": {"type": "string"},
        "name_en": {"type": "string"},
        "is_procedure": described({"type": "boolean"}, _("Thủ tục hành chính nhận/trả qua bưu chính công ích.")),
        "status": described({"type": "string", "enum": list(SERVICE_STATUSES)},
                            _("offered: đang cung cấp; winding_down: đang thu hẹp; withdrawn: không điểm "
                              "nào còn cung cấp (xem ghi chú).")),
        "basis": described(NULLABLE_STRING, _("Văn bản pháp luật hoặc trang chính thức mà mục này dựa vào.")),
        "basis_url": described({"type": ["string", "null"], "format": "uri"},
                               _("Địa chỉ chính thức của văn bản hoặc trang đó, nếu có.")),
        "procedure_code": described({"type": ["string", "null"], "pattern": r"^[0-9]\.[0-9]{6}$"},
                                    _("Mã thủ tục trên Cổng Dịch vụ công quốc gia, chỉ khi đã đối chiếu.")),
        "portal_url": described({"type": ["string", "null"], "format": "uri"},
                                _("Trang của thủ tục trên dichvucong.gov.vn (theo mã thủ tục).")),
        "note_vi": described(NULLABLE_STRING, _("Ghi chú cho người dân, tiếng Việt.")),
        "note_en": described(NULLABLE_STRING, _("Ghi chú cho người dân, tiếng Anh.")),
    }


def point_detail_schema() -> dict:
    """A point on its own: everything listed plus hours, services in full and every score."""
    offered = closed_object({**service_properties(), "handling": described(
        {"type": ["string", "null"], "enum": [*HANDLINGS, None]},
        _("Với thủ tục: receive (nhận hồ sơ), return (trả kết quả), both, hoặc null khi chưa rõ."))})
    hours = closed_object({"weekday": described({"type": "integer", "minimum": 0, "maximum": 6},
                                                _("0 = thứ Hai … 6 = Chủ nhật.")),
                           "opens": HHMM, "closes": HHMM})
    commune = closed_object({"code": {"type": "string"}, "name": {"type": "string"},
                             "district": {"type": "string"}})
    return closed_object({
        **point_properties(),
        "services": {"type": "array", "items": offered},
        "former_commune": {"oneOf": [commune, {"type": "null"}]},
        "hours": described({"type": "array", "items": hours},
                           _("Các khoảng mở cửa; giờ nghỉ trưa là khoảng trống giữa hai khoảng.")),
        "hours_text": described(NULLABLE_STRING, _("Giờ mở cửa dạng chữ, cùng cú pháp với tệp nhập.")),
        "satisfaction": described(closed_object({
            "share": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "n": {"type": "integer", "minimum": 0},
            "low": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "high": {"type": ["number", "null"], "minimum": 0, "maximum": 1}}),
            _("Tỷ lệ đánh giá mức 4–5 trong 12 tháng, số đánh giá n và khoảng tin cậy 95% (Wilson).")),
        "closed_dates": described({"type": "array", "items": {"type": "string", "format": "date"}},
                                  _("Các ngày điểm không mở cửa trong 12 tháng tới (ngày nghỉ hằng tuần, "
                                    "ngày lễ và ngày nghỉ riêng của điểm), dạng ISO.")),
        "pension_days": {"oneOf": [closed_object({"from": {"type": "integer", "minimum": 1, "maximum": 31},
                                                  "to": {"type": "integer", "minimum": 1, "maximum": 31}}),
                                   {"type": "null"}]},
        "pension_payments": described({"type": "array", "items": closed_object({
            "month": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}$"},
            "starts": {"type": ["string", "null"], "format": "date"},
            "ends": {"type": ["string", "null"], "format": "date"},
            "months": {"type": "integer", "minimum": 1}})},
            _("Các lần chi trả lương hưu 12 tháng tới; starts null: tháng đó không chi trả (đã trả gộp).")),
        "special_days": described({"type": "array", "items": closed_object({
            "date": {"type": "string", "format": "date"},
            "hours": {"type": "array", "items": closed_object({"opens": HHMM, "closes": HHMM})}})},
            _("Ngày nghỉ hoặc mở giờ riêng của điểm; hours rỗng: nghỉ.")),
        "sources": described(closed_object({fact: {"type": "string", "enum": list(KINDS)} for fact in FACTS}),
                             _("Nguồn của từng thông tin: registry (danh sách của Bưu điện tỉnh), public "
                               "(nguồn công khai, xem public_sources) hoặc illustrative (minh họa).")),
        "public_sources": described({"type": "object", "additionalProperties": closed_object({
            "name": {"type": "string"}, "url": {"type": "string", "format": "uri"},
            "date": {"type": ["string", "null"], "format": "date"}})},
            _("Với thông tin từ nguồn công khai: tên, địa chỉ và ngày của nguồn.")),
        "scores": closed_object({c: score_object() for c in CRITERIA},
                                _("Điểm 12 tháng theo từng tiêu chí (SIPAS) và chung.")),
        "updated_at": {"type": "string", "format": "date-time"},
    })


def feature_collection_schema() -> dict:
    """RFC 7946 FeatureCollection of points, [lon, lat]."""
    props = point_properties()
    properties = closed_object({k: props[k] for k in
                                ("slug", "name", "type", "unit_code", "services", "score", "ratings",
                                 "verified")})
    feature = closed_object({
        "type": {"const": "Feature"},
        "geometry": closed_object({"type": {"const": "Point"},
                                   "coordinates": {"type": "array", "items": {"type": "number"},
                                                   "minItems": 2, "maxItems": 2}}),
        "properties": properties,
    })
    return closed_object({"type": {"const": "FeatureCollection"},
                          "features": {"type": "array", "items": feature}},
                         _("GeoJSON (RFC 7946); toạ độ theo thứ tự [kinh độ, vĩ độ]."))


def unit_schema() -> dict:
    """A current unit with the former communes it came from."""
    former = closed_object({
        "code": {"type": "string"}, "name": {"type": "string"}, "type": {"type": "string"},
        "district_code": {"type": "string"}, "district_name": {"type": "string"},
        "also_became": described({"type": "array", "items": {"type": "string"}},
                                 _("Các xã/phường khác mà đơn vị cũ này được chia vào.")),
    })
    return closed_object({
        "code": {"type": "string", "pattern": r"^[0-9]{5}$"}, "name": {"type": "string"},
        "type": {"type": "string", "enum": ["xa", "phuong"]},
        "lat": {"type": "number"}, "lon": {"type": "number"},
        "area_km2": {"type": "number"}, "population": {"type": "integer"},
        "former_districts": {"type": "array", "items": {"type": "string"}},
        "points": described({"type": "integer", "minimum": 0}, _("Số điểm phục vụ đang hoạt động.")),
        "former_communes": described({"type": "array", "items": former},
                                     _("Các xã, phường, thị trấn trước 1/7/2025 đã nhập vào đơn vị này.")),
    })


def component_schemas() -> dict:
    """Every named schema of the description."""
    page_links = closed_object({"self": {"type": "string", "format": "uri"},
                                "next": {"type": ["string", "null"], "format": "uri"},
                                "prev": {"type": ["string", "null"], "format": "uri"}})
    return {
        "Error": closed_object({"error": {"type": "integer"}, "description": {"type": "string"},
                                "errors": described({"type": "object",
                                                     "additionalProperties": {"type": "string"}},
                                                    _("Một thông báo cho mỗi tham số sai."))},
                               optional=("description", "errors")),
        "Gone": closed_object({"error": {"const": 410}, "description": {"type": "string"},
                               "slug": {"type": "string", "pattern": SLUG_PATTERN},
                               "nearest": described({"type": "array", "items": {"type": "string"}},
                                                    _("Slug của các điểm đang hoạt động gần nhất."))}),
        "Point": closed_object(point_properties()),
        "PointPage": closed_object({
            "items": {"type": "array", "items": ref("Point")},
            "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1}, "pages": {"type": "integer", "minimum": 1},
            "links": page_links,
        }),
        "PointDetail": point_detail_schema(),
        "PointCollection": feature_collection_schema(),
        "ServiceList": closed_object({"items": {"type": "array", "items": closed_object({
            **service_properties(),
            "points": described({"type": "integer", "minimum": 0}, _("Số điểm đang cung cấp.")),
        })}}),
        "UnitList": closed_object({"items": {"type": "array", "items": ref("Unit")}}),
        "Unit": unit_schema(),
    }

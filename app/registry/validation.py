"""Validating the registry file row by row: every problem is kept, with its line, column and reason."""
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.geo import point_in_polygon
from app.hours import Interval
from app.registry import fields
from app.registry.reader import Issue, RawTable
from app.registry.units import UnitDirectory, UnitNotResolved


@dataclass(frozen=True)
class Column:
    """A column of the import template."""

    name: str
    required: bool
    description: object  # lazy string


COLUMNS = (
    Column("code", True, _l("Mã điểm, duy nhất; dòng có mã đã có sẽ cập nhật điểm đó")),
    Column("name", True, _l("Tên điểm")),
    Column("type", True, _l("Loại: buu-cuc, bdvhx, dai-ly hoặc kiot")),
    Column("unit", True, _l("Xã/phường hiện hành (mã hoặc tên), hoặc xã cũ kèm huyện cũ")),
    Column("former_commune", False, _l("Xã/phường/thị trấn cũ (mã, hoặc tên kèm huyện cũ)")),
    Column("address", True, _l("Địa chỉ hiện hành")),
    Column("address_former", False, _l("Địa chỉ theo địa giới cũ")),
    Column("postcode", False, _l("Mã bưu chính quốc gia, 5 số (25xxx)")),
    Column("office_code", False, _l("Mã bưu cục của Bưu điện Việt Nam, 6 số")),
    Column("lat", True, _l("Vĩ độ, ví dụ 21.8468")),
    Column("lon", True, _l("Kinh độ, ví dụ 106.7612")),
    Column("coord_quality", False, _l("exact: tọa độ của tòa nhà (mặc định); approximate: gần đúng")),
    Column("phone", False, _l("Điện thoại")),
    Column("hours", False, _l("Giờ mở cửa, ví dụ T2-T6 07:00-11:30,13:30-17:00; T7 07:00-11:30")),
    Column("services", False, _l("Mã dịch vụ cách nhau bởi ;, thủ tục kèm :receive/:return/:both")),
    Column("pension_days", False, _l("Ngày chi trả lương hưu thường lệ, ví dụ 5-12")),
    Column("pension_schedule", False, _l("Tháng chi trả khác thường lệ, ví dụ 2027-01: 14-20 gộp 2; 2027-02: không")),
    Column("special_days", False, _l("Ngày nghỉ hoặc giờ riêng, ví dụ 2026-12-24: nghỉ; 2027-01-10: 07:00-11:00")),
    Column("active", False, _l("1 hoặc để trống: đang hoạt động; 0: ngừng")),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
ALIASES = {"unit_code": "unit"}  # the CSV export's name for the unit column
EXPORT_ONLY = {"slug", "unit_name", "is_illustrative", "score", "ratings", "url"}


@dataclass(frozen=True)
class PointRecord:
    """A valid row: what the point should be after the import."""

    line: int
    code: str
    name: str
    type: str
    unit_code: str
    former_commune_code: str | None
    address: str
    address_former: str | None
    postcode: str | None
    lat: float
    lon: float
    phone: str | None
    hours: tuple[Interval, ...]
    services: tuple[tuple[str, str | None], ...]
    pension_days: tuple[int, int] | None
    active: bool
    office_code: str | None = None
    coord_quality: str = "exact"
    pension_schedule: str | None = None
    special_days: str | None = None


@dataclass(frozen=True)
class Reference:
    """What rows are checked against: units (current and former), the catalogue, the polygons."""

    directory: UnitDirectory
    catalogue: dict[str, bool]  # service code → is a procedure
    geometries: dict[str, dict]


def header_columns(table: RawTable) -> tuple[dict[str, int], list[Issue]]:
    """Where each known column is, and the header's problems (missing, unknown or repeated)."""
    positions: dict[str, int] = {}
    issues = []
    for index, raw in enumerate(table.header):
        name = ALIASES.get(raw, raw)
        if name in EXPORT_ONLY:
            continue
        if name not in COLUMN_NAMES:
            issues.append(Issue(1, table.label(index), _("cột không có trong mẫu")))
        elif name in positions:
            issues.append(Issue(1, table.label(index), _("cột ghi hai lần")))
        else:
            positions[name] = index
    issues += [Issue(1, c.name, _("thiếu cột bắt buộc")) for c in COLUMNS
               if c.required and c.name not in positions]
    return positions, issues


def cell_readers(reference: Reference) -> dict[str, Callable[[str], object]]:
    """How each column's text becomes a value (a FieldError says why it cannot)."""
    return {
        "code": fields.point_code, "name": lambda v: fields.text(v, 200),
        "type": fields.point_type, "address": lambda v: fields.text(v, 300),
        "address_former": lambda v: fields.text(v, 300, required=False),
        "postcode": fields.postcode, "lat": lambda v: fields.coordinate(v, -90, 90),
        "lon": lambda v: fields.coordinate(v, -180, 180), "phone": fields.phone,
        "hours": fields.opening_hours, "services": lambda v: fields.services(v, reference.catalogue),
        "pension_days": fields.pension_days, "active": fields.active,
        "office_code": fields.office_code, "coord_quality": fields.coord_quality,
        "pension_schedule": fields.pension_schedule, "special_days": fields.special_days,
        "unit": lambda v: _resolve(reference.directory.resolve, v),
        "former_commune": lambda v: _resolve(reference.directory.former_commune, v) if v.strip() else None,
    }


def _resolve(resolver, value: str):
    try:
        return resolver(value)
    except UnitNotResolved as error:
        raise fields.FieldError(str(error)) from None


def validate_rows(table: RawTable, reference: Reference, progress=None) -> tuple[list[PointRecord], list[Issue]]:
    """Every valid row as a record and every problem of the file; progress(1) after each row."""
    if not table.header:  # unreadable, or nothing in it
        return [], table.issues or [Issue(1, "", _("tệp trống: cần một dòng tiêu đề và các dòng điểm"))]
    positions, issues = header_columns(table)
    issues = [*table.issues, *issues]
    if not table.rows and not issues:
        issues.append(Issue(2, "", _("tệp không có dòng điểm nào")))
    records: list[PointRecord] = []
    first_line_of: dict[str, int] = {}
    readers = cell_readers(reference)
    for line, cells in table.rows:
        record, row_issues = validate_row(table, positions, readers, reference, line, cells)
        code = _cell(cells, positions.get("code"))
        if code and code in first_line_of:
            row_issues.append(Issue(line, table.label(positions["code"]),
                                    _("mã điểm trùng với dòng %(line)s", line=first_line_of[code])))
        elif code:
            first_line_of[code] = line
        if record and not row_issues:
            records.append(record)
        issues += row_issues
        if progress:
            progress(1)
    return records, issues


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def validate_row(table, positions, readers, reference, line, cells) -> tuple[PointRecord | None, list[Issue]]:
    """One row as a record, or its problems (all of them, not only the first)."""
    issues = [Issue(line, table.label(i), _("ô nằm ngoài các cột của tiêu đề"))
              for i in range(len(table.header), len(cells)) if cells[i]]
    values: dict[str, object] = {}
    for name, index in positions.items():
        try:
            values[name] = readers[name](_cell(cells, index))
        except fields.FieldError as error:
            issues.append(Issue(line, table.label(index), str(error)))
    issues += place_issues(table, positions, reference, line, values)
    complete = all(c.name in values for c in COLUMNS if c.required)  # else the header said why
    if issues or not complete:
        return None, issues
    return make_record(line, values), []


def place_issues(table, positions, reference, line, values) -> list[Issue]:
    """The former commune must lie in the unit, and the coordinates inside the unit's polygon
    (checked whenever the cells they need could be read)."""
    if "unit" not in values:
        return []
    unit_code = values["unit"].unit_code
    commune = values.get("former_commune")
    issues = []
    if commune is not None and unit_code not in commune.unit_codes:
        issues.append(Issue(line, table.label(positions["former_commune"]), _(
            "%(commune)s (cũ) không thuộc %(unit)s", commune=commune.name,
            unit=reference.directory.units[unit_code])))
    lat, lon = values.get("lat"), values.get("lon")
    if lat is not None and lon is not None and not point_in_polygon(lon, lat, reference.geometries[unit_code]):
        issues.append(Issue(line, table.label(positions["lat"]), coordinate_reason(reference, unit_code, lat, lon)))
    return issues


def coordinate_reason(reference: Reference, unit_code: str, lat: float, lon: float) -> str:
    """Why the coordinates do not fit: outside the province, or inside another unit."""
    units = reference.directory.units
    inside = next((code for code, geometry in reference.geometries.items()
                   if point_in_polygon(lon, lat, geometry)), None)
    if inside is None:
        return _("toạ độ %(lat)s, %(lon)s nằm ngoài tỉnh Lạng Sơn", lat=lat, lon=lon)
    return _("toạ độ %(lat)s, %(lon)s nằm trong %(other)s, không thuộc %(unit)s",
             lat=lat, lon=lon, other=units[inside], unit=units[unit_code])


def make_record(line: int, values: dict) -> PointRecord:
    """The record of a row whose every cell was read."""
    match, commune = values["unit"], values.get("former_commune")
    return PointRecord(
        line=line, code=values["code"], name=values["name"], type=values["type"],
        unit_code=match.unit_code,
        former_commune_code=commune.code if commune else match.former_commune_code,
        address=values["address"], address_former=values.get("address_former"),
        postcode=values.get("postcode"), lat=values["lat"], lon=values["lon"],
        phone=values.get("phone"), hours=values.get("hours", ()), services=values.get("services", ()),
        pension_days=values.get("pension_days"), active=values.get("active", True),
        office_code=values.get("office_code"), coord_quality=values.get("coord_quality", "exact"),
        pension_schedule=values.get("pension_schedule"), special_days=values.get("special_days"),
    )

"""Row validation: each column's rules, the header, the encodings and separators, XLSX cells."""
import csv
import io
import unicodedata

import pytest

from app.registry import fields, reader
from app.registry.reader import read_table
from app.services.imports import plan_import
from tests.import_files import csv_bytes, good_rows, xlsx_bytes


@pytest.fixture
def request_ctx(app):
    """A request, so messages are translated (Vietnamese by default)."""
    with app.test_request_context():
        yield


def issues_of(data: bytes, filename: str = "registry.csv") -> list[tuple[int, str, str]]:
    return [(i.line, i.column, i.reason) for i in plan_import(filename, data).issues]


@pytest.mark.parametrize("value, ok", [
    ("0205 3870 123", True), ("0912.345.678", True), ("+84 912 345 678", True), ("1900 54 54 81", True),
    ("(0205) 3870123 / 0912345678", True), ("912345678", False), ("12345", False), ("0205 abc", False),
])
def test_phone_numbers(request_ctx, value, ok):
    if ok:
        assert fields.phone(value) == " ".join(value.split())
    else:
        with pytest.raises(fields.FieldError):
            fields.phone(value)


def test_services_with_handling(request_ctx):
    # None marks a withdrawn entry (app/registry/reference.py); no handling written: not known.
    catalogue = {"gui-thu": False, "tthc-khai-sinh": True, "tthc-khai-tu": True, "tthc-gplx": None}
    assert fields.services("gui-thu; tthc-khai-sinh:trả, TTHC-KHAI-TU", catalogue) == (
        ("gui-thu", None), ("tthc-khai-sinh", "return"), ("tthc-khai-tu", None))
    for bad, reason in [("gui-thu:both", "không phải thủ tục"), ("khong-co", "không có dịch vụ mã"),
                        ("gui-thu;gui-thu", "ghi hai lần"), ("tthc-khai-tu:sometimes", "receive, return"),
                        ("tthc-gplx", "'tthc-gplx' đã rút khỏi danh mục"),
                        ("tthc-gplx:both", "'tthc-gplx' đã rút khỏi danh mục")]:
        with pytest.raises(fields.FieldError, match=reason):
            fields.services(bad, catalogue)


@pytest.mark.parametrize("value, expected", [
    ("21.8468", 21.8468), ("21,8468", 21.8468), (" 21.84681234 ", 21.846812), ("-0.5", -0.5)])
def test_coordinates(request_ctx, value, expected):
    assert fields.coordinate(value, -90, 90) == expected


@pytest.mark.parametrize("value", ["abc", "21.8.4", "1e3", "91", ""])
def test_bad_coordinates(request_ctx, value):
    with pytest.raises(fields.FieldError):
        fields.coordinate(value, -90, 90)


def test_pension_days_types_and_active(request_ctx):
    assert fields.pension_days("5-12") == (5, 12) and fields.pension_days("5") == (5, 5)
    assert fields.pension_days("") is None
    for bad in ("12-5", "0-3", "5-32", "năm"):
        with pytest.raises(fields.FieldError):
            fields.pension_days(bad)
    assert fields.point_type("Bưu cục") == "buu-cuc" and fields.point_type("Điểm BĐ-VHX") == "bdvhx"
    assert fields.point_type("Ki-ốt bưu điện") == "kiot"
    assert (fields.active(""), fields.active("Có"), fields.active("0"), fields.active("không")) == (
        True, True, False, False)


def test_text_refuses_formulas_and_keeps_nfc(request_ctx):
    name = "Bưu cục Lạng Sơn"
    assert fields.text(unicodedata.normalize("NFD", name) + "  ", 200) == name
    for formula in ("=HYPERLINK(\"x\")", "+1", "@SUM(A1)"):
        with pytest.raises(fields.FieldError, match="không được bắt đầu"):
            fields.text(formula, 200)


def test_header_problems_are_reported_on_line_1(request_ctx):
    columns = ["code", "name", "type", "adress", "lat", "lon", "name", "slug"]
    found = issues_of(csv_bytes([], columns=columns))
    assert (1, "adress", "cột không có trong mẫu") in found
    assert (1, "name", "cột ghi hai lần") in found
    assert {(1, "unit", "thiếu cột bắt buộc"), (1, "address", "thiếu cột bắt buộc")} <= set(found)
    assert not any(column == "slug" for _, column, _ in found)  # an export column, ignored


def test_empty_files(request_ctx):
    assert issues_of(b"") == [(1, "", "tệp trống: cần một dòng tiêu đề và các dòng điểm")]
    assert issues_of(csv_bytes([])) == [(2, "", "tệp không có dòng điểm nào")]


def test_not_utf8_names_the_line(request_ctx):
    data = csv_bytes(good_rows()[:2], bom=False)
    broken = data.replace("Hoàng".encode("utf-8"), "Hoàng".encode("cp1258"), 1)
    line, column, reason = issues_of(broken)[0]
    assert (line, column) == (3, "") and "UTF-8" in reason


def test_semicolon_separated_csv_from_excel(request_ctx):
    text = csv_bytes(good_rows()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    plan = plan_import("registry.csv", out.getvalue().encode("utf-8"))
    assert plan.ok, plan.issues
    assert plan.counts["created"] == 4


def test_coordinates_outside_the_unit_or_the_province(request_ctx):
    rows = good_rows()
    rows[2]["unit"] = "05977"  # Thất Khê's coordinates, written in Phường Đông Kinh
    rows[3]["lat"], rows[3]["lon"] = "21.0278", "105.8342"  # Hà Nội
    found = issues_of(csv_bytes(rows))
    assert (4, "lat", f"toạ độ {float(rows[2]['lat'])}, {float(rows[2]['lon'])} nằm trong Xã Thất Khê, "
                      "không thuộc Phường Đông Kinh") in found
    assert (5, "lat", "toạ độ 21.0278, 105.8342 nằm ngoài tỉnh Lạng Sơn") in found


def test_former_commune_must_belong_to_the_unit(request_ctx):
    rows = good_rows()
    rows[2]["former_commune"] = "Xã Hoàng Đồng, Thành phố Lạng Sơn"
    assert (4, "former_commune", "Xã Hoàng Đồng (cũ) không thuộc Xã Thất Khê") in issues_of(csv_bytes(rows))


def test_cells_beyond_the_header(request_ctx):
    data = csv_bytes(good_rows()[:1]).decode("utf-8-sig").rstrip("\r\n") + ",extra\r\n"
    assert (2, "", "ô nằm ngoài các cột của tiêu đề") in issues_of(data.encode("utf-8"))


def test_xlsx_cells_become_text(request_ctx):
    rows = [{"code": "A", "name": "Tên", "lat": 21.5, "lon": 106.0, "unit": 6040, "active": True,
             "postcode": 240000.0}]
    table = read_table("file.xlsx", xlsx_bytes(rows, columns=["code", "name", "lat", "lon", "unit", "active",
                                                              "postcode"]))
    assert table.header == ["code", "name", "lat", "lon", "unit", "active", "postcode"]
    assert table.rows == [(2, ["A", "Tên", "21.5", "106", "6040", "1", "240000"])]
    assert table.label(2) == "lat (C)"


def test_broken_xlsx_is_one_clear_issue(request_ctx):
    [(line, column, reason)] = issues_of(b"PK\x03\x04 not really a workbook", "registry.xlsx")
    assert (line, column) == (1, "") and reason.startswith("đây không phải tệp Excel (.xlsx) đọc được: ")


def test_control_characters_in_a_cell_are_a_row_error(request_ctx):
    rows = good_rows()
    rows[1]["name"] = "Bưu cục\x00 Lạng Sơn"
    issues = issues_of(csv_bytes(rows), "registry.csv")
    assert [(line, reason) for line, _, reason in issues] == [(3, "ô chứa ký tự điều khiển (như NUL), không phải chữ")]


def test_too_many_rows_stop_the_reading(request_ctx, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    rows = good_rows()
    for data, name in ((csv_bytes(rows), "registry.csv"), (xlsx_bytes(rows), "registry.xlsx")):
        table = read_table(name, data)
        assert len(table.rows) == 3 and table.too_long
        assert [(i.line, i.reason) for i in table.issues] == [(5, "tệp có quá 3 dòng")]

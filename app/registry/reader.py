"""Reading the registry file, CSV or XLSX, into rows of text cells with their line numbers."""
import csv
import io
from dataclasses import asdict, dataclass, field

from flask import current_app, has_app_context
from flask_babel import gettext as _

from app.registry.workbook import WorkbookError, WorkbookLimits, read_workbook_rows

MAX_ROWS = 5000
XLSX_MAGIC = b"PK\x03\x04"
CONTROL_CHARACTERS = frozenset(chr(c) for c in (*range(0x20), 0x7F)) - {"\t", "\n", "\r"}
# Past these bounds a workbook is too big (413); the other kinds make it unreadable (400).
TOO_LARGE = frozenset({"too_many_rows", "too_many_columns", "too_many_cells", "shared_strings_too_large",
                       "part_too_large", "too_many_parts"})


@dataclass(frozen=True)
class Issue:
    """One problem of the file: where (line, column) and why."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("dòng %(line)s, cột %(column)s: %(reason)s",
                 line=self.line, column=self.column or "-", reason=self.reason)


@dataclass
class RawTable:
    """The header and the rows of a file, each row as header → text, with where it came from."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    letters: bool = False  # XLSX: name columns by letter too
    too_long: bool = False
    issues: list[Issue] = field(default_factory=list)
    refused: str | None = None  # the kind of bound a workbook broke (WorkbookError.kind): not read

    @property
    def status(self) -> int:
        """The HTTP status of a refused file: 413 past a size bound, 400 when unreadable."""
        return 413 if self.refused in TOO_LARGE else 400

    def to_json(self) -> dict:
        """What the preview keeps between requests (the file is read once)."""
        return {"header": self.header, "rows": self.rows, "letters": self.letters,
                "too_long": self.too_long, "issues": [asdict(i) for i in self.issues]}

    @classmethod
    def from_json(cls, data: dict) -> "RawTable":
        return cls(header=data["header"], rows=[(line, cells) for line, cells in data["rows"]],
                   letters=data["letters"], too_long=data["too_long"],
                   issues=[Issue(**i) for i in data["issues"]])

    def label(self, index: int) -> str:
        """How an issue names a column: its header, and its letter in a workbook."""
        name = self.header[index] if index < len(self.header) else ""
        return f"{name} ({column_letter(index + 1)})" if self.letters else name


def column_letter(number: int) -> str:
    """A spreadsheet column's letters: 1 → A, 27 → AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(filename: str, data: bytes) -> RawTable:
    """The file's header and non-empty rows: XLSX by its content, anything else as CSV."""
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    return read_csv(data)


def read_csv(data: bytes) -> RawTable:
    """A UTF-8 CSV (with or without BOM), separated by commas, semicolons or tabs."""
    table = RawTable()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        table.issues.append(Issue(line, "", _("tệp không ở mã UTF-8: hãy lưu lại dạng \"CSV UTF-8\"")))
        return table
    first_line = content.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            _add_row(table, start, cells)
            if table.too_long:
                break
            start = reader.line_num + 1
    except csv.Error as error:
        table.issues.append(Issue(start, "", _("dòng CSV hỏng: %(detail)s", detail=str(error))))
    return table


def workbook_limits() -> WorkbookLimits:
    """The bounds of a workbook read, from the IMPORT_MAX_* settings."""
    config = current_app.config if has_app_context() else {}
    return WorkbookLimits(max_rows=config.get("IMPORT_MAX_ROWS", MAX_ROWS) + 1,  # and the header
                          max_columns=config.get("IMPORT_MAX_COLUMNS", 64),
                          max_seconds=config.get("IMPORT_MAX_SECONDS", 5.0))


def refusal_text(error: WorkbookError) -> str:
    """Why a workbook was not read, as the person who uploaded it can act on it."""
    texts = {
        "not_zip": _("đây không phải tệp Excel (.xlsx) đọc được: tệp không có dạng nén của .xlsx "
                     "(hãy lưu lại bằng Excel dạng \"Excel Workbook (.xlsx)\", hoặc dạng CSV UTF-8)"),
        "not_xlsx": _("đây không phải tệp Excel (.xlsx) đọc được: tệp thiếu bảng tính"),
        "malformed": _("đây không phải tệp Excel (.xlsx) đọc được: %(detail)s", detail=error.detail),
        "dtd": _("đây không phải tệp Excel (.xlsx) đọc được: tệp có khai báo DTD/ENTITY, điều mà Excel "
                 "không bao giờ ghi"),
        "too_deep": _("đây không phải tệp Excel (.xlsx) đọc được: cấu trúc lồng quá sâu"),
        "too_slow": _("tệp cần quá %(limit)s giây để đọc", limit=error.limit),
        "too_many_rows": _("tệp quá lớn: quá %(limit)s dòng", limit=(error.limit or 1) - 1),
        "too_many_columns": _("tệp quá lớn: quá %(limit)s cột", limit=error.limit),
        "too_many_cells": _("tệp quá lớn: quá %(limit)s ô có dữ liệu", limit=error.limit),
        "shared_strings_too_large": _("tệp quá lớn: phần chữ vượt %(limit)s byte", limit=error.limit),
        "part_too_large": _("tệp quá lớn: một phần của tệp khi giải nén vượt %(limit)s byte", limit=error.limit),
        "too_many_parts": _("tệp quá lớn: tệp nén có quá %(limit)s phần", limit=error.limit),
    }
    return texts.get(error.kind, texts["malformed"])


def read_xlsx(data: bytes) -> RawTable:
    """The first worksheet of an Excel workbook, within the bounds of workbook_limits()."""
    table = RawTable(letters=True)
    try:
        rows = read_workbook_rows(data, workbook_limits())
    except WorkbookError as error:
        table.refused = error.kind
        table.issues.append(Issue(1, "", refusal_text(error)))
        return table
    for number, cells in rows:
        _add_row(table, number, cells)
        if table.too_long:
            break
    return table


def _add_row(table: RawTable, line: int, cells: list[str]) -> None:
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    if not table.header:
        if cells:
            table.header = [c.lstrip("\ufeff").strip().lower() for c in cells]
        return
    if not cells:
        return
    for index, cell in enumerate(cells):
        if CONTROL_CHARACTERS.intersection(cell):
            table.issues.append(Issue(line, table.label(index), _("ô chứa ký tự điều khiển (như NUL), "
                                                                   "không phải chữ")))
            return
    if len(table.rows) == MAX_ROWS:
        if not table.too_long:
            table.issues.append(Issue(line, "", _("tệp có quá %(n)s dòng", n=MAX_ROWS)))
        table.too_long = True
        return
    table.rows.append((line, cells))

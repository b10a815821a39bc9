"""Reading the registry file, CSV or XLSX, into rows of text cells with their line numbers."""
import csv
import io
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _

MAX_ROWS = 5000
XLSX_MAGIC = b"PK\x03\x04"


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


def read_xlsx(data: bytes) -> RawTable:
    """The first worksheet of an Excel workbook; numbers and dates become text."""
    from openpyxl import load_workbook

    table = RawTable(letters=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zipfile, XML and openpyxl raise many kinds
        table.issues.append(Issue(1, "", _("không đọc được tệp Excel (.xlsx)")))
        return table
    try:
        for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            _add_row(table, number, [cell_text(v) for v in values])
            if table.too_long:  # a huge or hostile workbook is not read to its end
                break
    finally:
        workbook.close()
    return table


def cell_text(value) -> str:
    """A workbook cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


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
    if len(table.rows) == MAX_ROWS:
        if not table.too_long:
            table.issues.append(Issue(line, "", _("tệp có quá %(n)s dòng", n=MAX_ROWS)))
        table.too_long = True
        return
    table.rows.append((line, cells))

"""The first worksheet of an XLSX workbook as rows of text, read with the standard library under hard bounds.

Every part is streamed out of the zip through a byte counter and a screen (no DTD, no giant token) into an
XMLPullParser whose ended elements are dropped after each chunk: nothing grows with a hostile file but the
bounded result. No openpyxl: its read-only mode trusts <dimension>, and builds any string it is given."""
import math
import posixpath
import re
import time
from datetime import datetime, timedelta
from decimal import Decimal

from app.registry.workbook_parts import KINDS, Book, WorkbookError, WorkbookLimits, open_zip

__all__ = ["KINDS", "WorkbookError", "WorkbookLimits", "read_workbook_rows"]

_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_FORMAT_NOISE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # literals and [Red]/[$-409]
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_BUILTIN_DATES = frozenset([*range(14, 23), 45, 46, 47])
_MAX_FORMATS = 65536  # Excel allows 64000 cell formats; past that a file is hostile, not dated
_MAX_COLUMN, _MAX_ROW = 16384, 1048576
_BOOLEANS = {"1": "1", "0": "0", "true": "1", "false": "0"}
_EPOCH_1900, _EPOCH_1904 = datetime(1899, 12, 30), datetime(1904, 1, 1)


def read_workbook_rows(data: bytes, limits: WorkbookLimits = WorkbookLimits()) -> list[tuple[int, list[str]]]:
    """(row number as Excel numbers it, cells as text) of the first worksheet, header row included;
    empty rows left out."""
    deadline = time.thread_time() + limits.max_seconds  # CPU time: another process's load does not count
    with open_zip(data, limits) as archive:
        book = Book(archive, limits, deadline)
        sheet, strings_part, styles_part, date1904 = _locate(book)
        dates = _date_styles(book, styles_part)
        strings = _shared_strings(book, strings_part)
        return _SheetReader(book, strings, dates, date1904).read(sheet)


def _locate(book: Book) -> tuple[str, str | None, str | None, bool]:
    if not book.has("xl/workbook.xml"):
        raise WorkbookError("not_xlsx", "no xl/workbook.xml")
    sheet_ids, date1904 = _workbook(book)
    sheet, kinds = "xl/worksheets/sheet1.xml", {}  # without relationships, where Excel puts them
    if book.has("xl/_rels/workbook.xml.rels"):
        links = _relationships(book)
        sheet = next((links[i][1] for i in sheet_ids if links.get(i, ("",))[0] == "worksheet"), None)
        kinds = {kind: target for kind, target in reversed(links.values())}
    if not book.has(sheet):
        raise WorkbookError("not_xlsx", f"first worksheet not found ({sheet or 'no relationship'})")
    return (sheet, kinds.get("sharedStrings", "xl/sharedStrings.xml"), kinds.get("styles", "xl/styles.xml"),
            date1904)


def _workbook(book: Book) -> tuple[list[str], bool]:
    sheet_ids, date1904 = [], False
    for event, tag, elem in book.events("xl/workbook.xml"):
        if event != "start":
            continue
        if tag == "workbookPr":
            date1904 = elem.get("date1904", "").lower() in ("1", "true")
        elif tag == "sheet" and len(sheet_ids) < book.limits.max_parts:  # each sheet is a part
            sheet_ids.extend(v for k, v in elem.attrib.items() if k.startswith("{") and k.endswith("}id"))
    return sheet_ids, date1904


def _relationships(book: Book) -> dict[str, tuple[str, str]]:
    """Id → (type's last word, part name) of the workbook's internal relationships."""
    links = {}
    for event, tag, elem in book.events("xl/_rels/workbook.xml.rels"):
        if event == "start" and tag == "Relationship" and elem.get("TargetMode") != "External":
            target = elem.get("Target", "")
            path = target[1:] if target.startswith("/") else posixpath.join("xl", target)
            if len(links) < book.limits.max_parts:
                links[elem.get("Id")] = (elem.get("Type", "").rpartition("/")[2], posixpath.normpath(path))
    return links


def _date_styles(book: Book, name: str | None) -> frozenset[int]:
    """The indexes of the cell formats (cellXfs) that show a number as a date or a time."""
    if not book.has(name):
        return frozenset()
    custom, dated, in_cell_formats, index = {}, set(), False, 0
    for event, tag, elem in book.events(name):
        if tag == "cellXfs":
            in_cell_formats = event == "start"
        elif event == "end":
            continue
        elif tag == "numFmt" and len(custom) < _MAX_FORMATS:
            custom[elem.get("numFmtId")] = _is_date_code(elem.get("formatCode", ""))
        elif tag == "xf" and in_cell_formats and index < _MAX_FORMATS:
            format_id = elem.get("numFmtId", "0")
            builtin = format_id.isdigit() and len(format_id) < 4 and int(format_id) in _BUILTIN_DATES
            if custom.get(format_id, builtin):
                dated.add(index)
            index += 1
    return frozenset(dated)


def _is_date_code(code: str) -> bool:
    # as openpyxl decides: a date, time or datetime code outside quoted literals and [colour]/[locale]
    return len(code) <= 255 and bool(_DATE_CODE.search(_FORMAT_NOISE.sub("", code.split(";")[0])))


def _shared_strings(book: Book, name: str | None) -> list[str]:
    if not book.has(name):
        return []
    bound = book.limits.max_shared_strings_bytes
    strings, pieces, phonetic, total = [], [], 0, 0
    for event, tag, elem in book.events(name, "shared_strings_too_large", bound):
        if tag == "rPh":  # phonetic guides are not part of the text
            phonetic += 1 if event == "start" else -1
        elif event == "start":
            continue
        elif tag == "t" and not phonetic:
            pieces.append(elem.text or "")
            total += len(pieces[-1])
            if total > bound:
                raise WorkbookError("shared_strings_too_large", f"{name}: over {bound} characters", bound)
        elif tag == "si":
            strings.append("".join(pieces))
            pieces = []
    return strings


class _SheetReader:
    """One pass over a worksheet part: the row and the cell being read, and the rows kept."""

    def __init__(self, book: Book, strings: list[str], dates: frozenset[int], date1904: bool):
        self.book, self.limits, self.strings = book, book.limits, strings
        self.dates, self.date1904 = dates, date1904
        self.rows: list[tuple[int, list[str]]] = []
        self.floor, self.row, self.row_known, self.col, self.cells = 0, 0, False, 0, None
        self.kind = self.style = self.value = self.inline = None
        self.filled_rows = self.filled_cells = self.phonetic = 0

    def read(self, name: str) -> list[tuple[int, list[str]]]:
        """The rows of the part, each up to its last non-empty cell."""
        for event, tag, elem in self.book.events(name):
            if event == "start":
                self.start(tag, elem)
            elif tag == "v" and self.kind:
                self.value = elem.text or ""
            elif tag == "t" and self.inline is not None and not self.phonetic:
                self.inline.append(elem.text or "")
            elif tag == "rPh" or tag == "c" or tag == "row":
                self.end(tag)
        return self.rows

    def start(self, tag: str, elem) -> None:
        """Open a row, a cell, an inline string or a phonetic run."""
        if tag == "row":
            self.start_row(elem.get("r"))
        elif tag == "c":
            self.start_cell(elem.get("r"))
            self.kind, self.style, self.value = elem.get("t", "n"), elem.get("s", ""), None
        elif tag == "is" and self.kind:
            self.inline = []
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, tag: str) -> None:
        """Close a phonetic run, a cell (keeping its text) or a row (keeping it if not empty)."""
        if tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            self.keep_cell(self.cell_text())
            self.kind = self.inline = None
        elif self.cells is not None:
            self.keep_row()

    def start_row(self, ref: str | None) -> None:
        """Take the row's number from its r, or follow the previous row."""
        number = self.row + 1 if ref is None else _number(ref, _MAX_ROW, "row")
        if number <= self.row or number > _MAX_ROW:
            raise WorkbookError("malformed", f"row {number} out of order after row {self.row}")
        self.floor, self.row, self.row_known, self.col, self.cells = self.row, number, ref is not None, 0, {}

    def start_cell(self, ref: str | None) -> None:
        """Place the cell by its r (e.g. C7), or right after the previous cell."""
        if self.cells is None:
            raise WorkbookError("malformed", "a cell outside a row")
        col, row = self.col + 1, self.row
        if ref is not None:
            match = _CELL_REF.fullmatch(ref)
            if not match:
                raise WorkbookError("malformed", f"bad cell reference {ref[:20]!r}")
            col, row = _column(match.group(1)), int(match.group(2))
            if not self.row_known and self.floor < row <= _MAX_ROW:
                self.row = row  # a row without r takes its first cell's row
        if row != self.row or col <= self.col or col > _MAX_COLUMN:
            raise WorkbookError("malformed", f"cell {ref or col} out of place in row {self.row}")
        self.col, self.row_known = col, True

    def keep_cell(self, text: str) -> None:
        """Keep a non-empty cell, within the column and cell bounds."""
        if text == "":
            return
        if self.col > self.limits.max_columns:
            raise WorkbookError("too_many_columns", f"a value in column {self.col} (row {self.row})",
                                self.limits.max_columns)
        self.filled_cells += 1
        if self.filled_cells % 4096 == 0:
            self.book.check_time()
        if self.filled_cells > self.limits.max_cells:
            raise WorkbookError("too_many_cells", f"over {self.limits.max_cells} cells (row {self.row})",
                                self.limits.max_cells)
        self.cells[self.col] = text

    def keep_row(self) -> None:
        """Keep a row with a value, its gaps as ""; stop as soon as there are too many."""
        if self.cells:
            self.filled_rows += 1
            if self.filled_rows > self.limits.max_rows + 1:  # the header is not a data row
                raise WorkbookError("too_many_rows", f"over {self.limits.max_rows} rows after the header "
                                    f"(at row {self.row})", self.limits.max_rows)
            cells = [""] * max(self.cells)
            for col, text in self.cells.items():
                cells[col - 1] = text
            self.rows.append((self.row, cells))
        self.cells = None

    def cell_text(self) -> str:
        """The cell's value as text, by its type."""
        kind, raw = self.kind, self.value
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else raw or ""
        if raw is None or kind in ("str", "e"):
            return raw or ""
        if kind == "s":
            if not raw.isdigit() or len(raw) > 9 or int(raw) >= len(self.strings):
                raise WorkbookError("malformed", f"no shared string {raw[:20]!r} (row {self.row})")
            return self.strings[int(raw)]
        if kind == "b" and raw.lower() in _BOOLEANS:
            return _BOOLEANS[raw.lower()]
        if kind == "d":  # ISO 8601 already; midnight means a date
            return raw.removesuffix("Z").removesuffix("T00:00:00")
        if kind != "n" or not _NUMBER.fullmatch(raw) or not math.isfinite(float(raw)):
            raise WorkbookError("malformed", f"bad value {raw[:20]!r} of type {kind[:20]!r} (row {self.row})")
        dated = self.style.isdigit() and len(self.style) < 7 and int(self.style) in self.dates
        return (dated and _serial_text(float(raw), self.date1904)) or _number_text(raw)


def _number(text: str, bound: int, what: str) -> int:
    if not text.isdigit() or len(text) > 7 or not 0 < int(text) <= bound:
        raise WorkbookError("malformed", f"bad {what} number {text[:20]!r}")
    return int(text)


def _column(letters: str) -> int:
    col = 0
    for letter in letters:
        col = col * 26 + ord(letter) - 64
    return col


def _number_text(raw: str) -> str:
    # the text Excel wrote, but "5.0" and "2.4E5" as the integers they are
    if raw.lstrip("+-").isdigit():
        return raw
    value = Decimal(raw)
    if value != value.to_integral_value():
        return raw
    return "0" if value == 0 else format(value.to_integral_value(), "f")


def _serial_text(serial: float, date1904: bool) -> str | None:
    """An Excel date serial as ISO text, as openpyxl reads it; None when no date has that serial."""
    if serial < 0:
        return None
    day, fraction = divmod(serial, 1)
    seconds = round(fraction * 86400)
    if serial < 1 and seconds < 86400:  # a time of day
        return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    if not date1904 and 0 < serial < 60:  # Excel counts a 29 February 1900 that never was
        day += 1
    try:
        moment = (_EPOCH_1904 if date1904 else _EPOCH_1900) + timedelta(days=day, seconds=seconds)
    except OverflowError:
        return None
    return moment.isoformat() if moment.time() != datetime.min.time() else moment.date().isoformat()

"""XLSX files for the workbook reader's tests: hostile ones built small (expanded parts are streamed into the
zip, never held whole nor written out), and well-formed ones as Excel and openpyxl write them."""
import io
import random
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006"
MEGABYTE = 1024 * 1024
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{PACKAGE_NS}/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_TYPE}.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{SHEET_TYPE}.styles+xml"/></Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_NS}/relationships">
<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
Part = str | bytes | Iterable[bytes]


def package(sheet: Part, strings: Part | None = None, styles: str | None = None, *, strict: bool = False,
            date1904: bool = False, sheet_target: str = "worksheets/sheet1.xml") -> bytes:
    """A workbook of one sheet from its parts' XML: text, or chunks of bytes streamed into the zip."""
    ns, rel_ns = (STRICT_NS, STRICT_REL_NS) if strict else (MAIN_NS, REL_NS)
    links = [("rId1", "worksheet", sheet_target), ("rId2", "sharedStrings", "sharedStrings.xml"),
             ("rId3", "styles", "styles.xml")]
    workbook = (f'<workbook xmlns="{ns}" xmlns:r="{rel_ns}"><workbookPr date1904="{int(date1904)}"/>'
                '<sheets><sheet name="Registry" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = "".join(f'<Relationship Id="{i}" Type="{rel_ns}/{k}" Target="{t}"/>' for i, k, t in links)
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": workbook,
             "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_NS}/relationships">{rels}'
                                           "</Relationships>",
             "xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": strings, "xl/styles.xml": styles}
    return zip_parts({name: part for name, part in parts.items() if part is not None})


def zip_parts(parts: dict[str, Part], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of the parts; iterables of bytes are streamed in, so no part is ever whole in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, part in parts.items():
            with archive.open(name, "w") as stream:
                for chunk in [part] if isinstance(part, str | bytes) else part:
                    stream.write(chunk.encode() if isinstance(chunk, str) else chunk)
    return buffer.getvalue()


def worksheet(rows: str, before: str = "") -> str:
    """A worksheet part around its sheetData rows (and what comes before sheetData, e.g. a dimension)."""
    return f'<worksheet xmlns="{MAIN_NS}">{before}<sheetData>{rows}</sheetData></worksheet>'


def text_cell(ref: str, text: str) -> str:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = f'<row r="1">{text_cell("A1", "code")}{text_cell("B1", "name")}</row>'


def streamed(head: str, body: bytes, times: int, tail: str) -> Iterable[bytes]:
    """A part as chunks: head, body repeated, tail."""
    yield head.encode()
    for _ in range(times):
        yield body
    yield tail.encode()


def dimension_bomb() -> bytes:
    """A sheet that claims all of A1:XFD1048576 and holds a header and one cell in its very last row."""
    rows = HEADER + f'<row r="1048576">{text_cell("A1048576", "BC-1")}</row>'
    return package(worksheet(rows, '<dimension ref="A1:XFD1048576"/>'))


def shared_strings_bomb(expanded: int = 1024 * MEGABYTE) -> bytes:
    """About 1 MB of zip whose shared strings expand to a GiB of text, in strings of 20,000 characters."""
    item = b"<si><t>" + b"A" * 20_000 + b"</t></si>"
    block = item * (MEGABYTE // len(item))
    strings = streamed(f'<sst xmlns="{MAIN_NS}">', block, expanded // len(block) + 1, "</sst>")
    return package(worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings)


def deep_nesting(depth: int = 100_000) -> bytes:
    """A cell whose inline string nests 100,000 rich-text elements."""
    head = f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
    body = b"<r>" * depth + b"<t>x</t>" + b"</r>" * depth
    return package(streamed(head, body, 1, "</is></c></row></sheetData></worksheet>"))


def undefined_entity() -> bytes:
    """A cell holding an entity no DTD defines."""
    return package(worksheet(HEADER + f'<row r="2">{text_cell("A2", "BC &foo; 1")}</row>'))


def billion_laughs() -> bytes:
    """The classic entity expansion, in the shared strings."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    strings = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
               f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>')
    return package(worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings)


def external_entity() -> bytes:
    """A sheet that declares an external entity and uses it in a cell."""
    sheet = worksheet(f'<row r="1">{text_cell("A1", "&x;")}</row>')
    return package('<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + sheet)


def utf16_doctype() -> bytes:
    """A sheet in UTF-16, whose DOCTYPE a scan of the bytes as ASCII would miss."""
    sheet = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY x "y">]>' + worksheet("")
    return package([sheet.encode("utf-16")])


def not_a_zip() -> bytes:
    """Random bytes."""
    return random.Random(20240601).randbytes(8192)


def csv_named_xlsx() -> bytes:
    """A CSV's bytes, as from a CSV renamed .xlsx."""
    return "code,name,lat,lon\nBC-240000,GD Cấp 1 Lạng Sơn,21.8468,106.7573\n".encode()


def too_many_rows(n: int = 6000) -> bytes:
    """A header and n data rows."""
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(2, n + 2))
    return package(worksheet(HEADER + rows))


def too_many_columns() -> bytes:
    """A header and a value in the last column Excel has, XFD."""
    return package(worksheet(HEADER + f'<row r="2">{text_cell("XFD2", "far")}</row>'))


def too_many_parts(n: int = 201) -> bytes:
    """A workbook padded with empty parts to n zip entries."""
    with zipfile.ZipFile(io.BytesIO(package(worksheet(HEADER)))) as base:
        parts = {name: base.read(name) for name in base.namelist()}
    parts.update({f"xl/media/image{i}.png": b"" for i in range(n - len(parts))})
    return zip_parts(parts)


def directory_bomb(n: int = 50_000) -> bytes:
    """A zip of about 4 MB holding 50,000 empty entries, each an object once zipfile has read it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for i in range(n):
            archive.writestr(f"{i}", b"")
    return buffer.getvalue()


def huge_part(expanded: int = 24 * MEGABYTE) -> bytes:
    """A sheet of empty rows between stretches of whitespace, past the 20 MB bound."""
    def sheet():
        yield f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
        for i in range(1, 2 * expanded // MEGABYTE + 2):
            yield f'<row r="{i}"/>'.encode() + b" \n" * (MEGABYTE // 4)
        yield b"</sheetData></worksheet>"
    return package(sheet())


def giant_tag() -> bytes:
    """A cell whose type attribute runs for 19 MB ("x>" repeated, as ">" needs no escaping there)."""
    head = f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="'
    return package(streamed(head, b"x>" * (MEGABYTE // 2), 19, '"/></row></sheetData></worksheet>'))


def giant_comment() -> bytes:
    """A 19 MB comment full of "<", which the parser holds whole until it ends."""
    head = f'<worksheet xmlns="{MAIN_NS}"><sheetData><!--'
    return package(streamed(head, b"<x" * (MEGABYTE // 2), 19, "--></sheetData></worksheet>"))


def lying_sizes() -> bytes:
    """A zip whose directory and local header say its 3 MB sheet part expands to 100 bytes."""
    data = bytearray(package(streamed(f'<worksheet xmlns="{MAIN_NS}"><sheetData>', b" " * MEGABYTE, 3,
                                      "</sheetData></worksheet>")))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/worksheets/sheet1.xml"))
    data[central + 24:central + 28] = (100).to_bytes(4, "little")  # uncompressed size, central directory
    data[info.header_offset + 22:info.header_offset + 26] = (100).to_bytes(4, "little")  # and local header
    return bytes(data)


HOSTILE = {builder.__name__: builder for builder in (
    dimension_bomb, shared_strings_bomb, deep_nesting, undefined_entity, billion_laughs, external_entity,
    utf16_doctype, not_a_zip, csv_named_xlsx, too_many_rows, too_many_columns, too_many_parts, directory_bomb,
    huge_part, giant_tag, giant_comment, lying_sizes)}


def good_workbook(rows: list[list[object]]) -> bytes:
    """A workbook openpyxl writes from rows of values; a (value, number format) pair sets a cell's format."""
    book = Workbook()
    sheet = book.active
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            value, number_format = value if isinstance(value, tuple) else (value, None)
            cell = sheet.cell(number, column, value)
            if number_format:
                cell.number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# cellStyleXfs has a date format too: only cellXfs may count for the cells' s index
EXCEL_STYLES = f"""<styleSheet xmlns="{MAIN_NS}"><numFmts count="3">
<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0 &quot;đ&quot;"/>
<numFmt numFmtId="166" formatCode="[$-409]h:mm AM/PM"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2">
<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="14"/>
</cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" applyNumberFormat="1" xfId="0"/>
<xf numFmtId="164" xfId="0"/><xf numFmtId="165" xfId="0"/><xf numFmtId="166" xfId="0"/>
<xf numFmtId="22" xfId="0"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""
EXCEL_STRINGS = f"""<sst xmlns="{MAIN_NS}" count="5" uniqueCount="5"><si><t>code</t></si><si><t>name</t></si>
<si><t xml:space="preserve"> Lạng Sơn </t></si><si><r><rPr><b/></rPr><t>Bưu </t></r><r><t>cục</t></r>
<rPh sb="0" eb="1"><t>ブ</t></rPh></si><si><t>a&#9;b_x0000_</t></si></sst>"""
# rows and cells without r, gaps, trailing styled empty cells, an empty row, each kind of value
EXCEL_ROWS = """<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>
<c t="s"><v>2</v></c></row><row r="3"><c r="A3" t="s"><v>3</v></c><c r="C3" s="1"><v>45000</v></c>
<c s="2"><v>45000.5</v></c><c s="3"><v>240000</v></c><c s="4"><v>0.75</v></c><c s="5"><v>1</v></c></row>
<row><c r="A4"><v>2.4E5</v></c><c><v>5.0</v></c><c><v>1.5E-3</v></c><c t="b"><v>1</v></c><c t="b"><v>0</v></c>
<c t="e"><v>#N/A</v></c><c t="str"><f>A4&amp;"x"</f><v>240000x</v></c><c s="1"/><c r="L4" s="2"/></row>
<row r="5"><c r="A5" s="1"/><c r="B5" t="s"><v>4</v></c></row><row r="6"><c r="A6" s="3"/></row>
<row r="9"><c r="B9" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c><c r="D9"><v>-0.0</v></c>
</row>"""


def excel_like_workbook(*, strict: bool = False, date1904: bool = False) -> bytes:
    """A workbook as Excel writes it: shared strings (rich, phonetic), styles with dates, cells without r."""
    parts = [worksheet(EXCEL_ROWS, '<dimension ref="A1:L9"/>'), EXCEL_STRINGS, EXCEL_STYLES]
    if strict:
        parts = [part.replace(MAIN_NS, STRICT_NS) for part in parts]
    return package(*parts, strict=strict, date1904=date1904, sheet_target="/xl/worksheets/sheet1.xml")

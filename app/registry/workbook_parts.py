"""The bounded layer under the XLSX reader: a zip whose entries are counted, and XML parts streamed
through a byte counter and a screen (no DTD, no giant token) into an XMLPullParser whose ended
elements are dropped after each chunk, so nothing grows with a hostile file. The bounds are
WorkbookLimits; past one, WorkbookError says which (its kind) and the limit."""
import io
import itertools
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, XMLPullParser

KINDS = ("not_zip", "not_xlsx", "malformed", "dtd", "too_many_rows", "too_many_columns", "too_many_cells",
         "shared_strings_too_large", "part_too_large", "too_many_parts", "too_deep", "too_slow")
_CHUNK = 64 * 1024
_MAX_RUN = 1024 * 1024  # Excel caps a cell at 32,767 characters: no text or tag of a real file is this long
_OVERLAP = 16  # longer than "<!DOCTYPE", so a declaration split across two chunks is still seen
_DTD = re.compile(rb"<!(?:doctype|entity)", re.IGNORECASE)
_SPECIAL = re.compile(rb"<!--|<\?|<!\[CDATA\[")
_CLOSERS = {b"<!--": b"-->", b"<?": b"?>", b"<![CDATA[": b"]]>"}
_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")


@dataclass(frozen=True)
class WorkbookLimits:
    """The bounds a read must stay within."""

    max_rows: int = 5000  # data rows after the header
    max_columns: int = 64
    max_cells: int = 200_000  # non-empty cells read
    max_shared_strings_bytes: int = 5 * 1024 * 1024  # total characters of all shared strings
    max_part_bytes: int = 20 * 1024 * 1024  # uncompressed size of any one XML part read
    max_parts: int = 200  # entries in the zip
    max_seconds: float = 5.0  # CPU time of the reading thread for the whole read (load elsewhere does not count)
    max_depth: int = 64  # XML element nesting depth


class WorkbookError(ValueError):
    """A workbook that cannot be read within the limits, or at all."""

    def __init__(self, kind: str, detail: str, limit: int | float | None = None):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail, self.limit = kind, detail, limit

def open_zip(data: bytes, limits: WorkbookLimits) -> zipfile.ZipFile:
    # zipfile makes an object of every directory entry before they can be counted: count their signatures
    # first (each entry starts with one, so there are never more entries than signatures)
    if data.count(b"PK\x01\x02") > limits.max_parts:
        raise WorkbookError("too_many_parts", f"over {limits.max_parts} zip entries", limits.max_parts)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise WorkbookError("not_zip", f"not a zip archive: {error}") from None
    if len(archive.infolist()) > limits.max_parts:
        archive.close()
        raise WorkbookError("too_many_parts", f"{len(archive.infolist())} zip entries", limits.max_parts)
    return archive


class Book:
    """The zip, the limits and the deadline one read shares; streams parts as bounded XML events."""

    def __init__(self, archive: zipfile.ZipFile, limits: WorkbookLimits, deadline: float):
        self.limits, self.deadline = limits, deadline
        self.archive = archive
        # part names are case-insensitive in OPC
        self.entries = {info.filename.lower(): info for info in archive.infolist()}

    def has(self, name: str | None) -> bool:
        """Whether the zip holds this part."""
        return name is not None and name.lower() in self.entries

    def check_time(self) -> None:
        """Stop a read that has run past its wall-time bound."""
        if time.thread_time() > self.deadline:
            raise WorkbookError("too_slow", f"reading took over {self.limits.max_seconds} s",
                                self.limits.max_seconds)

    def events(self, name: str, overflow: str = "malformed", limit: int | None = None):
        """(event, local tag, element) of one part; what has ended is dropped after each chunk."""
        parser, screen = XMLPullParser(events=("start", "end")), _Screen(name, overflow, limit)
        root, depth = None, 0
        for chunk in itertools.chain(self._chunks(name), [None]):
            if chunk is not None:
                screen.check(chunk)
            for event, elem in _parse(parser, name, chunk):
                if event == "end":
                    depth -= 1
                else:
                    depth += 1
                    if depth > self.limits.max_depth:
                        raise WorkbookError("too_deep", f"{name}: elements nested too deep",
                                            self.limits.max_depth)
                    root = elem if root is None else root
                yield event, elem.tag.rpartition("}")[2], elem
            _prune(root, depth)

    def _chunks(self, name: str):
        info = self.entries[name.lower()]
        # zipfile inflates bzip2 and LZMA with no bound on one read's output; Excel only ever deflates
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookError("malformed", f"{name}: compression method {info.compress_type}")
        size = 0
        try:
            with self.archive.open(info) as stream:
                # the sizes the zip claims are not trusted: what comes out is counted
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > self.limits.max_part_bytes:
                        raise WorkbookError("part_too_large", f"{name}: over {self.limits.max_part_bytes} "
                                            "bytes uncompressed", self.limits.max_part_bytes)
                    self.check_time()
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as error:
            raise WorkbookError("malformed", f"{name}: {error}") from None


class _Screen:
    """Checks on a part's bytes before the parser sees them: encoding, DTD, and tokens too long to hold."""

    def __init__(self, name: str, overflow: str, limit: int | None):
        self.name, self.overflow, self.limit = name, overflow, limit
        self.head, self.offset, self.markup = None, 0, 0
        self.closer, self.opened, self.scanned = None, 0, 0

    def check(self, chunk: bytes) -> None:
        """Refuse the chunk if it shows a DTD, or makes a tag, text, comment or PI longer than 1 MiB."""
        if self.head is None:
            _check_encoding(chunk, self.name)
            self.head = b""
        window, base = self.head + chunk, self.offset - len(self.head)
        if _DTD.search(window):
            raise WorkbookError("dtd", f"{self.name}: a DOCTYPE or ENTITY declaration")
        self._follow_specials(window, base)
        cut = chunk.rfind(b"<")
        self.markup = self.markup if cut < 0 else self.offset + cut
        self.head, self.offset = window[-_OVERLAP:], self.offset + len(chunk)
        # expat keeps a whole tag, comment or PI in memory until its end: a giant one is refused first
        if self.offset - (self.opened if self.closer else self.markup) > _MAX_RUN:
            raise WorkbookError(self.overflow, f"{self.name}: over {_MAX_RUN} bytes in one token", self.limit)

    def _follow_specials(self, window: bytes, base: int) -> None:
        # a comment, PI or CDATA may hold "<" and ">": each is followed from its start to its end
        pos = max(self.scanned - base, 0)
        while True:
            if self.closer:
                end = window.find(self.closer, pos)
                if end < 0:
                    return
                pos, self.closer = end + len(self.closer), None
            else:
                match = _SPECIAL.search(window, pos)
                if match is None:
                    return
                self.closer, self.opened, pos = _CLOSERS[match.group()], base + match.start(), match.end()
            self.scanned = base + pos


def _prune(root, depth: int) -> None:
    # the open elements are the root and a chain of last children: every other element has ended
    elem = root
    for _ in range(1, depth):
        child = elem[-1]
        del elem[:-1]
        elem = child
    if elem is not None:
        del elem[:]


def _parse(parser: XMLPullParser, name: str, chunk: bytes | None) -> list:
    try:
        if chunk is None:
            parser.close()
        else:
            parser.feed(chunk)
        return list(parser.read_events())
    except ParseError as error:
        raise WorkbookError("malformed", f"{name}: {error}") from None


def _check_encoding(head: bytes, name: str) -> None:
    # the DTD scan reads bytes as ASCII: an encoding that writes "<!DOCTYPE" otherwise would slip past it
    declared = _DECLARED_ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
    if b"\x00" in head[:4] or head[:2] in (b"\xff\xfe", b"\xfe\xff") or (
            declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
        raise WorkbookError("malformed", f"{name}: not UTF-8 (XLSX parts are)")



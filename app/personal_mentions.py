"""Rules that find a person in a comment: a name next to a staff title, or someone's health.

Pure functions over the text as typed: capitals and diacritics carry the signal ("chị Lan" is a
name, "chị lan" or "chị. Lan" is not). The one thing they read is the province's place names
(data/lang_son_units.csv and data/lang_son_legacy_units.csv, once), so that a title before a place
("nhân viên Bắc Sơn", "Chi Lăng" typed bare) is not taken for a name. Both rules aim at precision:
a held comment only waits for a moderator, but a comment held for nothing delays every reader.
"""
import csv
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import NamedTuple

from app.search import fold, strip_unit_prefix

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLACE_FILES = ("lang_son_units.csv", "lang_son_legacy_units.csv")
# Places named next to a title that are not units of the province ("Hồ Chí Minh": the city, and
# "Bác Hồ Chí Minh").
OTHER_PLACES = ("Lạng Sơn", "Việt Nam", "Hà Nội", "Hồ Chí Minh", "Trung Quốc")

# Who someone is at the counter; one to three capitalised words after one are a name.
STAFF_TITLES = ("chị", "anh", "cô", "chú", "bác", "em", "ông", "bà", "bạn", "nhân viên",
                "giao dịch viên", "gdv", "bưu tá", "cán bộ", "trưởng bưu cục", "trưởng điểm",
                "giám đốc", "tên")
# Words between a title and the name: "chị ấy tên là Lan", "anh này tên Hùng".
NAME_LEAD_INS = frozenset({"ấy", "này", "đó", "tên", "là"})
# A title right after these is part of a place or a language: "đường Bà Triệu", "tiếng Anh".
PLACE_LEAD_INS = frozenset({"đường", "phố", "phường", "xã", "thôn", "bản", "khu", "ngõ", "chùa",
                            "đền", "trường", "tiếng", "nước"})
# Capitalised words after a title that are no names: sentence openers (a comment that leaves out
# the full stop: "cảm ơn em Chúc bưu điện…"), pronouns, and the heads of unit names. Only words
# that are never a given name: "Mai", "Hoa", "Thành" or "Bình" may well be one.
NOT_NAMES = frozenset("""cảm cám chúc rất xin tôi mình chúng nhưng tuy vì nên và còn có không chưa
    đã đang sẽ được bị làm chờ ở tại khi lúc sáng chiều trưa tối hôm ngày tháng thứ chủ tết quầy phí
    tiền giấy lần mong hãy cần nhân bưu điểm em anh chị cô chú bác ông bà họ ai ấy này đó mọi các
    những cũng thật quá đến đi về nói cho với nhé nha ạ ơi xã phường huyện tỉnh thôn bản khu đường
    phố ngõ ủy sở phòng kho ngân tày nùng nhanh chậm tốt kém tuyệt hài""".split())
# Two words a capitalised word begins that make it no name: "cán bộ Văn hóa xã", "nhân viên
# Trung tâm…", "anh Bưu tá", "Nhân Viên Thái Độ…" (compared with diacritics: "hài lòng" is not
# "Hải Long").
NOT_NAME_PAIRS = frozenset(tuple(pair.split()) for pair in (
    "bưu điện", "bưu cục", "bưu tá", "văn hóa", "văn hoá", "ngân hàng", "hành chính", "nhà nước",
    "trung tâm", "công an", "ủy ban", "bảo hiểm", "dịch vụ", "công ty", "chi nhánh", "giao dịch",
    "một cửa", "thái độ", "hướng dẫn", "nhiệt tình", "phục vụ", "thủ tục", "thời gian", "nhân viên",
    "vui vẻ", "hài lòng", "tuyệt vời", "chu đáo", "cẩn thận", "lịch sự", "nhanh chóng", "tận tình",
    "tận tâm", "chủ nhật", "quản lý", "thị trấn", "thành phố", "hải quan", "kho bạc", "tiết kiệm",
    "lương hưu", "công dân", "nhân dân", "văn phòng", "trung quốc"))
# Surnames that, before "Văn" or "Thị" and a capitalised word, make a full name with no title
# ("Nguyễn Văn Bình ở quầy 1"); the province's Tày and Nùng surnames included.
SURNAMES = frozenset("""nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý lương
    nông vi vy lăng chu mã hà triệu lục đinh tô đàm hứa bế lộc mông lâm đoàn trịnh mai cao tạ quách
    la""".split())
MIDDLE_NAMES = frozenset({"văn", "thị"})
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnrstvx])?[aeiouy]{1,3}"
                       r"(?:ch|nh|ng|[cmnpt])?")
_TOKEN = re.compile(r"\w+")

# Health (a sensitive kind of personal data): a named condition or treatment, told of someone.
# (phrase, also match when typed without diacritics) — bare forms that are other words ("dong kinh"
# is the ward Đông Kinh, "tu ky" is "từ kỳ") match only with their diacritics.
HEALTH_TERMS: tuple[tuple[str, bool], ...] = (
    ("ung thư", True), ("hiv", True), ("aids", True), ("sida", True), ("tâm thần", True),
    ("trầm cảm", True), ("tự kỷ", False), ("tự kỉ", False), ("động kinh", False),
    ("tiểu đường", True), ("tai biến", True), ("đột quỵ", True), ("bại liệt", True),
    ("suy thận", True), ("chạy thận", True), ("viêm gan", True), ("lao phổi", True),
    ("hóa trị", False), ("hoá trị", False), ("xạ trị", False), ("mang thai", True), ("có thai", True),
    ("có bầu", False), ("mang bầu", False), ("khuyết tật", True), ("tàn tật", True),
    ("bệnh nhân", True), ("nằm viện", True),
)
# A term is told of someone when one of these comes up to three words before it ("mẹ tôi bị ung
# thư", "chị ấy đang mang thai", "tôi là bệnh nhân") ...
HEALTH_TIES = ("bị", "mắc", "nhiễm", "đang", "vừa", "từng", "là", "tôi", "mình", "ấy")
# ... and no group word comes first: "lối đi cho người khuyết tật", "ưu tiên phụ nữ mang thai".
HEALTH_GROUPS = frozenset({"người", "nữ", "các", "những", "cho", "trẻ"})
HEALTH_WINDOW = 3


class Token(NamedTuple):
    """A word of the comment: as typed, lower case, folded, typed bare, and after spaces only."""

    word: str
    lower: str
    folded: str
    bare: bool
    joined: bool  # only spaces (no punctuation, no line break) since the word before


def tokens(text: str) -> list[Token]:
    """The words of the text (NFC), each knowing whether only spaces part it from the one before."""
    text = unicodedata.normalize("NFC", text)
    found, end = [], None
    for match in _TOKEN.finditer(text):
        gap = text[end:match.start()] if end is not None else None
        lower, folded = match.group().lower(), fold(match.group())
        found.append(Token(match.group(), lower, folded, lower == folded,
                           bool(gap) and not gap.strip(" \t")))
        end = match.end()
    return found


@cache
def place_names() -> frozenset[str]:
    """The folded names of the province's units, current and former (without "Xã", "Phường"…)."""
    names = {fold(place) for place in OTHER_PLACES}
    for file_name in PLACE_FILES:
        with open(DATA_DIR / file_name, encoding="utf-8-sig", newline="") as handle:
            names.update(strip_unit_prefix(fold(row["name"])) for row in csv.DictReader(handle))
    return frozenset(names)


@cache
def _folded(word: str) -> str:
    """A listed word without diacritics (the lists are fixed: each is folded once)."""
    return fold(word)


def _is(token: Token, wanted: str, bare_ok: bool = True) -> bool:
    """The token is the wanted word, or (when allowed) the word typed bare (no diacritics at all)."""
    return token.lower == wanted or (bare_ok and token.bare and token.lower == _folded(wanted))


class PhraseIndex:
    """Listed phrases by their first word, as typed and (when allowed) typed bare: a comment's
    words are each looked up once, instead of every phrase being tried at every word."""

    def __init__(self, phrases: tuple[tuple[str, bool], ...]):
        self.exact: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
        self.bare: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
        for position, (phrase, bare_ok) in enumerate(phrases):
            entry = (position, tuple(phrase.split()), bare_ok)
            self.exact.setdefault(entry[1][0], []).append(entry)
            if bare_ok:
                self.bare.setdefault(fold(entry[1][0]), []).append(entry)

    def starting_at(self, lower: str, typed_bare: bool) -> list[tuple[int, tuple[str, ...], bool]]:
        """The phrases that a word (lower case; typed with no diacritics or not) can begin:
        (position in the list, words, bare_ok), in the list's order."""
        found = self.exact.get(lower, [])
        if typed_bare and lower in self.bare:
            found = sorted(set(found) | set(self.bare[lower]))
        return found

    def starts(self, words: list["Token"]) -> list[int]:
        """Where a listed phrase begins among the words (typed bare too, when it allows)."""
        return [i for i, token in enumerate(words)
                for _position, parts, bare_ok in self.starting_at(token.lower, token.bare)
                if i + len(parts) <= len(words)
                and all(_is(words[i + k], part, bare_ok) for k, part in enumerate(parts))]


_TITLES = PhraseIndex(tuple((title, True) for title in STAFF_TITLES))


def _title_end(words: list[Token], start: int) -> int | None:
    """The index after a staff title that begins at `start`, or None."""
    for _position, parts, _bare_ok in _TITLES.starting_at(words[start].lower, words[start].bare):
        span = words[start:start + len(parts)]
        if len(span) == len(parts) and all(_is(t, p) and (k == 0 or t.joined)
                                           for k, (t, p) in enumerate(zip(span, parts))):
            return start + len(parts)
    return None


def _capitalised_run(words: list[Token], start: int) -> list[Token]:
    """Up to three name-like words from `start`, joined by spaces: a capital then lower case, a
    Vietnamese syllable (not "Viettel", "Zalo")."""
    run = []
    for token in words[start:start + 3]:
        if not (token.joined and len(token.word) > 1 and token.word.isalpha() and token.word[0].isupper()
                and token.word[1:].islower() and _SYLLABLE.fullmatch(token.folded)):
            break
        run.append(token)
    return run


def _is_place(lead: list[str], run: list[Token]) -> bool:
    """The words (after the lead, such as a title typed bare: "Chi Lăng") begin a place name."""
    places = place_names()
    return any(" ".join(lead + [t.folded for t in run[:k]]) in places for k in range(1, len(run) + 1))


def _is_name(words: list[Token], start: int, lead: list[Token]) -> bool:
    """The words from `start` are a person's name, not a sentence opener, an office or a place."""
    run = _capitalised_run(words, start)
    if not run or run[0].lower in NOT_NAMES or [t.folded for t in run] == ["ho"]:  # "Bác Hồ"
        return False
    after = words[start + 1] if start + 1 < len(words) else None
    if after is not None and (run[0].lower, after.lower) in NOT_NAME_PAIRS:
        return False
    return not (_is_place([], run) or _is_place([t.folded for t in lead], run))


def _name_after_title(words: list[Token], index: int) -> bool:
    """A staff title at `index` followed (after "ấy", "tên là"…) by a name."""
    end = _title_end(words, index)
    if end is None or (index > 0 and words[index - 1].lower in PLACE_LEAD_INS):
        return False
    name_at = end
    while name_at < len(words) and words[name_at].lower in NAME_LEAD_INS and words[name_at].joined:
        name_at += 1
    return _is_name(words, name_at, words[index:end])


def _full_name(words: list[Token], index: int) -> bool:
    """A surname, "Văn" or "Thị", and a capitalised word: "Nguyễn Văn Bình", not "đường Hoàng Văn Thụ"."""
    if index + 2 >= len(words) or words[index].lower not in SURNAMES or (
            index > 0 and words[index - 1].lower in PLACE_LEAD_INS):
        return False
    run = _capitalised_run(words, index + 1)
    first = words[index]
    return (first.word[0].isupper() and len(run) >= 2 and run[0].lower in MIDDLE_NAMES
            and not _is_place([], [first] + run))


def names_a_person(text: str | None) -> bool:
    """True when the comment names someone: a staff title then a capitalised name ("chị Nguyễn
    Thị Lan", "GDV Trần Văn Nam", "nhân viên tên Mai"), or a full name with "Văn" or "Thị"."""
    words = tokens(text or "")
    return any(_name_after_title(words, i) or _full_name(words, i) for i in range(len(words)))


_HEALTH = PhraseIndex(HEALTH_TERMS)


def _told_of_someone(words: list[Token], index: int) -> bool:
    """A tie word comes shortly before the term, with no group word in between."""
    for before in reversed(words[max(0, index - HEALTH_WINDOW):index]):
        if before.lower in HEALTH_GROUPS:
            return False
        if any(_is(before, tie) for tie in HEALTH_TIES):
            return True
    return False


def describes_health(text: str | None) -> bool:
    """True when the comment tells of someone's illness, condition or treatment ("mẹ tôi bị ung
    thư", "chị ấy đang mang thai"); a place ("bệnh viện") or a group ("người khuyết tật") is not."""
    words = tokens(text or "")
    return any(_told_of_someone(words, start) for start in _HEALTH.starts(words))

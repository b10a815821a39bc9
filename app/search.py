"""Vietnamese text folding for search: case, diacritics and đ/Đ do not matter."""
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Prefixes people leave out: "Đồng Đăng" means "Thị trấn Đồng Đăng" as much as "Xã Đồng Đăng".
UNIT_PREFIXES = ("thi tran ", "thanh pho ", "phuong ", "huyen ", "xa ", "tinh ")


def nfc(text: str | None) -> str:
    """Text in NFC, the form Vietnamese is stored in (input may arrive decomposed)."""
    return unicodedata.normalize("NFC", text or "").strip()


def fold(text: str | None) -> str:
    """Lower case, no diacritics, đ→d, punctuation to single spaces: 'HỮU LŨNG' → 'huu lung'."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", bare).strip()


def strip_unit_prefix(folded: str) -> str:
    """A folded unit name without its 'xa ', 'phuong ', 'thi tran ' … prefix."""
    for prefix in UNIT_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def slugify(text: str) -> str:
    """An ascii URL slug from Vietnamese text."""
    return fold(text).replace(" ", "-")


# Short forms people write for words of place names ("Thị trấn NT Thái Bình"): each part holding
# the long form is searchable by the short one too.
SHORT_FORMS = {"nong truong": "nt"}


def build_search_text(*parts: str | None) -> str:
    """The folded text a point is searched by: its names, address, unit and former units."""
    folded = [fold(part) for part in parts if part]
    folded += [f.replace(long, short) for f in folded for long, short in SHORT_FORMS.items() if long in f]
    return " | ".join(dict.fromkeys(f for f in folded if f))


def point_search_text(name: str, address: str | None, address_former: str | None, unit) -> str:
    """A point's search text: its names and addresses, its unit, the unit's former districts (one
    part each, so "Cao Lộc" ranks as an exact match) and every former commune merged into it."""
    districts = [d.strip() for d in (unit.former_districts or "").split(";")]
    former = [c.name for c in unit.former_communes]
    return build_search_text(name, address, address_former, unit.name, *districts, *former)

"""Vietnamese text folding for search (case, diacritics and đ/Đ do not matter) and the reading of a
query: the types, services and codes it names, the places left, typos mended."""
import re
import unicodedata
from dataclasses import dataclass

from app.search_synonyms import (
    GENERIC, LINKS, SERVICE_PHRASES, SPELLINGS, TYPE_PHRASES, UNIT_WORDS, UNIT_WORDS_AFTER, VERBS,
)

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


# Reading a query: which words name a type of point, a service or an office code, and which are
# left to find places and names with. The phrases are in app/search_synonyms.py.
MAX_QUERY_WORDS = 8
CODE_DIGITS = 3  # a number this long is the start of an office code (6 digits) or postcode (5)
TYPO_MIN_LETTERS = 4  # shorter words are left as typed: "lug" is not taken for "lung"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _lexicon() -> dict[str, tuple[str, object]]:
    """Every phrase the reading knows, with its kind and meaning (a type or service says which)."""
    entries: dict[str, tuple[str, object]] = {}
    for kind, table in (("link", dict.fromkeys(LINKS)), ("verb", dict.fromkeys(VERBS)), ("unit", UNIT_WORDS),
                        ("unit after", UNIT_WORDS_AFTER), ("generic", dict.fromkeys(GENERIC)),
                        ("service", SERVICE_PHRASES), ("type", TYPE_PHRASES)):
        entries.update((phrase, (kind, value)) for phrase, value in table.items())
    return entries


def _completions(lexicon: dict) -> dict[str, tuple[str, object]]:
    """The starts of the type and service phrases, two words or more with the last one being typed
    ("luong hu", "bao hiem x"), and what each means: the services of all it may become, merged; a
    start that may become a type or something else is left out."""
    found: dict[str, tuple[str, object]] = {}
    for phrase, (kind, value) in lexicon.items():
        words = phrase.split()
        if kind not in ("type", "service"):
            continue
        starts = {" ".join(words[:k] + [words[k][:cut]])
                  for k in range(1, len(words)) for cut in range(1, len(words[k]) + 1)}
        for key in starts - {phrase} - lexicon.keys():
            known = found.get(key)
            if known is None:
                found[key] = (kind, value)
            elif known[0] != kind or kind == "type" and known[1] != value:
                found[key] = ("ambiguous", None)
            elif kind == "service":
                found[key] = (kind, tuple(dict.fromkeys(known[1] + value)))
    return {key: hit for key, hit in found.items() if hit[0] != "ambiguous"}


LEXICON = _lexicon()
COMPLETIONS = _completions(LEXICON)
LONGEST_PHRASE = max(len(phrase.split()) for phrase in LEXICON)


@dataclass(frozen=True)
class QueryReading:
    """What a query asks for: types of point, services (each a group of codes, any of which will
    do), office codes or postcodes, and the phrases left for places and names ("Thị trấn Thất
    Khê, huyện Tràng Định" → "that khe", "trang dinh"). `said`: the first phrase as written, with
    the kind of place before it ("thi tran that khe"). `apart`: the phrases' words are looked for
    apart, since no point holds the phrases whole."""

    phrases: tuple[str, ...] = ()
    types: frozenset = frozenset()
    services: tuple[tuple[str, ...], ...] = ()
    codes: tuple[str, ...] = ()
    said: str = ""
    asks: bool = False  # it names a type, service or code, or says it wants a post point
    apart: bool = False

    @property
    def words(self) -> list[str]:
        """Every word of the phrases, the last one being the one typed (capped)."""
        return [word for phrase in self.phrases for word in phrase.split()][:MAX_QUERY_WORDS]

    def __bool__(self) -> bool:
        return bool(self.phrases or self.types or self.services or self.codes)


def _scan(words: list[str], typing: bool) -> list[tuple[str, object]]:
    """(kind, value) tokens, longest known phrase first; a word nobody listed is ("word", word)."""
    tokens, i = [], 0
    while i < len(words):
        if words[i].isdigit() and len(words[i]) >= CODE_DIGITS:
            tokens.append(("code", words[i]))
            i += 1
            continue
        for n in range(min(LONGEST_PHRASE, len(words) - i), 0, -1):
            key = " ".join(words[i:i + n])
            hit = LEXICON.get(key) or (COMPLETIONS.get(key) if typing and i + n == len(words) else None)
            if hit:
                tokens.append((hit[0], key if hit[0] in ("verb", "link") else hit[1]))
                i += n
                break
        else:
            tokens.append(("word", words[i]))
            i += 1
    return tokens


def _settle(tokens: list, asks: bool) -> list:
    """Verbs that open a type or service ("làm hộ chiếu") and links beside one go; other verbs and
    links are words of a place after all ("Bảo Lâm", "Nhân Lý")."""
    settled: list[tuple[str, object]] = []
    for i, (kind, value) in enumerate(tokens):
        if kind == "verb":
            following = next((k for k, _ in tokens[i + 1:] if k not in ("verb", "link")), None)
            opens = following in ("type", "service") and (not settled or settled[-1][0] != "word")
            kind = "generic" if opens else "word"
        elif kind == "link":
            kind = "generic" if asks else "word"
        if kind == "word":
            settled.extend(("word", word) for word in value.split())
        else:
            settled.append((kind, value))
    return settled


def _stretches(tokens: list) -> list[tuple[str, str]]:
    """(phrase, said) of each run of words: "xã"/"phường" cut off its front, the kind of place
    said before it (or after it, in English) kept in `said`."""
    found, run, before = [], [], ""
    for kind, value in tokens + [("end", None)]:
        if kind == "word":
            run.append(value)
            continue
        if run:
            said = " ".join(run)
            kind_said = before or (value if kind == "unit after" else "")
            phrase = strip_unit_prefix(said)
            found.append((phrase, said if phrase != said or not kind_said else f"{kind_said} {said}"))
        run, before = [], value if kind == "unit" else ""
    return [(phrase, said) for phrase, said in found if phrase]


def read_query(q: str) -> QueryReading:
    """Read a query: the types, services and codes it names, and the places left, one phrase per
    comma-separated part or stretch between the words taken out ("xã", "huyện" left out too)."""
    parts = [[SPELLINGS.get(word, word) for word in fold(part).split()] for part in q.split(",")]
    parts = [words for words in parts if words]
    scanned = [_scan(words, typing=n == len(parts) - 1) for n, words in enumerate(parts)]
    asks = any(kind in ("type", "service", "code", "generic") for tokens in scanned for kind, _ in tokens)
    places, types, services, codes = [], set(), [], []
    for tokens in scanned:
        settled = _settle(tokens, asks)
        places += _stretches(settled)
        types.update(value for kind, value in settled if kind == "type")
        services += [value for kind, value in settled if kind == "service" and value not in services]
        codes += [value for kind, value in settled if kind == "code"]
    phrases = tuple(dict.fromkeys(phrase for phrase, _ in places))[:MAX_QUERY_WORDS]
    said = places[0][1] if places else ""
    return QueryReading(phrases, frozenset(types), tuple(services), tuple(codes), said, asks)


def _one_edit(word: str):
    """Every string one deletion, swap of neighbours, replacement or insertion away from word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    yield from (a + b[1:] for a, b in splits if b)
    yield from (a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    yield from (a + c + b[1:] for a, b in splits if b for c in _ALPHABET)
    yield from (a + c + b for a, b in splits for c in _ALPHABET)


def _rewrite(q: str, change) -> str | None:
    """The query with each word replaced by change(word, is_last) (None drops it), its parts
    folded; None when nothing changed."""
    parts = [fold(part).split() for part in q.split(",")]
    last = (len(parts) - 1, len(parts[-1]) - 1)
    rewritten = [[change(word, (n, i) == last) for i, word in enumerate(words)]
                 for n, words in enumerate(parts)]
    if rewritten == parts:
        return None
    return ", ".join(" ".join(word for word in words if word) for words in rewritten)


def mend_typos(q: str, vocabulary: dict[str, int]) -> str | None:
    """The query with each unknown word of 4 letters or more replaced by the most frequent known
    word one letter away ("hoang dongg" → "hoang dong"); None when no word could be mended."""
    def mend(word: str, _last: bool) -> str:
        if len(word) < TYPO_MIN_LETTERS or not word.isalpha() or SPELLINGS.get(word, word) in vocabulary:
            return word
        near = {candidate for candidate in _one_edit(word) if candidate in vocabulary}
        return max(sorted(near), key=vocabulary.__getitem__) if near else word

    return _rewrite(q, mend)


def drop_unknown(q: str, vocabulary: dict[str, int]) -> str | None:
    """The query without the words found nowhere (no place, name, service or known phrase holds
    them: "nơi", "Hà Nội"); the last one stays if a known word starts with it (being typed)."""
    def known(word: str, last: bool) -> str | None:
        if not word.isalpha() or word in vocabulary or last and any(w.startswith(word) for w in vocabulary):
            return word
        return None

    return _rewrite(q, known)


def lexicon_words() -> set[str]:
    """Every word of the phrases the reading knows (part of the vocabulary typos are mended to)."""
    return {word for phrase in LEXICON for word in phrase.split()}

"""Rules that hold a citizen's comment for review (pure: text in, reason or None out).

A held comment still counts in the scores; only its publication waits for a moderator. The rules
look for contact details and links (spam, and personal data that must not be published), abusive
words (typed with or without diacritics), and very long or repetitive text (flooding).
"""
import re
import unicodedata

from app.search import fold

LONG_COMMENT_CHARS = 600

# Reasons are stored as codes; app/labels.py HOLD_REASON_LABELS says them in the reader's language.
REASON_LINK = "link"
REASON_PHONE = "phone"
REASON_EMAIL = "email"
REASON_ABUSE = "abuse"
REASON_LONG = "long"
REASON_REPEAT = "repeat"

_TLDS = ("com|net|org|info|biz|xyz|top|io|me|vn|ly|cc|link|site|online|shop|store|club|app|dev|ru|cn|"
         "su|tk|ml|ga|cf|gq|pw|asia|tv|us|uk|de|fr|jp|kr|in|co|ws|icu|vip|fun|live|click|today")
_LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    rf"|\b[a-z0-9][a-z0-9-]*\.(?:[a-z0-9-]+\.)*(?:{_TLDS})\b",
    re.IGNORECASE,
)
# How people write a link, an e-mail or a phone number past a filter: "evil[.]com", "evil dot com",
# "ten a còng gmail chấm com", "O912 345 678", "không chín một hai …". These are undone on a folded
# copy of the text (no diacritics, lower case) before the rules look again.
_OBFUSCATED_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\bdot\b|\bcham\b)\s*")
_OBFUSCATED_AT = re.compile(r"\s*(?:\[at\]|\(at\)|\{at\}|\ba cong\b|\bacong\b|(?<=\w)\s+at\s+(?=\w+\s*\.))\s*")
_DIGIT_WORDS = {"khong": "0", "linh": "0", "mot": "1", "hai": "2", "ba": "3", "bon": "4", "tu": "4",
                "nam": "5", "lam": "5", "sau": "6", "bay": "7", "tam": "8", "chin": "9"}
_DIGIT_WORD = re.compile(r"\b(?:" + "|".join(_DIGIT_WORDS) + r")\b")
_LOOKALIKE_DIGIT = re.compile(r"(?<![a-z])[o](?=[\s.\-]?\d)|(?<=\d)[o](?![a-z])|(?<=\d[\s.\-])[o](?![a-z])")
_LOOKALIKE_ONE = re.compile(r"(?<=\d)[il|](?![a-z])|(?<![a-z])[il|](?=[\s.\-]?\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese numbers: 0 or +84 then 8 to 10 digits, spaces, dots or dashes allowed between them.
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
_REPEATED_CHAR = re.compile(r"(\S)\1{7,}")
_REPEATED_WORD = re.compile(r"\b(\w+)(?:\W+\1\b){3,}", re.IGNORECASE)
_WORD = re.compile(r"\w+")

# (phrase with diacritics, also match when typed without diacritics). Bare forms that are
# ordinary words ("buoi" = buổi, "cac" = các, "deo" = đeo, "bo may" = bộ máy, "con di" = còn đi)
# match only with their diacritics, or many harmless comments would wait for review.
ABUSIVE_PHRASES: tuple[tuple[str, bool], ...] = (
    ("địt", True), ("đụ", False), ("đéo", False), ("lồn", False), ("buồi", False), ("cặc", False),
    ("đm", True), ("đcm", True), ("đmm", True), ("vcl", True), ("vkl", True),
    ("vãi lồn", True), ("clgt", True), ("đụ má", True), ("đụ mẹ", True), ("địt mẹ", True),
    ("mẹ mày", True), ("bố mày", False), ("con đĩ", False), ("óc chó", True), ("đồ chó", False),
    ("thằng chó", True), ("chó chết", True), ("mất dạy", True), ("khốn nạn", True),
    ("súc vật", True), ("đồ ngu", True), ("ngu như bò", True), ("ngu như chó", True),
    ("óc lợn", True), ("mả mẹ", False), ("cút mẹ", True), ("đồ điên", False),
)


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


# Each phrase as its words, and (when it may be typed bare) those words without diacritics.
_PHRASE_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...] | None], ...] = tuple(
    (tuple(phrase.split()), tuple(fold(w) for w in phrase.split()) if bare_ok else None)
    for phrase, bare_ok in ABUSIVE_PHRASES
)


def _has_phrase(words: list[str], bare: list[bool], wanted: tuple[str, ...],
                folded: tuple[str, ...] | None) -> bool:
    """The phrase occurs: each typed word is the listed word, or (when allowed) its bare form
    typed with no diacritics at all."""
    span = len(wanted)
    return any(
        all(words[i + k] == wanted[k] or (folded is not None and bare[i + k] and words[i + k] == folded[k])
            for k in range(span))
        for i in range(len(words) - span + 1)
    )


def has_abusive_words(text: str) -> bool:
    """True when the text holds a listed abusive word or phrase, with or without diacritics."""
    words = _words(text)
    bare = [fold(word) == word for word in words]  # folded once per word, not once per phrase
    return any(_has_phrase(words, bare, wanted, folded) for wanted, folded in _PHRASE_WORDS)


def is_repetitive(text: str) -> bool:
    """A run of one character, one word said four times over, or a long text of few words."""
    if _REPEATED_CHAR.search(text) or _REPEATED_WORD.search(text):
        return True
    words = _words(text)
    return len(words) >= 12 and len(set(words)) / len(words) < 0.35


def _without_marks(text: str) -> str:
    """The text without diacritics (đ as d), punctuation kept (search's fold drops it)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def deobfuscated(text: str) -> str:
    """A folded copy of the text with written-out dots, "at"s, digit words and look-alike letters
    turned back into what they stand for."""
    plain = _without_marks(text).lower()
    plain = _OBFUSCATED_AT.sub("@", _OBFUSCATED_DOT.sub(".", plain))
    plain = _DIGIT_WORD.sub(lambda m: _DIGIT_WORDS[m.group(0)], plain)
    return _LOOKALIKE_ONE.sub("1", _LOOKALIKE_DIGIT.sub("0", plain))


def hold_reasons(text: str | None, long_after: int = LONG_COMMENT_CHARS) -> list[str]:
    """Every reason to hold the comment for review, in a fixed order (empty: publish it)."""
    if not text or not text.strip():
        return []
    plain = deobfuscated(text)
    checks = (
        (REASON_EMAIL, bool(_EMAIL.search(plain))),
        (REASON_LINK, bool(_LINK.search(_EMAIL.sub(" ", plain)))),
        (REASON_PHONE, bool(_PHONE.search(plain))),
        (REASON_ABUSE, has_abusive_words(text)),
        (REASON_LONG, len(text) > long_after),
        (REASON_REPEAT, is_repetitive(text)),
    )
    return [reason for reason, hit in checks if hit]


def hold_reason(text: str | None, long_after: int = LONG_COMMENT_CHARS) -> str | None:
    """Why the comment must wait for a moderator (codes joined by ";"), or None to publish it."""
    reasons = hold_reasons(text, long_after)
    return ";".join(reasons) if reasons else None

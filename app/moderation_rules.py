"""Rules that hold a citizen's comment for review (pure: text in, reason or None out).

A held comment still counts in the scores; only its publication waits for a moderator. The rules
look for contact details and links (spam, and personal data that must not be published), ID
numbers, a person's name or health (app/personal_mentions.py; Law 91/2025/QH15 on personal data),
abusive words (typed with or without diacritics), and very long or repetitive text (flooding).
"""
import re
import unicodedata

from app.personal_mentions import PhraseIndex, describes_health, names_a_person, tokens

LONG_COMMENT_CHARS = 600

# Reasons are stored as codes; app/labels.py HOLD_REASON_LABELS says them in the reader's language.
REASON_LINK = "link"
REASON_PHONE = "phone"
REASON_EMAIL = "email"
REASON_ID_NUMBER = "id_number"
REASON_PERSON_NAME = "person_name"
REASON_HEALTH = "health"
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
# "ten a còng gmail chấm com", "O912 345 678", "không chín một hai …", "ko chín…", "zero nine…",
# full-width or keycap digits ("０９…", "0️⃣9️⃣…"). These are undone on a folded copy of the text (no
# diacritics, lower case) before the rules look again.
_OBFUSCATED_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\bdot\b|\bcham\b)\s*")
_OBFUSCATED_AT = re.compile(r"\s*(?:\[at\]|\(at\)|\{at\}|\ba cong\b|\bacong\b|(?<=\w)\s+at\s+(?=\w+\s*\.))\s*")
_DIGIT_WORDS = {"khong": "0", "linh": "0", "mot": "1", "hai": "2", "ba": "3", "bon": "4", "tu": "4",
                "nam": "5", "lam": "5", "sau": "6", "bay": "7", "tam": "8", "chin": "9", "ko": "0",
                "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                "seven": "7", "eight": "8", "nine": "9"}
_KEYCAP_MARKS = {0xFE0F: None, 0x20E3: None}  # "0️⃣" is 0, a variation selector and a keycap
_ZERO_WORDS = ("khong", "ko", "zero")
_NUMBER_PART = re.compile(r"\d+|[a-z]+")
_LOOKALIKE_DIGIT = re.compile(r"(?<![a-z])[o](?=[\s.\-]?\d)|(?<=\d)[o](?![a-z])|(?<=\d[\s.\-])[o](?![a-z])")
_LOOKALIKE_ONE = re.compile(r"(?<=\d)[il|](?![a-z])|(?<![a-z])[il|](?=[\s.\-]?\d)")
# A word of digits and look-alike letters only, two digits at least: "O2O185OOl234".
_LOOKALIKE_RUN = re.compile(r"\b(?=(?:[oil]*\d){2})[\doil]+\b")
_LOOKALIKE_DIGITS = str.maketrans("oil", "011")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# What people put between the digits of a number: spaces, dots, dashes, commas, "_", "*",
# brackets; up to three of them ("0 9 1 2 . 3 4 5", "(0205) 3.870.123"). Not "/" nor ":": dates
# and times are not numbers to hold.
_GAP = r"[\s.,_*()\-]{0,3}"
# Vietnamese numbers: 0, 84 or +84, then a digit 2-9 (what numbers start with since 2018; it keeps
# out "2.000.000.000" and lists such as "quầy 01, 02, 03"), 8 to 10 digits after the prefix in all.
_PHONE = re.compile(rf"(?<!\d)(?:\+\s?84|84|0){_GAP}[2-9](?:{_GAP}\d){{7,9}}(?!{_GAP}\d)")
# ID numbers: the 12-digit CCCD (it starts with 0: a province code 001-096), or after the words
# that introduce one ("CCCD", "CMND", "căn cước", "chứng minh", "số định danh") 12 digits or the
# old 9-digit CMND. On the folded text; the 10 digits of a phone after these words are a phone.
_ID_NUMBER = re.compile(rf"(?<!\d)0(?:{_GAP}\d){{11}}(?!{_GAP}\d)")
_ID_INTRODUCED = re.compile(rf"\b(?:cccd|cmnd|cmt|can cuoc|chung minh|dinh danh)\D{{0,24}}?"
                            rf"(\d(?:{_GAP}\d){{11}}|\d(?:{_GAP}\d){{8}})(?!{_GAP}\d)")
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


_ABUSIVE = PhraseIndex(ABUSIVE_PHRASES)


def has_abusive_words(text: str) -> bool:
    """True when the text holds a listed abusive word or phrase, with or without diacritics."""
    return bool(_ABUSIVE.starts(tokens(text)))


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


def _spells_a_digit(word: str, before: str | None, after: str | None) -> bool:
    """A digit word stands for a digit beside another digit word, between two numbers, beside a
    lone digit, or as a zero before a number ("không chín 12…", "0 chín 1 hai", "ko 912…")."""
    sides = [side for side in (before, after) if side is not None]
    numbers = [side for side in sides if side.isdigit()]
    return (any(side in _DIGIT_WORDS for side in sides) or len(numbers) == 2
            or any(len(number) == 1 for number in numbers)
            or (word in _ZERO_WORDS and after is not None and after.isdigit()))


def _spelled_digits(plain: str) -> str:
    """Digit words turned into digits where they spell a number. A word beside a long number stays
    a word: "0205 3870123 không ai nghe" is not 12 digits, "CCCD 020185001234 không đúng" is 12."""
    parts = list(_NUMBER_PART.finditer(plain))
    # Whether only a gap (spaces, dots, dashes…) parts each word or number from the one before.
    near = [i > 0 and re.fullmatch(_GAP, plain[parts[i - 1].end():part.start()]) is not None
            for i, part in enumerate(parts)]
    for i in reversed(range(len(parts))):
        word = parts[i].group()
        before = parts[i - 1].group() if near[i] else None
        after = parts[i + 1].group() if i + 1 < len(parts) and near[i + 1] else None
        if word in _DIGIT_WORDS and _spells_a_digit(word, before, after):
            plain = plain[:parts[i].start()] + _DIGIT_WORDS[word] + plain[parts[i].end():]
    return plain


def deobfuscated(text: str) -> str:
    """A folded copy of the text with written-out dots, "at"s, digit words, look-alike letters and
    full-width or keycap digits turned back into what they stand for."""
    plain = _without_marks(unicodedata.normalize("NFKC", text).translate(_KEYCAP_MARKS)).lower()
    plain = _OBFUSCATED_AT.sub("@", _OBFUSCATED_DOT.sub(".", plain))
    plain = _spelled_digits(plain)
    plain = _LOOKALIKE_RUN.sub(lambda m: m.group(0).translate(_LOOKALIKE_DIGITS), plain)
    return _LOOKALIKE_ONE.sub("1", _LOOKALIKE_DIGIT.sub("0", plain))


def _id_number_spans(plain: str) -> list[tuple[int, int]]:
    """Where the deobfuscated text holds an ID number (CCCD, or an introduced CMND)."""
    spans = [match.span() for match in _ID_NUMBER.finditer(plain)]
    return spans + [match.span(1) for match in _ID_INTRODUCED.finditer(plain)]


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans turned to spaces (an ID number is not also a phone)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def hold_reasons(text: str | None, long_after: int = LONG_COMMENT_CHARS) -> list[str]:
    """Every reason to hold the comment for review, in a fixed order (empty: publish it)."""
    if not text or not text.strip():
        return []
    plain = deobfuscated(text)
    ids = _id_number_spans(plain)
    checks = (
        (REASON_EMAIL, bool(_EMAIL.search(plain))),
        (REASON_LINK, bool(_LINK.search(_EMAIL.sub(" ", plain)))),
        (REASON_PHONE, bool(_PHONE.search(_blanked(plain, ids)))),
        (REASON_ID_NUMBER, bool(ids)),
        (REASON_PERSON_NAME, names_a_person(text)),
        (REASON_HEALTH, describes_health(text)),
        (REASON_ABUSE, has_abusive_words(text)),
        (REASON_LONG, len(text) > long_after),
        (REASON_REPEAT, is_repetitive(text)),
    )
    return [reason for reason, hit in checks if hit]


def hold_reason(text: str | None, long_after: int = LONG_COMMENT_CHARS) -> str | None:
    """Why the comment must wait for a moderator (codes joined by ";"), or None to publish it."""
    reasons = hold_reasons(text, long_after)
    return ";".join(reasons) if reasons else None

"""What the text of a directory search matches: the SQL conditions a read query becomes (types,
services, codes, places) and how the search settles on a reading (whole phrases, words apart,
typos mended, words found nowhere left out), deciding with one-row probes."""
from collections import Counter
from dataclasses import replace

from sqlalchemy import and_, func, literal, or_, select

from app.cache import current_version
from app.catalogue import WITHDRAWN
from app.extensions import db
from app.models import Point, PointService, Service
from app.search import QueryReading, drop_unknown, fold, lexicon_words, mend_typos, read_query

_vocabulary: dict[tuple, Counter] = {}  # (database, data version) → word counts, one entry


def _word_like(column, word: str, prefix: bool):
    """The column holds the word whole (or, for the word being typed, a word starting with it)."""
    padded = literal(" ") + column + literal(" ")
    return padded.like(f"% {word}%" if prefix else f"% {word} %")


def _service_named(match):
    """Ids of the points offering a service whose folded Vietnamese or English name matches; a
    withdrawn entry matches nothing (no point offers it, whatever rows an old import left)."""
    names = (Service.name_folded, func.lower(Service.name_en))
    return Point.id.in_(select(PointService.point_id).join(Service)
                        .where(Service.status != WITHDRAWN, or_(*map(match, names))))


def offering(codes):
    """Points offering one of the services (by code); a withdrawn one is offered by no point."""
    return Point.id.in_(select(PointService.point_id).join(Service)
                        .where(Service.code.in_(codes), Service.status != WITHDRAWN))


def code_condition(digits: str):
    """Points whose office code or postcode starts with the digits, or whose text holds them."""
    return or_(Point.office_code.startswith(digits), Point.postcode.startswith(digits),
               _word_like(Point.search_text, digits, prefix=False))


def phrase_condition(phrases: list[str]):
    """Points whose names, places (former ones too) or services hold each folded phrase."""
    return and_(*(or_(Point.search_text.contains(phrase), _service_named(lambda c, p=phrase: c.contains(p)))
                  for phrase in phrases))


def all_words_condition(words: list[str]):
    """Points holding every word somewhere (the last one as the start of a word, being typed)."""
    conditions = []
    for position, word in enumerate(words):
        typing = position == len(words) - 1
        conditions.append(or_(_word_like(Point.search_text, word, typing),
                              _service_named(lambda c, w=word, t=typing: _word_like(c, w, t))))
    return and_(*conditions)


def reading_condition(reading: QueryReading):
    """Points of the types named, offering every service named, with the codes and the places."""
    conditions = [Point.type.in_(sorted(reading.types))] if reading.types else []
    conditions += [offering(codes) for codes in reading.services]
    conditions += [code_condition(digits) for digits in reading.codes]
    if reading.phrases:
        conditions.append(all_words_condition(reading.words) if reading.apart
                          else phrase_condition(list(reading.phrases)))
    return and_(*conditions) if conditions else None


def vocabulary() -> Counter:
    """How often each word is in the points' texts, the service names and the known phrases: what
    typos are mended to. Counted once per data version (an import or a rating bumps it)."""
    key = (str(db.engine.url), current_version())
    counts = _vocabulary.get(key)
    if counts is None:
        texts = db.session.scalars(select(Point.search_text).where(Point.is_active.is_(True))).all()
        names = db.session.execute(select(Service.name_folded, Service.name_en)).all()
        words = Counter(" ".join(texts).split())
        words.update(fold(" ".join(name for row in names for name in row)).split())
        words.update(lexicon_words())
        counts = Counter({word: n for word, n in words.items() if word.isalpha()})
        _vocabulary.clear()  # another thread's entry may go too: it is counted again, no harm
        _vocabulary[key] = counts
    return counts


def _finds_any(reading: QueryReading) -> bool:
    """One row is enough: does any active point match the reading?"""
    probe = select(Point.id).where(Point.is_active.is_(True), reading_condition(reading)).limit(1)
    return db.session.scalar(probe) is not None


def _may_be_apart(words: list[str], known: Counter) -> bool:
    """False when a word is in no point's text nor service name (the last one: no word starts with
    it), so looking for the words apart would find nothing: a query spared."""
    *whole, typed = [word for word in words if word.isalpha()] or [""]
    return all(word in known for word in whole) and any(word.startswith(typed) for word in known)


def _first_that_finds(reading: QueryReading, known: Counter, apart_too: bool = True) -> QueryReading | None:
    """The reading if it finds a point, else its words apart if they do, else None."""
    if _finds_any(reading):
        return reading
    apart = replace(reading, apart=True)
    if apart_too and len(reading.words) > 1 and _may_be_apart(reading.words, known) and _finds_any(apart):
        return apart
    return None


def resolve_query(q: str) -> QueryReading:
    """How the search reads q: its phrases whole ("dong dang"), or when no point holds them, their
    words apart ("hoang dong lang son": short Vietnamese syllables are in many names, so the words
    alone would drown the phrase's matches). When neither finds a point: the phrases with one-letter
    typos mended ("hoang dongg"; not apart: two guesses at once find what nobody asked for), then,
    for a query that asks for a service, a type or a post point, without the words found nowhere
    ("nơi nhận lương hưu Bắc Sơn"). A few one-row probes decide."""
    reading = read_query(q)
    if not reading.phrases:
        return reading
    known = vocabulary()
    mended = mend_typos(q, known)
    if len(reading.words) < 2 and mended is None and not reading.asks:
        return reading  # nothing to choose between
    found = _first_that_finds(reading, known)
    if found is None and mended is not None:
        found = _first_that_finds(read_query(mended), known, apart_too=False)
    if found is None and reading.asks and (shorter := drop_unknown(mended or q, known)) is not None:
        if shorter_reading := read_query(shorter):
            found = _first_that_finds(shorter_reading, known)
    return found or reading

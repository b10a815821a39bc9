"""Directory search: the filters of /points and /api/points, the query they build and the ranking.

A query is read first (app.search.read_query: the types, services and codes it names, the places
left; app.queries.search_text: what that matches). Matching runs in SQL (folded text, services,
codes, open now); ranking, distance and paging run in Python over the matching points' few light
columns (235 rows at most), so both backends order results identically whatever their collation."""
import difflib
from itertools import groupby
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, false, func, not_, or_, select
from sqlalchemy.orm import selectinload

from app.catalogue import WITHDRAWN
from app.extensions import db
from app.geo import distance_km
from app.models import FormerCommune, FormerDistrict, Point, PointHours, Service, Unit
from app.clock import local_now
from app.holiday_calendar import public_holidays
from app.pagination import Page
from app.queries.search_text import offering, reading_condition, resolve_query
from app.search import QueryReading, fold, read_query, strip_unit_prefix
from app.special_days import parse_special_days

# Words a point's name starts with that say its type, not where it is: "Bưu cục Hữu Lũng" is an
# exact match for "Hữu Lũng".
NAME_TYPE_PREFIXES = ("diem bd vhx ", "buu cuc ", "dai ly buu dien ", "ki ot buu dien ", "gd cap 1 ")
EXACT, PREFIX, SUBSTRING, WORDS = range(4)
DISTRICT_PREFIXES = ("huyen ", "thanh pho ", "tinh ")  # the folded places above a commune
CLOSE_NAME_CUTOFF = 0.75  # difflib ratio: "huu lug" is close to "huu lung" (0.93), not "huu lien" (0.67)
CLOSE_NAMES = 4


@dataclass(frozen=True)
class PointFilters:
    """What a citizen asked for: text, type, service code, unit code, open now, near, page."""

    q: str = ""
    type: str | None = None
    service: str | None = None
    unit: str | None = None
    open_now: bool = False
    near: tuple[float, float] | None = None
    page: int = 1

    @property
    def narrowed(self) -> bool:
        """True when a filter besides the text limits the results."""
        return bool(self.type or self.service or self.unit or self.open_now)

    def but(self, **changes) -> "PointFilters":
        """The same filters with some changed (templates build links with it)."""
        return replace(self, **changes)

    def without_narrowing(self) -> "PointFilters":
        """The same text (and position) without the type, service, unit and open-now filters."""
        return self.but(type=None, service=None, unit=None, open_now=False, page=1)

    def to_args(self, page: int | None = None) -> dict[str, str]:
        """The query arguments that give these filters back (empty ones left out), on a page."""
        args = {key: value for key, value in asdict(self).items()
                if key in ("q", "type", "service", "unit") and value}
        if self.open_now:
            args["open_now"] = "1"
        if self.near:
            args["near"] = ",".join(f"{value:.5f}".rstrip("0").rstrip(".") for value in self.near)
        if page and page > 1:
            args["page"] = str(page)
        return args


@dataclass
class SearchResult(Page):
    """One page of matching points, with the distances when sorted by distance."""

    distances: dict[int, float] = field(default_factory=dict)

    @property
    def points(self) -> list[Point]:
        """The points of this page, in display order."""
        return self.items


@dataclass
class Alternatives:
    """What to offer when a search finds nothing: fewer filters, or places with a close name."""

    unfiltered_total: int | None = None  # the same text without the other filters
    units: list[tuple[str, str]] = field(default_factory=list)  # (code, name) of current units
    former_names: list[str] = field(default_factory=list)  # former communes and districts
    # Services asked for that no point offers any more (passports, driving licences: the police's
    # since 2025), so a page can say where to go instead; not among the links to try.
    withdrawn: list[Service] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.unfiltered_total or self.units or self.former_names)


def open_now_condition(at: datetime, holidays: frozenset):
    """Points open at a local moment: one of that weekday's ranges holds it (none on a holiday),
    unless the day is one of the point's special days, whose own hours (or closing) then hold."""
    if at.date() in holidays:
        return false()
    moment = at.time().replace(microsecond=0, tzinfo=None)
    open_ids = select(PointHours.point_id).where(
        PointHours.weekday == at.weekday(), PointHours.opens <= moment, PointHours.closes > moment)
    special_today = Point.special_days.like(f"%{at.date().isoformat()}:%")  # stored in canonical form
    special = db.session.execute(select(Point.id, Point.special_days).where(special_today)).all()
    open_special = [point_id for point_id, text in special
                    if any(o <= moment < c for o, c in parse_special_days(text).get(at.date(), ()))]
    weekly = and_(Point.id.in_(open_ids), or_(Point.special_days.is_(None), not_(special_today)))
    return or_(weekly, Point.id.in_(open_special)) if special else weekly


def filtered_points(filters: PointFilters, reading: QueryReading | None = None):
    """The select() of active points matching the filters (no order, no paging); `reading`: the
    query as resolve_query read it, when the caller has it already."""
    stmt = select(Point).where(Point.is_active.is_(True))
    if filters.q:
        reading = resolve_query(filters.q) if reading is None else reading
        if (matches := reading_condition(reading)) is not None:
            stmt = stmt.where(matches)
    if filters.type:
        stmt = stmt.where(Point.type == filters.type)
    if filters.unit:
        stmt = stmt.where(Point.unit_code == filters.unit)
    if filters.service:
        stmt = stmt.where(offering([filters.service]))
    if filters.open_now:
        stmt = stmt.where(open_now_condition(local_now(), public_holidays()))
    return stmt


def name_key(name: str) -> list:
    """Sort key of a name: folded, numbers compared as numbers ("… 2" before "… 10")."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", fold(name))]


def _name_core(folded_name: str) -> str:
    for prefix in NAME_TYPE_PREFIXES:
        if folded_name.startswith(prefix):
            return strip_unit_prefix(folded_name[len(prefix):])
    return strip_unit_prefix(folded_name)


def _place_level(part: str) -> int:
    """1 for a commune or ward (current or former) or an address, 2 for a former district."""
    return 2 if part.startswith(DISTRICT_PREFIXES) else 1


def match_rank(phrase: str, name: str, search_text: str, said: str = "") -> tuple[int, int, int, int]:
    """How well a point matches, best first: the place as said, with its kind ("phường Hoàng Văn
    Thụ", "huyện Hữu Lũng"), being one of the point's; then an exact or prefix match, in the name
    before a commune's name, before a former district's; then a substring; then words found apart."""
    folded_name = fold(name)
    places = search_text.split(" | ")[1:]
    fields = [(folded_name, 0), (_name_core(folded_name), 0)]
    fields += [(strip_unit_prefix(part), _place_level(part)) for part in places]
    best = (WORDS, 2, WORDS)
    for text, elsewhere in fields:
        kind = (EXACT if text == phrase else PREFIX if text.startswith(phrase)
                else SUBSTRING if phrase in text else WORDS)
        best = min(best, (max(kind, PREFIX), elsewhere, kind))
    return (not (said != phrase and said in places), *best)


def words_in_name(words: list[str], name: str) -> int:
    """How many of the words the name holds (the last as the start of one): words found apart
    rank a point named with them first ("Hồng Thái Văn Lãng")."""
    held = fold(name).split()
    return sum(word in held or n == len(words) - 1 and any(h.startswith(word) for h in held)
               for n, word in enumerate(words))


def ranked_ids(rows, filters: PointFilters, reading: QueryReading) -> tuple[list[int], dict[int, float]]:
    """Matching point ids in display order, and their distances when sorted by distance: a point
    whose office code or postcode is the number asked for, then (words found apart) the most of
    them in its name, then by how well its name or places match the best of the places asked for,
    then by name."""
    if filters.near:
        lat, lon = filters.near
        distances = {r.id: distance_km(lat, lon, r.lat, r.lon) for r in rows}
        ordered = sorted(rows, key=lambda r: (distances[r.id], name_key(r.name)))
        return [r.id for r in ordered], distances
    said = [reading.said] + [""] * (len(reading.phrases) - 1)

    def key(row):
        coded = not set(reading.codes) & {row.office_code, row.postcode}
        named = -words_in_name(reading.words, row.name) if reading.apart else 0
        rank = min((match_rank(phrase, row.name, row.search_text, as_said)
                    for phrase, as_said in zip(reading.phrases, said)), default=())
        return (coded, named, rank, name_key(row.name))

    return [r.id for r in sorted(rows, key=key)], {}


def matching_ids(filters: PointFilters) -> tuple[list[int], dict[int, float]]:
    """Every matching point id in display order (one query), with distances when near is set."""
    reading = resolve_query(filters.q) if filters.q else QueryReading()
    stmt = filtered_points(filters, reading).with_only_columns(
        Point.id, Point.name, Point.search_text, Point.lat, Point.lon, Point.office_code, Point.postcode)
    return ranked_ids(db.session.execute(stmt).all(), filters, reading)


def search_points(filters: PointFilters, per_page: int | None = None, with_hours: bool = True) -> SearchResult:
    """One page of points matching the filters: best matches first, or nearest first with near;
    with their opening hours loaded along (the pages show open or closed) unless told not to."""
    per_page = per_page or current_app.config["POINTS_PER_PAGE"]
    ids, distances = matching_ids(filters)
    page_ids = ids[(filters.page - 1) * per_page: filters.page * per_page]
    points = {}
    if page_ids:
        stmt = select(Point).where(Point.id.in_(page_ids))
        if with_hours:
            stmt = stmt.options(selectinload(Point.hours))
        points = {p.id: p for p in db.session.scalars(stmt)}
    return SearchResult([points[i] for i in page_ids], len(ids), filters.page, per_page,
                        {i: distances[i] for i in page_ids} if distances else {})


def all_matching_rows(filters: PointFilters) -> list:
    """Every matching point as a plain row of the points table, in display order (two queries, no
    ORM objects: the GeoJSON and CSV of the whole directory read a few columns of 235 rows)."""
    ids, _ = matching_ids(filters)
    if not ids:
        return []
    rows = {row.id: row for row in db.session.execute(select(*Point.__table__.c).where(Point.id.in_(ids)))}
    return [rows[i] for i in ids]


# What the map shows of a point, its opening ranges joined (one row per range).
MAP_COLUMNS = (Point.id, Point.slug, Point.name, Point.type, Point.lat, Point.lon, Point.address,
               Point.special_days, PointHours.weekday, PointHours.opens, PointHours.closes)


def map_points(filters: PointFilters) -> list[tuple]:
    """Every matching point for the map, with its opening ranges: (point row, [range rows]), in
    one statement."""
    stmt = (filtered_points(filters).with_only_columns(*MAP_COLUMNS)
            .outerjoin(PointHours, PointHours.point_id == Point.id)
            .order_by(Point.slug, PointHours.weekday, PointHours.opens))
    grouped = (list(group) for _id, group in groupby(db.session.execute(stmt), key=lambda row: row.id))
    return [(group[0], [row for row in group if row.weekday is not None]) for group in grouped]


def count_matching(filters: PointFilters) -> int:
    """How many active points match the filters."""
    return db.session.scalar(select(func.count()).select_from(filtered_points(filters).subquery()))


def close_places(phrase: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Current units (code, name) and former communes and districts (name) whose folded names,
    "xã"/"phường" left out, are closest to the phrase: the best few of both together."""
    candidates: dict[str, tuple] = {}
    for code, name, folded in db.session.execute(select(Unit.code, Unit.name, Unit.name_folded)):
        candidates[strip_unit_prefix(folded)] = (code, name)
    for model in (FormerCommune, FormerDistrict):
        for name, folded in db.session.execute(select(model.name, model.name_folded)):
            candidates.setdefault(strip_unit_prefix(folded), (None, name))
    hits = difflib.get_close_matches(phrase, list(candidates), n=CLOSE_NAMES, cutoff=CLOSE_NAME_CUTOFF)
    units = [candidates[hit] for hit in hits if candidates[hit][0]]
    return units, [candidates[hit][1] for hit in hits if not candidates[hit][0]]


def search_alternatives(filters: PointFilters) -> Alternatives:
    """What to offer after an empty search: the text without filters, places with close names,
    and the services asked for that post offices no longer handle (with the catalogue's note)."""
    alternatives = Alternatives()
    if filters.narrowed:
        alternatives.unfiltered_total = count_matching(filters.without_narrowing())
    reading = read_query(filters.q)
    if reading.phrases:
        alternatives.units, alternatives.former_names = close_places(reading.phrases[0])
    if asked := {code for codes in reading.services for code in codes}:
        withdrawn = select(Service).where(Service.code.in_(asked), Service.status == WITHDRAWN)
        alternatives.withdrawn = db.session.scalars(withdrawn.order_by(Service.position)).all()
    return alternatives

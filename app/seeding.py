"""Pure planner of the seed directory: real geography in, 235 representative points out.

No public registry of Lạng Sơn's 235 postal service points exists, so the seed lays a
representative directory on the real units, keeps the 15 real post offices as they are and
marks everything else as illustrative. No Flask, no database: the same data and seed always
give the same plan, which the `flask seed` command then writes.
"""
import csv
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from app import geo
from app.holiday_calendar import tet_days
from app.hours import Interval, parse_hours
from app.pension import format_schedule, tet_schedule
from app.search import slugify
from app.sources import all_from

PROVINCE = "Tỉnh Lạng Sơn"
MIN_GAP_KM = 0.3
# SPEC "Data": 235 points, 79 of them BĐ-VHX; đại lý fill what the other types leave.
TOTAL_POINTS, EXTRA_BUU_CUC, BDVHX, KIOT = 235, 15, 79, 31
PROVINCIAL_OFFICE = "240000"  # GD Cấp 1's VNPost office code: the office with long opening hours
# What the VNPost office list gives of a real office; its location is its unit's centroid, and the
# rest (hours, services, pension days) is the seed's own.
REAL_OFFICE_SOURCES = {**all_from("illustrative"), "name": "public:vnpost-list", "address": "public:vnpost-list",
                       "phone": "public:vnpost-list", "location": "public:unit-centroid"}
# The Tết exceptions the seed writes into each paying point's schedule (two payments in one month).
TET_YEARS = (2027, 2028)

# Opening hours per type: weekday ranges (0 = Monday) with their intervals. One template is
# drawn per point so the hours vary a little, as they do between real points.
HOURS = {
    "gd1": ("T2-T7 07:00-19:00; CN 07:00-11:30",),
    "buu-cuc": ("T2-T6 07:00-11:30,13:30-17:00; T7 07:00-11:30",
                "T2-T6 07:30-11:30,13:30-17:30; T7 07:30-11:30"),
    "bdvhx": ("T2-T7 07:30-11:30,13:30-17:00", "T2-T7 07:30-11:30,14:00-17:00",
              "T2-T7 07:00-11:00,13:30-17:00"),
    "dai-ly": ("T2-T7 07:00-11:30,13:30-18:00", "T2-T7 07:30-11:30,14:00-17:30",
               "T2-T7 07:00-11:30,13:30-17:30; CN 07:30-11:00"),
    "kiot": ("T2-T6 07:30-11:00,14:00-16:30", "T2-T7 08:00-11:00", "T2-T7 07:30-11:00,15:00-17:00"),
}
# Services every point of a type offers, then ones each point offers with a coin toss.
CORE = {
    "bdvhx": ("gui-thu", "buu-kien", "chuyen-tien", "chi-tra-luong-huu", "chi-tra-tro-cap",
              "thu-bhxh-bhyt", "doc-sach-bao", "ho-tro-dvc", "tiep-nhan-tra-kq"),
    "dai-ly": ("gui-thu", "buu-kien", "ems", "chuyen-tien"),
    "kiot": ("gui-thu", "buu-kien"),
}
OPTIONAL = {
    "bdvhx": ("ems", "thu-ho-dien-nuoc", "bh-pti-xe-may", "phat-hanh-bao-chi"),
    "dai-ly": ("cod", "tem", "thu-ho-dien-nuoc", "bh-pti-xe-may", "thu-bhxh-bhyt", "phat-hanh-bao-chi"),
    "kiot": ("ems", "tem", "thu-ho-dien-nuoc", "phat-hanh-bao-chi"),
}
# Procedures settled at commune level, the ones a BĐ-VHX can sensibly take in (the commune issues
# the first land certificate since 1 July 2025, Nghị định 151/2025/NĐ-CP).
COMMUNE_PROCEDURES = ("tthc-khai-sinh", "tthc-khai-tu", "tthc-chung-thuc", "tthc-dat-dai-lan-dau",
                      "tthc-the-bhyt")
PENSION_DAYS = ((5, 12), (5, 12), (6, 13), (4, 11))


@dataclass(frozen=True)
class UnitSeed:
    code: str
    name: str
    type: str
    former_districts: str
    lat: float
    lon: float
    area_km2: float
    population: int
    geometry: dict


@dataclass(frozen=True)
class FormerDistrictSeed:
    code: str
    name: str
    type: str


@dataclass(frozen=True)
class FormerCommuneSeed:
    code: str
    name: str
    type: str
    district_code: str
    new_unit_codes: tuple[str, ...]


@dataclass(frozen=True)
class ServiceSeed:
    code: str
    category: str
    name_vi: str
    name_en: str
    is_procedure: bool
    status: str = "offered"
    basis: str | None = None
    basis_url: str | None = None
    procedure_code: str | None = None  # the national portal's "mã thủ tục", only when confirmed
    note_vi: str | None = None
    note_en: str | None = None

    @property
    def withdrawn(self) -> bool:
        """True when no point offers the entry any more (it stays for old ratings and imports)."""
        return self.status == "withdrawn"


@dataclass(frozen=True)
class PointSeed:
    code: str
    slug: str
    name: str
    type: str
    unit_code: str
    address: str
    address_former: str | None
    postcode: str | None
    office_code: str | None
    lat: float
    lon: float
    coord_quality: str
    phone: str | None
    hours: tuple[Interval, ...]
    pension_days: tuple[int, int] | None
    pension_schedule: str | None
    services: tuple[tuple[str, str | None], ...]
    is_illustrative: bool
    former_commune_code: str | None
    sources: dict[str, str]


@dataclass(frozen=True)
class DirectoryPlan:
    units: tuple[UnitSeed, ...]
    former_districts: tuple[FormerDistrictSeed, ...]
    former_communes: tuple[FormerCommuneSeed, ...]
    services: tuple[ServiceSeed, ...]
    points: tuple[PointSeed, ...]


def plain_name(name: str) -> str:
    """Name without its administrative prefix ("Xã Tân Thành" → "Tân Thành")."""
    for prefix in ("Thành phố ", "Thị trấn ", "Phường ", "Huyện ", "Xã "):
        if name.lower().startswith(prefix.lower()):
            return name[len(prefix):]
    return name


def _lower_first(text: str) -> str:
    """Text with its first letter in lower case, for a name inside a sentence."""
    return text[:1].lower() + text[1:]


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV with every value NFC-normalised and stripped."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [{k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items()}
                for row in csv.DictReader(handle)]


def load_units(data_dir: Path) -> tuple[UnitSeed, ...]:
    """The 65 current units with their polygons, sorted by code."""
    geometries = geo.load_unit_geometries(data_dir / "lang_son_communes.geojson")
    rows = sorted(_read_csv(data_dir / "lang_son_units.csv"), key=lambda r: r["code"])
    return tuple(UnitSeed(r["code"], r["name"], r["type"], r["former_districts"], float(r["lat"]),
                          float(r["lon"]), float(r["area_km2"]), int(r["population"]),
                          geometries[r["code"]]) for r in rows)


def load_legacy(data_dir: Path) -> tuple[tuple[FormerDistrictSeed, ...], tuple[FormerCommuneSeed, ...]]:
    """Former districts and communes (before 1 July 2025), sorted by code."""
    rows = sorted(_read_csv(data_dir / "lang_son_legacy_units.csv"), key=lambda r: r["code"])
    districts = tuple(FormerDistrictSeed(r["code"], r["name"], r["type"])
                      for r in rows if r["level"] == "district")
    communes = tuple(FormerCommuneSeed(r["code"], r["name"], r["type"], r["district_code"],
                                       tuple(c.strip() for c in r["new_unit_codes"].split(";")))
                     for r in rows if r["level"] == "commune")
    return districts, communes


def load_services(data_dir: Path) -> tuple[ServiceSeed, ...]:
    """The service catalogue, in the file's order (the order shown on the site), with each entry's
    status, the text it rests on and its notes (empty cells read as None)."""
    optional = ("basis", "basis_url", "procedure_code", "note_vi", "note_en")
    return tuple(ServiceSeed(r["code"], r["category"], r["name_vi"], r["name_en"], r["is_procedure"] == "1",
                             r["status"] or "offered", **{key: r[key] or None for key in optional})
                 for r in _read_csv(data_dir / "services.csv"))


class _Planner:
    """Mutable state while planning: the rng, taken names, slugs and coordinates."""

    def __init__(self, data_dir: Path, seed: int):
        self.rng = random.Random(seed)
        self.units = {u.code: u for u in load_units(data_dir)}
        districts, communes = load_legacy(data_dir)
        self.districts = {d.code: d for d in districts}
        self.communes = communes
        self.services = load_services(data_dir)
        self.slugs: set[str] = set()
        self.names: set[str] = set()
        self.coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self.serial = 0

    def claim(self, base: str, unit_code: str) -> tuple[str, str]:
        """A free name (base, "base 2" …) and a free slug (unit code appended when taken)."""
        name, n = base, 2
        while name in self.names:
            name, n = f"{base} {n}", n + 1
        slug, n = slugify(name), 1
        while slug in self.slugs:
            slug, n = f"{slugify(name)}-{unit_code}" + (f"-{n}" if n > 1 else ""), n + 1
        self.names.add(name)
        self.slugs.add(slug)
        return name, slug

    def place(self, unit_code: str) -> tuple[float, float]:
        """A seeded random spot inside the unit, away from the unit's other points if possible."""
        spot = geo.random_point_apart(self.units[unit_code].geometry, self.rng,
                                      self.coords[unit_code], MIN_GAP_KM)
        self.coords[unit_code].append(spot)
        return spot

    def former_address(self, commune: FormerCommuneSeed) -> str:
        """Pre-reform address line of a former commune: commune, district, province."""
        return f"{commune.name}, {self.districts[commune.district_code].name}, {PROVINCE}"

    def former_of(self, unit_code: str) -> dict:
        """What is known of where a point of this unit stood before 1 July 2025."""
        sources = [c for c in self.communes if unit_code in c.new_unit_codes]
        if len(sources) == 1:
            return {"address_former": self.former_address(sources[0]),
                    "former_commune_code": sources[0].code}
        districts = sorted({c.district_code for c in sources})
        # Several former communes: only the district is certain, if there is a single one.
        known = f"{self.districts[districts[0]].name}, {PROVINCE}" if len(districts) == 1 else None
        return {"address_former": known, "former_commune_code": None}

    def hours_for(self, template_key: str) -> tuple[Interval, ...]:
        """Weekly opening intervals from one of the type's templates."""
        return tuple(parse_hours(self.rng.choice(HOURS[template_key])))

    def services_for(self, kind: str) -> tuple[tuple[str, str | None], ...]:
        """Services of a point of this type, in catalogue order. Withdrawn entries are offered by no
        point; a procedure's handling is None: the seed cannot know whether a point takes the
        dossier, returns the result or both (only the registry says)."""
        if kind == "buu-cuc":  # nearly everything; the reading room is a BĐ-VHX thing
            chosen = {s.code for s in self.services if s.code != "doc-sach-bao"}
        else:
            chosen = set(CORE[kind]) | {c for c in OPTIONAL[kind] if self.rng.random() < 0.5}
            if kind == "bdvhx":
                chosen.update(self.rng.sample(COMMUNE_PROCEDURES, self.rng.randint(2, 4)))
        return tuple((s.code, None) for s in self.services if s.code in chosen and not s.withdrawn)

    def make_point(self, kind: str, unit_code: str, **facts) -> PointSeed:
        """Complete a point's known facts with code, slug, place, hours and services."""
        name, slug = self.claim(facts.pop("name"), unit_code)
        if "lat" not in facts:
            facts["lat"], facts["lon"] = self.place(unit_code)
        if not facts.get("code"):
            self.serial += 1
            facts["code"] = f"LS-{self.serial:04d}"
        services = self.services_for(kind)
        pension = any(code == "chi-tra-luong-huu" for code, _ in services)
        days = self.rng.choice(PENSION_DAYS) if pension else None
        return PointSeed(
            slug=slug, name=name, type=kind, unit_code=unit_code,
            postcode=None, office_code=facts.pop("office_code", None), phone=facts.pop("phone", None),
            # An invented spot, or a real office's unit centroid: never the building.
            coord_quality="approximate",
            hours=self.hours_for(facts.pop("hours", kind)), services=services,
            pension_days=days, pension_schedule=pension_schedule(days),
            sources=facts.pop("sources", all_from("illustrative")),
            is_illustrative=facts.pop("is_illustrative", True), **facts)


def pension_schedule(days: tuple[int, int] | None) -> str | None:
    """The seed's schedule of a paying point: its usual days, and two months paid at once before
    each Tết of TET_YEARS."""
    if not days:
        return None
    plans = {}
    for year in TET_YEARS:
        plans.update(tet_schedule(days, tet_days(year)))
    return format_schedule(plans)


def _allocate(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split total among keys in proportion to weights (largest remainder, ties by key)."""
    whole = sum(weights.values())
    quotas = {k: total * w / whole for k, w in weights.items()}
    shares = {k: int(q) for k, q in quotas.items()}
    by_remainder = sorted(weights, key=lambda k: (-(quotas[k] - shares[k]), k))
    for key in by_remainder[: total - sum(shares.values())]:
        shares[key] += 1
    return shares


def _former_commune_in(p: _Planner, address: str) -> str | None:
    """Code of the former commune an old address names ("Thị trấn X, Huyện Y"), if any."""
    for commune in p.communes:
        if f"{commune.name}, {p.districts[commune.district_code].name}" in address:
            return commune.code
    return None


def _real_offices(p: _Planner, data_dir: Path) -> list[PointSeed]:
    """The real post offices with their own names, office codes, phones and addresses."""
    points = []
    for row in sorted(_read_csv(data_dir / "lang_son_post_offices.csv"), key=lambda r: r["office_code"]):
        unit, lat, lon = row["unit_code"], float(row["lat"]), float(row["lon"])
        if (lat, lon) in p.coords[unit]:  # centroid shared with an earlier office: move it,
            # without the rng so the real offices do not depend on the seed
            lat, lon = geo.nearby_point_in(p.units[unit].geometry, lat, lon, p.coords[unit],
                                           MIN_GAP_KM)
        p.coords[unit].append((lat, lon))
        points.append(p.make_point(
            "buu-cuc", unit, name=row["name"], code=f"BC-{row['office_code']}", office_code=row["office_code"],
            address=row["address"], address_former=row["address_pre2025"] or None, lat=lat, lon=lon,
            phone=row["phone"] or None, is_illustrative=False, sources=dict(REAL_OFFICE_SOURCES),
            hours="gd1" if row["office_code"] == PROVINCIAL_OFFICE else "buu-cuc",
            former_commune_code=_former_commune_in(p, row["address_pre2025"])))
    return points


def _extra_post_offices(p: _Planner, units_with_office: set[str]) -> list[PointSeed]:
    """One bưu cục in each of the most populous units that have no real office listed."""
    ranked = sorted(p.units.values(), key=lambda u: (-u.population, u.code))
    # Skip names that fold to a real office's ("Tân Thành" vs "Tân Thanh"): same slug, same search.
    picked = [u for u in ranked if u.code not in units_with_office
              and slugify(f"Bưu cục {plain_name(u.name)}") not in p.slugs][:EXTRA_BUU_CUC]
    return [p.make_point("buu-cuc", u.code, name=f"Bưu cục {plain_name(u.name)}",
                         address=f"Trung tâm {_lower_first(u.name.split()[0])}, {u.name}, {PROVINCE}",
                         **p.former_of(u.code))
            for u in sorted(picked, key=lambda u: u.code)]


def _pick_bdvhx_communes(p: _Planner, excluded: set[str]) -> list[FormerCommuneSeed]:
    """79 distinct former xã: one in every unit first, the rest drawn at random."""
    candidates = [c for c in p.communes if c.type == "xã" and c.code not in excluded]
    by_unit = defaultdict(list)
    for commune in candidates:  # a split commune counts for the first unit it went to
        by_unit[commune.new_unit_codes[0]].append(commune)
    chosen = [p.rng.choice(by_unit[code]) for code in sorted(by_unit)][:BDVHX]
    rest = [c for c in candidates if c not in chosen]
    chosen += p.rng.sample(rest, BDVHX - len(chosen))
    return sorted(chosen, key=lambda c: c.code)


def _bdvhx_points(p: _Planner, excluded: set[str]) -> list[PointSeed]:
    """The BĐ-VHX points, each named after its former commune (district added if ambiguous)."""
    name_counts = defaultdict(int)
    for commune in p.communes:
        name_counts[commune.name] += 1
    points = []
    for c in _pick_bdvhx_communes(p, excluded):
        label = plain_name(c.name)
        if name_counts[c.name] > 1:
            label += f" ({_lower_first(p.districts[c.district_code].name)} cũ)"
        unit = p.units[c.new_unit_codes[0]]
        points.append(p.make_point(
            "bdvhx", unit.code, name=f"Điểm BĐ-VHX {label}", former_commune_code=c.code,
            address=f"{_lower_first(c.name)} (cũ), {unit.name}, {PROVINCE}",
            address_former=p.former_address(c)))
    return points


def _points_by_population(p: _Planner, kind: str, total: int, label: str) -> list[PointSeed]:
    """`total` points of one type spread over the units in proportion to population."""
    shares = _allocate(total, {u.code: u.population for u in p.units.values()})
    points = []
    for code in sorted(shares):
        unit = p.units[code]
        for i in range(1, shares[code] + 1):
            number = f" {i}" if shares[code] > 1 else ""
            points.append(p.make_point(kind, code, name=f"{label} {plain_name(unit.name)}{number}",
                                       address=f"{unit.name}, {PROVINCE}", **p.former_of(code)))
    return points


def plan_directory(data_dir: Path, seed: int = 2025) -> DirectoryPlan:
    """Plan the whole seed directory (geography, services, 235 points) from the data folder."""
    data_dir = Path(data_dir)
    p = _Planner(data_dir, seed)
    points = _real_offices(p, data_dir)
    excluded = {o.former_commune_code for o in points if o.former_commune_code}
    points += _extra_post_offices(p, {o.unit_code for o in points})
    points += _bdvhx_points(p, excluded)
    # Đại lý fill up to 235 whatever the length of the real-office list.
    dai_ly = TOTAL_POINTS - len(points) - KIOT
    points += _points_by_population(p, "dai-ly", dai_ly, "Đại lý bưu điện")
    points += _points_by_population(p, "kiot", KIOT, "Ki-ốt bưu điện")
    return DirectoryPlan(tuple(sorted(p.units.values(), key=lambda u: u.code)),
                         tuple(sorted(p.districts.values(), key=lambda d: d.code)),
                         p.communes, p.services, tuple(points))

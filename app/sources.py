"""Where each fact about a point comes from: the registry (imported), a named public source, or
the illustrative seed. A point stores {fact: "registry" | "illustrative" | "public:<key>"}; the
public sources are described here, with the date they can be dated to (data/README.md, PROVENANCE)."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

FACTS = ("name", "address", "phone", "hours", "services", "procedures", "pension_days", "location")
KINDS = ("registry", "public", "illustrative")


@dataclass(frozen=True)
class PublicSource:
    """A published source a fact was copied from."""

    key: str
    name: object  # lazy string
    url: str
    date: str | None  # ISO date of the copy, or None when the source carries none


PUBLIC_SOURCES = {
    "vnpost-list": PublicSource(
        "vnpost-list",
        _l("Danh sách bưu cục của Bưu điện Việt Nam, bản sao trong kho mã nguồn công khai "
           "HThanh-how/order-management (không ghi ngày)"),
        "https://github.com/HThanh-how/order-management", None),
    "unit-centroid": PublicSource(
        "unit-centroid",
        _l("Trọng tâm ranh giới xã, phường (gis.vn, qua lamngockhuong/vietnam-3d-map): vị trí gần đúng, "
           "không phải tòa nhà"),
        "https://github.com/lamngockhuong/vietnam-3d-map", "2026-09-20"),
}


@dataclass(frozen=True)
class FactSource:
    """Where one fact comes from: its kind and, for a public fact, the source."""

    kind: str
    public: PublicSource | None = None

    @property
    def illustrative(self) -> bool:
        return self.kind == "illustrative"


def parse_source(value: str | None) -> FactSource:
    """A stored source value ("registry", "illustrative", "public:<key>") read back."""
    if value and value.startswith("public:") and value[7:] in PUBLIC_SOURCES:
        return FactSource("public", PUBLIC_SOURCES[value[7:]])
    if value in ("registry", "illustrative"):
        return FactSource(value)
    raise ValueError(f"unknown source of a fact: {value!r}")


def fact_sources(point) -> dict[str, FactSource]:
    """Every fact of the point with its source; a point without a stored map is all registry
    (imported) or all illustrative (seeded)."""
    stored = point.sources or {}
    default = "illustrative" if point.is_illustrative else "registry"
    return {fact: parse_source(stored.get(fact, default)) for fact in FACTS}


def all_from(kind: str) -> dict[str, str]:
    """The stored map of a point whose every fact comes from one kind of source."""
    return dict.fromkeys(FACTS, kind)


def sources_document(point) -> tuple[dict[str, str], dict[str, dict]]:
    """The API's `sources` (fact → kind) and `public_sources` (fact → name, url, date)."""
    sources = fact_sources(point)
    kinds = {fact: source.kind for fact, source in sources.items()}
    public = {fact: {"name": str(source.public.name), "url": source.public.url, "date": source.public.date}
              for fact, source in sources.items() if source.public}
    return kinds, public

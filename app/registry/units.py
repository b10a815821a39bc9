"""Which current commune/ward a registry row means, however it is written.

A unit may be given by its code, by its name (with or without "Xã"/"Phường" and diacritics), or
as it was before 1 July 2025: "Xã Hoàng Đồng, Thành phố Lạng Sơn", "Thị trấn Thất Khê",
"xã Bình La (cũ)". A former commune split between two units, or a former name found in several
districts when no district is given, is reported as ambiguous: never guessed."""
import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _

from app.search import fold, nfc

_PREFIXES = ("thị trấn ", "thành phố ", "phường ", "huyện ", "xã ", "tp. ", "tp ")
_PROVINCE_TAIL = re.compile(r",\s*(?:tỉnh\s+)?lạng\s+sơn\s*$", re.IGNORECASE)
_FORMER_MARK = re.compile(r"\s*\((?:cũ|cu)\)\s*$", re.IGNORECASE)


class UnitNotResolved(ValueError):
    """The text names no unit, or more than one: the message says which and what to write."""


@dataclass(frozen=True)
class UnitMatch:
    """The current unit a row belongs to, and the former commune it was written as (if so)."""

    unit_code: str
    former_commune_code: str | None = None


@dataclass(frozen=True)
class FormerCommuneRef:
    """A former commune as the resolver needs it."""

    code: str
    name: str
    district_code: str
    unit_codes: tuple[str, ...]


def _bare(exact: str) -> str:
    for prefix in _PREFIXES:
        if exact.startswith(prefix):
            return exact[len(prefix):].strip()
    return exact


def name_keys(name: str) -> tuple[str, str, str, str]:
    """Keys from strictest to loosest: full name, then without diacritics, then without the prefix."""
    exact = " ".join(nfc(name).lower().split())
    bare = _bare(exact)
    return exact, fold(exact), bare, fold(bare)


def _index(names: dict[str, str]) -> list[dict[str, list[str]]]:
    """For each key level, key → codes having it."""
    levels: list[dict[str, list[str]]] = [{}, {}, {}, {}]
    for code, name in names.items():
        for level, key in enumerate(name_keys(name)):
            levels[level].setdefault(key, []).append(code)
    return levels


class UnitDirectory:
    """Current units, former districts and former communes, searchable by code and name."""

    def __init__(self, units: dict[str, str], districts: dict[str, str],
                 communes: Iterable[FormerCommuneRef]):
        self.units = units
        self.districts = districts
        self.communes = {c.code: c for c in communes}
        self._unit_keys = _index(units)
        self._district_keys = _index(districts)
        self._commune_keys = _index({c.code: c.name for c in self.communes.values()})

    def resolve(self, text: str) -> UnitMatch:
        """The unit written in the `unit` column: current code or name, or a former commune."""
        text = _PROVINCE_TAIL.sub("", nfc(text)).strip()
        if not text:
            raise UnitNotResolved(_("chưa ghi xã/phường"))
        if re.fullmatch(r"[0-9]{1,5}", text):
            return self._by_code(text.zfill(5))
        marked_former = bool(_FORMER_MARK.search(text))
        text = _FORMER_MARK.sub("", text)
        if "," in text:
            return self._unit_of(self.former_commune(text))
        for level, key in enumerate(name_keys(text)):
            current = [] if marked_former else self._unit_keys[level].get(key, [])
            former = self._commune_keys[level].get(key, [])
            if len(current) == 1:
                return UnitMatch(current[0])
            if current:
                raise UnitNotResolved(self._several_units(text, current))
            if former:
                return self._unit_of(self._one_commune(text, former))
        raise UnitNotResolved(_("không tìm thấy xã/phường (hiện hành hay cũ) tên '%(name)s'", name=text))

    def _by_code(self, code: str) -> UnitMatch:
        if code in self.units:  # codes of current units win over the former ones they reused
            return UnitMatch(code)
        if code in self.communes:
            return self._unit_of(self.communes[code])
        raise UnitNotResolved(_("không có xã/phường nào mang mã %(code)s", code=code))

    def former_commune(self, text: str) -> FormerCommuneRef:
        """A former commune by code, by "name, district", or by a name found in one district only."""
        text = _FORMER_MARK.sub("", _PROVINCE_TAIL.sub("", nfc(text))).strip()
        if re.fullmatch(r"[0-9]{1,5}", text):
            if text.zfill(5) in self.communes:
                return self.communes[text.zfill(5)]
            raise UnitNotResolved(_("không có xã/phường cũ nào mang mã %(code)s", code=text.zfill(5)))
        name, _comma, district_text = (part.strip() for part in text.partition(","))
        district = self._district(district_text) if district_text else None
        for level, key in enumerate(name_keys(name)):
            found = [code for code in self._commune_keys[level].get(key, [])
                     if district is None or self.communes[code].district_code == district]
            if found:
                return self._one_commune(name, found)
        if district:
            raise UnitNotResolved(_("không có xã/phường/thị trấn cũ '%(name)s' thuộc %(district)s",
                                    name=name, district=self.districts[district]))
        raise UnitNotResolved(_("không tìm thấy xã/phường/thị trấn cũ tên '%(name)s'", name=name))

    def _district(self, text: str) -> str:
        for level, key in enumerate(name_keys(text)):
            found = self._district_keys[level].get(key, [])
            if len(found) == 1:
                return found[0]
        raise UnitNotResolved(_("không tìm thấy huyện/thành phố cũ tên '%(name)s'", name=text))

    def _one_commune(self, name: str, codes: list[str]) -> FormerCommuneRef:
        if len(codes) == 1:
            return self.communes[codes[0]]
        places = ", ".join(sorted(self.districts[self.communes[c].district_code] for c in codes))
        raise UnitNotResolved(_(
            "'%(name)s' là tên cũ có ở %(n)s nơi (%(places)s): hãy ghi thêm huyện cũ, "
            "ví dụ '%(name)s, %(example)s', hoặc ghi xã/phường hiện hành",
            name=name, n=len(codes), places=places,
            example=self.districts[self.communes[codes[0]].district_code]))

    def _unit_of(self, commune: FormerCommuneRef) -> UnitMatch:
        if len(commune.unit_codes) == 1:
            return UnitMatch(commune.unit_codes[0], commune.code)
        units = _(" và ").join(self.units[code] for code in commune.unit_codes)
        raise UnitNotResolved(_(
            "%(name)s (cũ) đã được chia cho %(units)s: hãy ghi xã/phường hiện hành của điểm",
            name=commune.name, units=units))

    def _several_units(self, text: str, codes: list[str]) -> str:
        names = ", ".join(sorted(self.units[c] for c in codes))
        return _("'%(name)s' có thể là %(names)s: hãy ghi đủ dấu hoặc ghi mã xã/phường",
                 name=text, names=names)

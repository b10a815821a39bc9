"""The search against the corpus of real phrasings (tests/search_corpus.py): the share whose right
answer comes first and among the first three, printed and held above a bar; and the phrase tables
the search reads queries with, checked against the catalogue and the places."""
import csv
from collections import defaultdict

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Point, PointService, Service, Unit
from app.models.points import POINT_TYPES
from app.queries.search import PointFilters, search_alternatives, search_points
from app.search import LEXICON
from app.search_synonyms import SERVICE_PHRASES, TYPE_PHRASES
from tests.databases import DATA_DIR
from tests.search_corpus import CORPUS, Case

TOP1_BAR, TOP3_BAR = 0.85, 0.95
ALL = 1000


def directory_facts():
    """Each point's type, unit name and services, by slug."""
    units = dict(db.session.execute(select(Unit.code, Unit.name)).all())
    facts = {slug: {"type": kind, "unit": units[code], "offers": set()}
             for slug, kind, code in db.session.execute(select(Point.slug, Point.type, Point.unit_code))}
    offered = (select(Point.slug, Service.code)
               .join(PointService, PointService.point_id == Point.id).join(Service))
    for slug, code in db.session.execute(offered):
        facts[slug]["offers"].add(code)
    return facts


def right(case: Case, slug: str, facts) -> bool:
    """The point is what the case asks for."""
    point = facts[slug]
    return ((not case.slugs or slug in case.slugs) and (not case.in_unit or point["unit"] == case.in_unit)
            and (not case.type or point["type"] == case.type)
            and (not case.offers or case.offers in point["offers"]))


def hits(case: Case, found: list[str], facts) -> tuple[bool, bool]:
    """Whether the case is right at the first result, and among the first three."""
    if case.nothing:
        return (not found,) * 2
    if not found or case.every and any(facts[slug]["type"] != case.every for slug in found):
        return False, False
    return right(case, found[0], facts), any(right(case, slug, facts) for slug in found[:3])


def test_corpus_names_real_points_and_units(app):
    facts = directory_facts()
    unit_names = {fact["unit"] for fact in facts.values()}
    assert len(CORPUS) >= 150 and len({case.q for case in CORPUS}) == len(CORPUS)
    for case in CORPUS:
        assert set(case.slugs) <= facts.keys(), case
        assert case.in_unit in unit_names | {None}, case
        assert any(right(case, slug, facts) for slug in facts) or case.nothing or case.every, case


def test_search_corpus_hit_rates(app, capsys):
    facts = directory_facts()
    tally, misses = defaultdict(lambda: [0, 0, 0]), []
    for case in CORPUS:
        found = [p.slug for p in search_points(PointFilters(q=case.q), per_page=ALL, with_hours=False).points]
        first, top3 = hits(case, found, facts)
        for kind in (case.kind, "all"):
            tally[kind][0] += 1
            tally[kind][1] += first
            tally[kind][2] += top3
        if not first:
            misses.append(f"  {'top-3' if top3 else 'miss '} {case.q!r}: {found[:3]}")
    n, top1, top3 = tally.pop("all")
    with capsys.disabled():
        print(f"\nsearch corpus: {n} phrasings, top-1 {top1 / n:.1%}, top-3 {top3 / n:.1%}")
        for kind, (k, one, three) in tally.items():
            print(f"  {kind:24s} {k:3d}  top-1 {one / k:6.1%}  top-3 {three / k:6.1%}")
        print("\n".join(misses))
    assert top3 / n >= TOP3_BAR and top1 / n >= TOP1_BAR


def test_phrase_tables_name_real_types_and_services():
    with open(DATA_DIR / "services.csv", encoding="utf-8") as catalogue:
        codes = {row["code"] for row in csv.DictReader(catalogue)}
    assert set(TYPE_PHRASES.values()) == set(POINT_TYPES)
    assert {code for group in SERVICE_PHRASES.values() for code in group} <= codes


def test_no_phrase_of_the_tables_is_a_place(app):
    """No phrase read as a type, a service, a link or a word for nothing is a run of whole words of a
    point's places (its name aside, which holds its type's words), so no place stops being found.
    Verbs may be ("Lâm", "Đội"): they go only before a service or type (the test below)."""
    texts = db.session.scalars(select(Point.search_text)).all()
    places = {f" {part} " for text in texts for part in text.split(" | ")[1:]}
    checked = [phrase for phrase, (kind, _) in LEXICON.items() if kind in ("type", "service", "link", "generic")]
    clashes = [phrase for phrase in checked if any(f" {phrase} " in place for place in places)]
    assert clashes == []


@pytest.mark.parametrize("q,slug", [
    ("Bằng Mạc", "buu-cuc-bang-mac"), ("Đồng Tiến", "diem-bd-vhx-dong-tien"),
    ("Bảo Lâm", "diem-bd-vhx-bao-lam"), ("Nhân Lý", "dai-ly-buu-dien-nhan-ly"), ("Hồ Sơn", "diem-bd-vhx-ho-son"),
    ("Đội Cấn", "diem-bd-vhx-doi-can"),
    ("Đồng Tiến chuyển tiền", "diem-bd-vhx-dong-tien"), ("Bảo Lâm lương hưu", "diem-bd-vhx-bao-lam"),
])
def test_places_that_sound_like_verbs_stay_places(app, q, slug):
    assert search_points(PointFilters(q=q)).points[0].slug == slug


def test_postcode_and_office_code_find_the_point(app):
    point = db.session.scalar(select(Point).where(Point.slug == "buu-cuc-huu-lung"))
    point.postcode = "25500"
    db.session.flush()
    for q in ("25500", "mã bưu chính 25500", point.office_code, point.office_code[:4]):
        assert search_points(PointFilters(q=q)).points[0].slug == "buu-cuc-huu-lung", q


@pytest.mark.parametrize("q", ["bưu điện văn hóa xã", "Bưu điện – Văn hóa xã", "bdvhx", "BĐVHX", "BĐ-VHX",
                               "commune post office"])
def test_the_names_of_a_type_find_every_point_of_it(app, q):
    result = search_points(PointFilters(q=q), per_page=ALL)
    assert result.total == 79 and {p.type for p in result.points} == {"bdvhx"}


def test_a_withdrawn_service_finds_nothing_and_says_which(app, client):
    html = client.get("/points?q=l%C3%A0m+h%E1%BB%99+chi%E1%BA%BFu").get_data(as_text=True)
    assert "Không tìm thấy điểm phục vụ nào" in html and 'class="point-name"' not in html
    withdrawn = search_alternatives(PointFilters(q="đổi bằng lái xe")).withdrawn
    assert [service.code for service in withdrawn] == ["tthc-gplx"] and withdrawn[0].note_vi

"""The service catalogue tells the truth: every entry rests on a named text, withdrawn entries (the
procedures the police took over, the passport) are offered by no point and matched by no search,
the seed does not invent how a point handles a procedure, and the import refuses withdrawn codes."""
import dataclasses
import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from app.catalogue import PORTAL_URL
from app.extensions import db
from app.models import Point, PointService, Service
from app.queries.points import service_choices
from app.registry import fields
from app.registry.reference import load_reference
from app.seeding import load_services
from app.services.imports import plan_import
from app.services.seed import apply_plan
from tests.databases import DATA_DIR, seed_plan
from tests.factories import make_point
from tests.import_files import csv_bytes, good_rows

TAKEN_OVER = ("tthc-gplx", "tthc-lltp", "tthc-ho-chieu")  # by the police since 1 March 2025
CODE_PATTERN = re.compile(r"[0-9]\.[0-9]{6}")


def section(html: str, heading_id: str) -> str:
    """The text of the <section> labelled by a heading id."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.S)
    assert match, heading_id
    return match.group(1)


def first_buu_cuc() -> Point:
    """The first seeded bưu cục by code (a bưu cục offers nearly the whole catalogue)."""
    stmt = select(Point).where(Point.type == "buu-cuc").order_by(Point.code).limit(1)
    return db.session.scalars(stmt).one()


def test_every_entry_rests_on_a_text_and_says_its_status():
    catalogue = {s.code: s for s in load_services(DATA_DIR)}
    assert all(s.basis for s in catalogue.values())
    assert {s.status for s in catalogue.values()} <= {"offered", "winding_down", "withdrawn"}
    assert all(CODE_PATTERN.fullmatch(s.procedure_code) for s in catalogue.values() if s.procedure_code)
    assert all(s.is_procedure for s in catalogue.values() if s.procedure_code)
    for code in TAKEN_OVER:
        assert catalogue[code].status == "withdrawn" and catalogue[code].note_vi and catalogue[code].note_en
    assert "12/2025/TT-BCA" in catalogue["tthc-gplx"].basis
    assert catalogue["tiet-kiem"].status == "winding_down" and catalogue["tiet-kiem"].note_vi
    # BHXH collection is public administration done for the social insurance agency, not insurance.
    bhxh = catalogue["thu-bhxh-bhyt"]
    assert bhxh.category == "public_admin" and "Bảo hiểm xã hội Việt Nam" in bhxh.name_vi
    # The merged land entry is split into two distinct procedures; the old code stays, withdrawn.
    assert catalogue["tthc-dat-dai"].status == "withdrawn"
    land = [s for s in catalogue.values() if s.code.startswith("tthc-dat-dai-")]
    assert len(land) == 2 and all(s.status == "offered" and s.is_procedure for s in land)
    assert len({s.name_vi for s in land}) == 2


def test_the_database_catalogue_is_the_file(app):
    stored = {s.code: s for s in db.session.scalars(select(Service))}
    for entry in load_services(DATA_DIR):
        row = stored[entry.code]
        assert (row.status, row.basis, row.basis_url, row.procedure_code, row.note_vi, row.note_en) == (
            entry.status, entry.basis, entry.basis_url, entry.procedure_code, entry.note_vi, entry.note_en)


def test_withdrawn_entries_are_offered_by_no_point(app):
    assert not any(code in TAKEN_OVER for p in seed_plan().points for code, _ in p.services)
    offering = (select(func.count()).select_from(PointService).join(Service)
                .where(Service.status == "withdrawn"))
    assert db.session.scalar(offering) == 0
    kept = select(func.count()).select_from(Service).where(Service.code.in_(TAKEN_OVER))
    assert db.session.scalar(kept) == 3
    assert not {s.code for s in service_choices()} & set(TAKEN_OVER)


def test_seeded_procedures_have_no_invented_handling(app):
    handlings = db.session.scalars(select(PointService.handling).join(Service).where(Service.is_procedure))
    found = list(handlings)
    assert found and all(h is None for h in found)


def test_a_buu_cuc_page_is_truthful(client):
    point = first_buu_cuc()
    html = client.get(f"/points/{point.slug}").get_data(as_text=True)
    services, procedures = section(html, "services-title"), section(html, "procedures-title")
    assert "giấy phép lái xe" not in html.lower() and "lý lịch tư pháp" not in html.lower()
    assert "hộ chiếu" not in (services + procedures).lower()
    # A procedure with a confirmed code links to its portal page; the basis is named.
    birth = PORTAL_URL.format(code="1.001193")
    assert f'<a href="{birth}" rel="noopener">Đăng ký khai sinh</a>' in procedures
    assert "Quyết định 45/2016/QĐ-TTg" in procedures
    # The seed cannot know whether the point takes the dossier or returns the result.
    assert "Chưa rõ nhận hồ sơ hay trả kết quả" in procedures
    assert "Tiếp nhận hồ sơ và trả kết quả</td>" not in procedures
    # A winding-down service says so, with its note; the catalogue is one link away.
    savings = re.search(r"<li>Tiết kiệm bưu điện(.*?)</li>", services, re.S)
    assert savings and "Đang thu hẹp" in savings.group(1) and "hỏi tại quầy" in savings.group(1)
    assert 'href="/api/services"' in services


def test_notes_follow_the_language(client):
    point = first_buu_cuc()
    html = client.get(f"/points/{point.slug}?lang=en").get_data(as_text=True)
    assert "Being wound down" in section(html, "services-title")


def test_a_known_handling_is_shown(client):
    make_point(slug="diem-nhan-ho-so", type="bdvhx", services=[("tthc-khai-tu", "receive")])
    procedures = section(client.get("/points/diem-nhan-ho-so").get_data(as_text=True), "procedures-title")
    assert "Tiếp nhận hồ sơ" in procedures and "Chưa rõ" not in procedures


def test_a_withdrawn_row_left_by_an_old_import_shows_nowhere(client):
    """A registry import from before 2025 may have left a withdrawn service on a point: the page,
    the API, the search and the service filter all ignore it."""
    point = make_point(slug="diem-cu-ho-chieu", name="Điểm Cũ Riêng", type="buu-cuc",
                       services=[("gui-thu", None), ("tthc-ho-chieu", "both")])
    html = client.get("/points/diem-cu-ho-chieu").get_data(as_text=True)
    assert "hộ chiếu" not in html.lower()
    detail = client.get("/api/points/diem-cu-ho-chieu").json
    assert [(s["code"], s["status"]) for s in detail["services"]] == [("gui-thu", "offered")]
    for query in ("hộ chiếu", "ho chieu", "passport"):
        # Words alone may still find a place ("Chiêu Vũ"), never a point for its passports.
        found = client.get(f"/api/points?q={query}&per_page=100").json["items"]
        assert point.slug not in {p["slug"] for p in found}, query
        assert not any("tthc-ho-chieu" in p["services"] for p in found), query
    assert client.get("/api/points?service=tthc-ho-chieu").json["total"] == 0
    listed = client.get("/api/points?q=Điểm Cũ Riêng").json["items"]
    assert [p["services"] for p in listed] == [["gui-thu"]]


def test_api_services_says_status_basis_and_portal(client):
    items = {i["code"]: i for i in client.get("/api/services").json["items"]}
    keys = {"status", "basis", "basis_url", "procedure_code", "portal_url", "note_vi", "note_en", "points"}
    assert all(keys <= set(item) for item in items.values())
    birth = items["tthc-khai-sinh"]
    assert birth["procedure_code"] == "1.001193" and birth["portal_url"] == PORTAL_URL.format(code="1.001193")
    for code in TAKEN_OVER:
        assert items[code]["status"] == "withdrawn" and items[code]["points"] == 0 and items[code]["note_vi"]
    assert items["gui-thu"]["portal_url"] is None and items["gui-thu"]["basis"]
    assert items["tiet-kiem"]["status"] == "winding_down" and items["tiet-kiem"]["points"] > 0


def test_import_refuses_a_withdrawn_code(app):
    with app.test_request_context():
        catalogue = load_reference().catalogue
        with pytest.raises(fields.FieldError, match="'tthc-gplx' đã rút khỏi danh mục"):
            fields.services("gui-thu; tthc-gplx", catalogue)
        # An empty handling means not known, no longer "both".
        assert fields.services("tthc-khai-sinh; gui-thu", catalogue) == (
            ("gui-thu", None), ("tthc-khai-sinh", None))
        rows = good_rows()
        rows[1]["services"] = "gui-thu;tthc-lltp:both"
        issues = [(i.line, i.column, i.reason) for i in plan_import("registry.csv", csv_bytes(rows)).issues]
    assert len(issues) == 1 and issues[0][0] == 3 and "services" in issues[0][1]
    assert "'tthc-lltp' đã rút khỏi danh mục" in issues[0][2] and "/api/services" in issues[0][2]


def test_a_code_dropped_from_the_file_stays_as_a_withdrawn_row(app, client):
    plan = seed_plan()
    before = db.session.scalar(select(func.count()).select_from(PointService).join(Service)
                               .where(Service.code == "tem"))
    apply_plan(dataclasses.replace(plan, services=tuple(s for s in plan.services if s.code != "tem")))
    tem = db.session.scalar(select(Service).where(Service.code == "tem"))
    assert tem is not None and tem.status == "withdrawn"
    # Points keep their rows (ratings and services still point at it); nothing offers it any more.
    assert before and db.session.scalar(select(func.count()).select_from(PointService)
                                        .where(PointService.service_id == tem.id)) == before
    assert "tem" not in {s.code for s in service_choices()}
    assert client.get("/api/points?service=tem").json["total"] == 0
    # The file lists it again: the same row comes back, in place.
    apply_plan(plan)
    assert db.session.scalar(select(Service.status).where(Service.code == "tem")) == "offered"
    assert db.session.scalar(select(Service.id).where(Service.code == "tem")) == tem.id


@pytest.mark.parametrize("query, code", [("làm hộ chiếu", "tthc-ho-chieu"), ("đổi bằng lái xe", "tthc-gplx")])
def test_a_search_for_a_withdrawn_service_says_where_it_went(client, query, code):
    """The empty results name the service, say the post office no longer takes it, give the
    catalogue's note (where to go instead) and the text it rests on; the full page and htmx's."""
    service = db.session.scalars(select(Service).where(Service.code == code)).one()
    for headers in ({}, {"HX-Request": "true", "HX-Target": "results"}):
        html = client.get("/points", query_string={"q": query}, headers=headers).get_data(as_text=True)
        assert "Không tìm thấy điểm phục vụ nào phù hợp" in html
        block = html[html.index('class="withdrawn-service"'):]
        assert f"<strong>{escape(service.name_vi)}</strong>: bưu điện không còn nhận. {escape(service.note_vi)}" in block
        assert escape(service.basis) in block
    english = client.get("/points", query_string={"q": query, "lang": "en"}).get_data(as_text=True)
    assert f"<strong>{escape(service.name_en)}</strong>: no longer taken at post offices. {escape(service.note_en)}" in english

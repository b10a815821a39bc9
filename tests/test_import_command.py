"""Acceptance 3 and 4 through `flask import-points`: the dry run lists every bad row and writes
nothing; the fixed file imports; a second import changes nothing; a bad row in the middle of a real
run, or a database error halfway, leaves the database as it was; former units resolve, split or
ambiguous ones are reported."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditLog, ImportRun, Point
from app.queries.points import directory_is_illustrative
from app.services import imports
from tests.import_files import csv_bytes, good_rows, xlsx_bytes

ROOT = Path(__file__).resolve().parent.parent


def table_snapshot() -> dict:
    """Every row of every table, to compare before and after a command."""
    return {table.name: sorted(tuple(map(repr, row)) for row in db.session.execute(select(table)).all())
            for table in db.metadata.sorted_tables}


def bad_rows() -> list[dict[str, str]]:
    """The good rows with four spoilt ones in between (lines 3, 5, 6 and 7 of the file)."""
    rows = good_rows()
    return [rows[0],
            {**rows[1], "code": "BAD-1", "lat": "22.90", "hours": "T2-T6 08:00-07:00"},  # line 3
            rows[1],
            {**rows[2], "code": "BAD-2", "unit": "Xã Bính Xá", "phone": "12345"},  # line 5
            {**rows[2], "code": "BAD-3", "unit": "Xã Kiên Mộc, Huyện Đình Lập", "services": "bay-bong"},
            {**rows[3], "code": "VHX-HOANG-DONG", "type": "cửa hàng"},  # line 7: duplicate code too
            *rows[2:]]


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def active_codes() -> set[str]:
    return set(db.session.scalars(select(Point.code).where(Point.is_active.is_(True))))


def test_dry_run_lists_every_bad_row_and_writes_nothing(app, runner, tmp_path):
    path = write(tmp_path, "registry.csv", csv_bytes(bad_rows()))
    before = table_snapshot()
    result = runner.invoke(args=["import-points", path, "--dry-run"])
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("line ")]
    expected = {
        (3, "lat"), (3, "hours"), (5, "unit"), (5, "phone"), (6, "unit"), (6, "services"),
        (7, "type"), (7, "code"),
    }
    found = {(int(e.split(",")[0][5:]), e.split(", column ")[1].split(":")[0]) for e in errors}
    assert found == expected
    assert "opening hours cannot be read" in result.output
    assert "former Xã Bính Xá was split between Xã Đình Lập and Xã Kiên Mộc" in result.output
    assert "former Xã Kiên Mộc was split between Xã Kiên Mộc and Xã Châu Sơn" in result.output
    assert "point code already used on line 4" in result.output
    assert "nothing was written" in result.output
    assert table_snapshot() == before


def test_fixed_file_imports_then_a_second_import_changes_nothing(app, runner, tmp_path):
    path = write(tmp_path, "registry.csv", csv_bytes(good_rows()))
    assert directory_is_illustrative()
    result = runner.invoke(args=["import-points", path, "--deactivate-missing"])
    assert result.exit_code == 0, result.output
    assert "Checking rows" in result.output and "Writing points" in result.output
    assert "Changes: 4 created, 1 updated, 0 unchanged, 234 deactivated." in result.output
    assert "Warning: 234 point(s) will be deactivated" in result.output
    assert active_codes() == {"BC-240000", "VHX-HOANG-DONG", "DL-THAT-KHE-1", "KIOT-DONG-KINH"}
    assert not directory_is_illustrative()
    assert "Dữ liệu minh họa" not in app.test_client().get("/").get_data(as_text=True)
    run = db.session.scalar(select(ImportRun))
    assert (run.created, run.updated, run.unchanged, run.deactivated, run.actor) == (4, 1, 0, 234, "cli")
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "import_points"))
    assert audit.actor == "cli" and audit.target_id == str(run.id)
    assert json.loads(audit.after)["active_points"] == 4 and json.loads(audit.before)["active_points"] == 235
    points_before = {k: v for k, v in table_snapshot().items() if k.startswith("point")}
    again = runner.invoke(args=["import-points", path, "--deactivate-missing"])
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated, 5 unchanged, 0 deactivated" in again.output
    assert {k: v for k, v in table_snapshot().items() if k.startswith("point")} == points_before


def test_imported_points_hold_what_the_rows_say(app, runner, tmp_path):
    path = write(tmp_path, "registry.csv", csv_bytes(good_rows()))
    assert runner.invoke(args=["import-points", path]).exit_code == 0
    hoang_dong = db.session.scalar(select(Point).where(Point.code == "VHX-HOANG-DONG"))
    assert (hoang_dong.unit_code, hoang_dong.former_commune_code) == ("05986", "05986")  # Phường Tam Thanh
    assert hoang_dong.slug == "diem-bd-vhx-hoang-dong-05986"  # the seed's point keeps its own slug
    assert {(ps.service.code, ps.handling) for ps in hoang_dong.point_services} == {
        ("gui-thu", None), ("chi-tra-luong-huu", None), ("tthc-khai-sinh", "receive")}
    assert (hoang_dong.pension_day_from, hoang_dong.pension_day_to, hoang_dong.is_illustrative) == (6, 13, False)
    that_khe = db.session.scalar(select(Point).where(Point.code == "DL-THAT-KHE-1"))
    assert that_khe.type == "dai-ly" and that_khe.former_commune.name == "Thị trấn Thất Khê"
    assert len(that_khe.hours) == 10 and "that khe" in that_khe.search_text
    closed = db.session.scalar(select(Point).where(Point.code == "DL-CU"))
    assert closed.is_active is False
    office = db.session.scalar(select(Point).where(Point.code == "BC-240000"))
    assert office.slug == "gd-cap-1-lang-son" and office.phone == "0205 3870 000"


def test_a_bad_row_in_the_middle_of_a_real_run_leaves_the_database_as_it_was(app, runner, tmp_path):
    rows = good_rows()
    rows.insert(2, {**rows[2], "code": "MIDDLE", "lat": "abc"})
    path = write(tmp_path, "registry.csv", csv_bytes(rows))
    before = table_snapshot()
    result = runner.invoke(args=["import-points", path])
    assert result.exit_code != 0
    assert "line 4, column lat: must be a decimal number" in result.output
    assert table_snapshot() == before


def test_a_database_error_halfway_rolls_everything_back(app, tmp_path, monkeypatch):
    written = []
    real_write = imports.write_change

    def failing_write(change, services):
        if len(written) == 3:
            raise RuntimeError("disk full")
        real_write(change, services)
        written.append(change.code)

    monkeypatch.setattr(imports, "write_change", failing_write)
    before = table_snapshot()
    with app.test_request_context():
        plan = imports.plan_import("registry.csv", csv_bytes(good_rows()))
        assert plan.ok
        with pytest.raises(RuntimeError):
            imports.apply_import(plan, "cli")
    assert len(written) == 3
    assert table_snapshot() == before


@pytest.mark.parametrize("flags", [[], ["--keep-missing"]])  # the old flag, now the default, still accepted
def test_by_default_the_other_points_are_left_alone(app, runner, tmp_path, flags):
    path = write(tmp_path, "registry.csv", csv_bytes(good_rows()[1:3]))
    result = runner.invoke(args=["import-points", path, *flags])
    assert result.exit_code == 0, result.output
    assert result.output.index("Changes: 2 created, 0 updated, 0 unchanged, 0 deactivated.") < \
        result.output.index("created      VHX-HOANG-DONG")  # the counts come first
    assert "Points missing from the file stay as they are" in result.output
    assert db.session.scalar(select(func.count()).select_from(Point).where(Point.is_active.is_(True))) == 237
    assert directory_is_illustrative()


def test_the_two_flags_about_missing_points_contradict_each_other(app, runner, tmp_path):
    path = write(tmp_path, "registry.csv", csv_bytes(good_rows()[1:3]))
    result = runner.invoke(args=["import-points", path, "--keep-missing", "--deactivate-missing"])
    assert result.exit_code == 2 and "contradict" in result.output


def test_the_documented_template_is_valid(app, runner):
    result = runner.invoke(args=["import-points", str(ROOT / "data" / "import_template.csv"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Nothing was written" in result.output


def test_the_exported_csv_imports_back_unchanged_but_for_the_illustrative_mark(app, client, runner, tmp_path):
    path = write(tmp_path, "export.csv", client.get("/api/points.csv").data)
    result = runner.invoke(args=["import-points", path, "--dry-run"])
    assert result.exit_code == 0, result.output
    # Every fact then comes from the registry: the seeded points lose the illustrative mark, the
    # real offices the public source of their name, address and phone; no other field changes.
    assert "0 created, 235 updated, 0 unchanged, 0 deactivated" in result.output
    updated = [line for line in result.output.splitlines() if line.startswith("updated")]
    assert sum(line.endswith("(is_illustrative, sources)") for line in updated) == 220
    assert sum(line.endswith("(sources)") for line in updated) == 15


def test_xlsx_is_validated_the_same_way_with_column_letters(app, runner, tmp_path):
    rows = [dict(r) for r in bad_rows()]
    for row in rows:  # what Excel holds: numbers, not text
        row["lat"] = float(row["lat"].replace(",", ".")) if row["lat"][:2].isdigit() else row["lat"]
        row["lon"] = float(row["lon"])
    path = write(tmp_path, "registry.xlsx", xlsx_bytes(rows))
    before = table_snapshot()
    result = runner.invoke(args=["import-points", path, "--dry-run"])
    assert result.exit_code != 0
    assert "line 3, column lat (J):" in result.output  # after postcode and office_code
    assert "line 5, column unit (D): former Xã Bính Xá was split" in result.output
    assert "line 7, column code (A): point code already used on line 4" in result.output
    assert table_snapshot() == before


def test_xlsx_with_numbers_imports(app, runner, tmp_path):
    rows = good_rows()
    for row in rows:
        row["lat"], row["lon"] = float(row["lat"].replace(",", ".")), float(row["lon"])
    rows[0].update(unit=5977, office_code=240000)  # a code typed as a number loses its leading zero
    path = write(tmp_path, "registry.xlsx", xlsx_bytes(rows))
    result = runner.invoke(args=["import-points", path])
    assert result.exit_code == 0, result.output
    office = db.session.scalar(select(Point).where(Point.code == "BC-240000"))
    assert (office.unit_code, office.office_code, office.postcode) == ("05977", "240000", None)


def test_seeding_again_after_an_import_leaves_the_registry_alone(app, runner, tmp_path):
    path = write(tmp_path, "registry.csv", csv_bytes(good_rows()))
    assert runner.invoke(args=["import-points", path, "--deactivate-missing"]).exit_code == 0
    points_after_import = {k: v for k, v in table_snapshot().items() if k.startswith("point")}
    result = runner.invoke(args=["seed"])  # `make run` seeds on every start
    assert result.exit_code == 0, result.output
    assert {k: v for k, v in table_snapshot().items() if k.startswith("point")} == points_after_import
    assert not directory_is_illustrative()

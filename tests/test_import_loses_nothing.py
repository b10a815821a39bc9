"""An import loses nothing: export /api/points.csv, rename one point, import: its ratings stay and
its old URLs redirect (301, query string kept); an import without --deactivate-missing deactivates
nothing; with it, a missing point answers 410 with its nearest active points. The staff page shows
the counts first and asks for the number of points to deactivate, typed."""
import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cache import stored_version
from app.extensions import db
from app.geo import distance_km
from app.models import Feedback, ImportRun, Point, PointSlug, ScoreAggregate
from app.search import slugify
from app.services.imports import plan_import
from tests.factories import add_feedback, csrf_token, seeded_point
from tests.import_files import csv_bytes, good_rows
from tests.test_import_admin import log_in, upload, uploads  # noqa: F401  (uploads is a fixture)

NEW_NAME = "Bưu cục Đổi Tên Thử"


def exported_rows(client) -> tuple[list[str], list[dict[str, str]]]:
    """The directory as /api/points.csv gives it: its header and its rows."""
    response = client.get("/api/points.csv")
    assert response.status_code == 200
    reader = csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))
    return list(reader.fieldnames), list(reader)


def run_import(runner, tmp_path: Path, columns, rows, *flags: str):
    """`flask import-points` on the rows written as a CSV file."""
    path = tmp_path / "registry.csv"
    path.write_bytes(csv_bytes(rows, columns=columns))
    result = runner.invoke(args=["import-points", str(path), *flags])
    assert result.exit_code == 0, result.output
    return result


def renamed(rows: list[dict[str, str]], code: str, name: str) -> list[dict[str, str]]:
    """The rows with one point's name changed."""
    return [{**row, "name": name} if row["code"] == code else row for row in rows]


def aggregates_of(point_id: int) -> list[tuple]:
    """A point's score aggregates, every quarter and criterion."""
    stmt = select(ScoreAggregate).where(ScoreAggregate.point_id == point_id)
    return sorted((a.quarter, a.criterion, a.count, a.total, a.total_sq) for a in db.session.scalars(stmt))


def feedback_of(point_id: int) -> list[tuple]:
    stmt = select(Feedback.id, Feedback.overall, Feedback.point_id).where(Feedback.point_id == point_id)
    return sorted(db.session.execute(stmt).all())


def active_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Point).where(Point.is_active.is_(True)))


def test_a_renamed_point_keeps_its_ratings_and_its_old_urls_redirect(app, client, runner, tmp_path):
    point = seeded_point(0)
    point_id, old_slug, code = point.id, point.slug, point.code
    for overall in (5, 3):
        add_feedback(point, overall=overall)
    feedback_before, aggregates_before = feedback_of(point_id), aggregates_of(point_id)
    assert len(feedback_before) >= 2 and aggregates_before
    columns, rows = exported_rows(client)
    version = stored_version()

    result = run_import(runner, tmp_path, columns, renamed(rows, code, NEW_NAME))

    new_slug = slugify(NEW_NAME)
    assert re.search(rf"updated +{code} +{NEW_NAME} \(.*name.*slug.*\) /points/{old_slug} -> /points/{new_slug}",
                     result.output), result.output
    point = db.session.get(Point, point_id)
    assert (point.code, point.name, point.slug, point.is_active) == (code, NEW_NAME, new_slug, True)
    assert feedback_of(point_id) == feedback_before and aggregates_of(point_id) == aggregates_before
    history = db.session.get(PointSlug, old_slug)
    assert history is not None and history.point_id == point_id
    assert active_count() == 235 and stored_version() > version

    old = client.get(f"/points/{old_slug}?page=2&x=%C4%91")
    assert old.status_code == 301
    assert old.headers["Location"].endswith(f"/points/{new_slug}?page=2&x=%C4%91")
    page = client.get(f"/points/{new_slug}")
    assert page.status_code == 200 and NEW_NAME in page.get_data(as_text=True)
    for path in ("feedback?src=qr", "qr.svg", "map.js"):
        moved = client.get(f"/points/{old_slug}/{path}")
        assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/points/{new_slug}/{path}")
    assert client.get(f"/points/{new_slug}/qr.svg").status_code == 200
    api = client.get(f"/api/points/{old_slug}")
    assert api.status_code == 301 and api.headers["Location"].endswith(f"/api/points/{new_slug}")
    assert client.get(api.headers["Location"]).get_json()["name"] == NEW_NAME
    assert client.get("/points/no-such-point-ever").status_code == 404


def test_a_rename_back_takes_the_old_slug_back_and_new_points_never_take_a_retired_one(
        app, client, runner, tmp_path):
    point = seeded_point(1)
    point_id, old_name, old_slug, code = point.id, point.name, point.slug, point.code
    columns, rows = exported_rows(client)
    run_import(runner, tmp_path, columns, renamed(rows, code, NEW_NAME))
    run_import(runner, tmp_path, columns, renamed(rows, code, old_name))

    point = db.session.get(Point, point_id)
    new_slug = slugify(NEW_NAME)
    assert old_slug == slugify(old_name) and point.slug == old_slug  # the name's own slug is back
    assert db.session.get(PointSlug, old_slug) is None  # so is no longer history
    assert db.session.get(PointSlug, new_slug).point_id == point_id
    assert client.get(f"/points/{old_slug}").status_code == 200
    back = client.get(f"/points/{new_slug}")
    assert back.status_code == 301 and back.headers["Location"].endswith(f"/points/{old_slug}")

    newcomer = {**rows[0], "code": "NEW-POINT-1", "name": NEW_NAME}  # the retired slug's name
    with app.test_request_context():
        plan = plan_import("new.csv", csv_bytes([newcomer], columns=columns))
    assert plan.ok, plan.issues
    created = next(c for c in plan.changes if c.status == "created")
    assert created.values["slug"] != new_slug and created.values["slug"].startswith(new_slug)


def test_without_the_flag_a_point_missing_from_the_file_stays(app, client, runner, tmp_path):
    columns, rows = exported_rows(client)
    missing = rows[3]
    result = run_import(runner, tmp_path, columns, [r for r in rows if r is not missing])
    assert "0 deactivated" in result.output.splitlines()[1]  # the counts come first
    assert active_count() == 235
    assert client.get(f"/points/{missing['slug']}").status_code == 200
    run = db.session.scalar(select(ImportRun).order_by(ImportRun.id.desc()))
    assert run.deactivated == 0


def nearest_slugs(slug: str, n: int = 5) -> list[str]:
    """The n active points nearest to a point, worked out here on their own."""
    gone = db.session.scalar(select(Point).where(Point.slug == slug))
    others = db.session.scalars(select(Point).where(Point.is_active.is_(True)))
    return [p.slug for p in sorted(others, key=lambda p: distance_km(gone.lat, gone.lon, p.lat, p.lon))[:n]]


def test_with_the_flag_a_missing_point_answers_410_with_its_nearest_points(app, client, runner, tmp_path):
    columns, rows = exported_rows(client)
    missing = rows[3]
    slug = missing["slug"]
    assert client.get(f"/points/{slug}").status_code == 200  # kept in the page cache
    point_id = db.session.scalar(select(Point.id).where(Point.slug == slug))
    add_feedback(db.session.get(Point, point_id), overall=4)
    aggregates_before = aggregates_of(point_id)

    result = run_import(runner, tmp_path, columns, [r for r in rows if r is not missing], "--deactivate-missing")

    assert "Changes: 0 created" in result.output and "1 deactivated." in result.output
    assert "Warning: 1 point(s) will be deactivated" in result.output
    assert active_count() == 234 and aggregates_of(point_id) == aggregates_before
    page = client.get(f"/points/{slug}")
    assert page.status_code == 410
    html = page.get_data(as_text=True)
    assert "Điểm phục vụ này không còn hoạt động." in html and missing["name"] in html
    expected = nearest_slugs(slug)
    links = re.findall(r'<h3 class="point-name"><a href="/points/([^"]+)">', html)
    assert links == expected
    assert html.count('class="distance"') == 5
    assert client.get(f"/points/{slug}/feedback").status_code == 410
    token = csrf_token(client, f"/points/{expected[0]}/feedback")
    before = db.session.scalar(select(func.count()).select_from(Feedback))
    assert client.post(f"/points/{slug}/feedback", data={"csrf_token": token, "overall": "5"}).status_code == 410
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == before
    api = client.get(f"/api/points/{slug}")
    assert api.status_code == 410
    assert api.get_json()["nearest"] == expected and api.get_json()["error"] == 410
    assert client.get(f"/points/{slug}/qr.svg").status_code == 410


def test_the_web_import_shows_the_counts_first_and_asks_for_the_number_to_deactivate(
        app, client, uploads):  # noqa: F811
    log_in(client)
    form_page = client.get("/admin/import/").get_data(as_text=True)
    checkbox = re.search(r'<input[^>]*name="deactivate_missing"[^>]*>', form_page)[0]
    assert "checked" not in checkbox and "Ngừng hoạt động các điểm không có trong tệp" in form_page
    rows = good_rows()
    missing_name = db.session.scalar(select(Point.name).where(Point.code != "BC-240000").order_by(Point.id))

    preview_url = upload(client, csv_bytes(rows), deactivate_missing=True).headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert page.index('<dl class="import-counts">') < page.index("<table")
    assert "<dt>Ngừng hoạt động</dt><dd>234</dd>" in page
    assert "Cảnh báo: 234 điểm đang hoạt động sẽ ngừng hoạt động." in page
    assert re.search(r"<details>\s*<summary>", page) and missing_name in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]

    for typed in ("", "233", "hai trăm"):
        refused = client.post(preview_url, data={"csrf_token": token, "deactivated_count": typed})
        assert refused.status_code == 400
        assert "khác số điểm sẽ ngừng hoạt động (234): chưa nhập gì." in refused.get_data(as_text=True)
    assert active_count() == 235 and db.session.scalar(select(func.count()).select_from(ImportRun)) == 0

    done = client.post(preview_url, data={"csrf_token": token, "deactivated_count": " 234 "})
    assert done.status_code == 303
    result = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "<dt>Ngừng hoạt động</dt><dd>234</dd>" in result and "<dt>Thêm mới</dt><dd>4</dd>" in result
    assert "234 điểm đã ngừng hoạt động" in result
    assert active_count() == 4


def test_the_web_import_without_the_box_deactivates_nothing_and_asks_for_no_number(app, client, uploads):  # noqa: F811
    log_in(client)
    preview_url = upload(client, csv_bytes(good_rows())).headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert "<dt>Ngừng hoạt động</dt><dd>0</dd>" in page and "Cảnh báo" not in page
    assert 'name="deactivated_count"' not in page
    assert "Các điểm không có trong tệp được giữ nguyên." in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert client.post(preview_url, data={"csrf_token": token}).status_code == 303
    assert active_count() == 235 + 3  # four new points, one of them marked inactive in the file


@pytest.mark.parametrize("deactivate", [False, True])
def test_the_service_deactivates_only_when_asked(app, deactivate):
    with app.test_request_context():
        plan = plan_import("registry.csv", csv_bytes(good_rows()[:2]), deactivate_missing=deactivate)
    assert plan.ok
    assert plan.counts["deactivated"] == (234 if deactivate else 0)
    assert len(plan.deactivated) == plan.counts["deactivated"]

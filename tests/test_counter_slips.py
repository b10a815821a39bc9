"""Counter slips (trust acceptance 3): `flask visit-codes` prints one-time links on SITE_URL; a
link gives one verified rating, not held by the network cap; spent, expired or another point's, it
gets a clear page and nothing is counted; the API and the GeoJSON show the verified count; staff
print a sheet of slips."""
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select, update

from app.clock import utcnow
from app.extensions import db
from app.models import Feedback, VisitCode
from app.services.visit_codes import token_hash
from tests.factories import aggregate, csrf_from, form_data, seeded_point


def slip_links(runner, slug: str, n: int = 3) -> list[str]:
    result = runner.invoke(args=["visit-codes", slug, "-n", str(n)])
    assert result.exit_code == 0, result.output
    links = result.output.split()
    assert len(links) == n and len(set(links)) == n
    return links


def local(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def rate_through(client, link: str, **fields):
    form = client.get(local(link))
    if form.status_code != 200 or 'name="overall"' not in form.get_data(as_text=True):
        return form
    data = {"csrf_token": csrf_from(form.get_data(as_text=True)),
            "slip": parse_qs(urlsplit(link).query)["slip"][0], **form_data(**fields)}
    return client.post(urlsplit(link).path, data=data)


def test_a_slip_gives_one_verified_rating_and_is_spent(app, runner):
    point = seeded_point()
    link = slip_links(runner, point.slug, 1)[0]
    assert link.startswith(f"{app.config['SITE_URL']}/points/{point.slug}/feedback?slip=")
    assert db.session.scalar(select(func.count()).select_from(VisitCode)) == 1
    assert link.split("slip=")[1] not in str(db.session.scalar(select(VisitCode.token_hash)))  # only a hash kept
    page = app.test_client().get(local(link)).get_data(as_text=True)
    assert "Đã xác minh tại quầy" in page
    assert rate_through(app.test_client(), link).status_code == 303
    feedback = db.session.scalars(select(Feedback).where(Feedback.point_id == point.id)).one()
    assert feedback.verified and feedback.rating_status == "counted"
    again = app.test_client().get(local(link))
    assert again.status_code == 410 and "Phiếu đánh giá này đã được dùng" in again.get_data(as_text=True)
    assert aggregate(point.id) == (1, 5.0)
    detail = app.test_client().get(f"/api/points/{point.slug}").get_json()
    assert (detail["ratings"], detail["verified"]) == (1, 1)
    features = app.test_client().get("/api/points.geojson").get_json()["features"]
    assert next(f for f in features if f["properties"]["slug"] == point.slug)["properties"]["verified"] == 1


def test_a_form_opened_twice_from_one_slip_counts_once(app, runner):
    point = seeded_point()
    link = slip_links(runner, point.slug, 1)[0]
    first, second = app.test_client(), app.test_client()
    forms = [c.get(local(link)).get_data(as_text=True) for c in (first, second)]  # two phones, one slip
    token = parse_qs(urlsplit(link).query)["slip"][0]
    answers = [c.post(urlsplit(link).path, data={"csrf_token": csrf_from(f), "slip": token, **form_data()})
               for c, f in zip((first, second), forms)]
    assert [a.status_code for a in answers] == [303, 410]
    assert aggregate(point.id)[0] == 1


def test_an_expired_or_foreign_slip_gets_a_clear_page_and_counts_nothing(app, runner):
    point, other = seeded_point(0), seeded_point(1)
    expired, foreign = slip_links(runner, point.slug, 2)
    expired_hash = token_hash(parse_qs(urlsplit(expired).query)["slip"][0])
    db.session.execute(update(VisitCode).where(VisitCode.token_hash == expired_hash)
                       .values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    page = app.test_client().get(local(expired))
    assert page.status_code == 410 and "Phiếu đánh giá này đã hết hạn" in page.get_data(as_text=True)
    wrong_point = local(foreign).replace(point.slug, other.slug)
    page = app.test_client().get(wrong_point)
    assert page.status_code == 404 and "Không nhận ra phiếu đánh giá này" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 0


def test_slips_are_not_held_by_the_network_cap(app, runner):
    point = seeded_point()
    links = slip_links(runner, point.slug, 6)  # a busy counter's Wi-Fi: every slip rated from it
    for link in links:
        assert rate_through(app.test_client(), link).status_code == 303
    assert aggregate(point.id)[0] == 6


def test_staff_print_a_sheet_of_slips(app, admin_client):
    point = seeded_point()
    page = admin_client.get(f"/admin/points/{point.slug}/slips").get_data(as_text=True)
    response = admin_client.post(f"/admin/points/{point.slug}/slips",
                                 data={"csrf_token": csrf_from(page), "count": "14"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert html.count('class="slip"') == 14 and html.count('class="slip-sheet"') == 2
    assert html.count("data:image/svg+xml;base64,") == 14
    assert db.session.scalar(select(func.count()).select_from(VisitCode)) == 14

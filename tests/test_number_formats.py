"""Numbers, plurals, dates and names as a reader sees them: counts agree with their noun in English,
decimals follow the language (a comma in Vietnamese), the public score has one decimal, and the
two former commune names corrected in data/lang_son_legacy_units.csv read as written."""
import re
from datetime import timedelta

from sqlalchemy import select

from app.clock import current_quarter, utcnow
from app.extensions import db
from app.models import FormerCommune, Point
from tests.admin_factories import insert_feedback_row, ratings, rebuild_aggregates
from tests.factories import add_feedback, make_point
from tests.page_text import visible_text

DOT_DECIMAL = re.compile(r"\d\.\d")


def quality_block(html: str) -> str:
    start = html.index('<section id="quality"')
    return html[start:html.index("</section>", start)]


def english_page(client, path: str) -> str:
    client.set_cookie("lang", "en")
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_one_rating_is_singular_in_english(client, app):
    point = make_point()
    add_feedback(point, overall=5)
    block = quality_block(english_page(client, f"/points/{point.slug}"))
    assert "(1 rating in 12 months)" in block and "1 ratings" not in block
    assert "out of 1 rating;" in block  # the satisfaction share, on the same single rating


def test_two_ratings_are_plural_in_english_and_vietnamese_has_one_form(client, app):
    point = make_point()
    add_feedback(point, overall=5)
    add_feedback(point, overall=4)
    block = quality_block(english_page(client, f"/points/{point.slug}"))
    assert "(2 ratings in 12 months)" in block and "out of 2 ratings;" in block
    client.set_cookie("lang", "vi")
    vietnamese = quality_block(client.get(f"/points/{point.slug}").get_data(as_text=True))
    assert "(2 đánh giá trong 12 tháng)" in vietnamese


def test_the_public_score_has_one_decimal_written_with_a_comma(client, app):
    good, poor = make_point(), make_point()
    for value in (5, 5, 5, 4, 4):
        add_feedback(good, overall=value, factors={"staff": 5})
    for value in (1, 2, 2, 3, 2):
        add_feedback(poor, overall=value)
    # Province mean 3.3, m = 10: (23 + 33) / 15 = 3.7333, shown to one decimal.
    block = quality_block(client.get(f"/points/{good.slug}").get_data(as_text=True))
    assert '<strong class="score-value">3,7/5</strong>' in block
    assert not re.search(r"\d,\d\d/5", block) and not DOT_DECIMAL.search(" ".join(visible_text(block)))
    # Places and scores are told apart: the criteria table's column says "Điểm số".
    assert '<th scope="col">Điểm số</th>' in block and '<th scope="col">Điểm</th>' not in block
    staff_row = re.search(r'<th scope="row">Giao dịch viên</th>\s*<td>(.*?)</td>', block)
    assert staff_row.group(1) == "5,0"
    english = quality_block(english_page(client, f"/points/{good.slug}"))
    assert '<strong class="score-value">3.7/5</strong>' in english and '<th scope="col">Score</th>' in english


def test_staff_pages_write_vietnamese_decimals_with_a_comma(admin_client, app):
    point = db.session.scalars(select(Point).where(Point.is_active.is_(True)).order_by(Point.id)).first()
    ratings(point, [4, 4, 4, 3, 4, 4, 3, 4, 4], current_quarter(), access=3, staff=5)
    rebuild_aggregates()
    page = admin_client.get(f"/admin/points/{point.slug}").get_data(as_text=True)
    texts = visible_text(page)
    assert [t for t in texts if DOT_DECIMAL.search(t)] == []
    assert any(re.fullmatch(r"[1-5],\d\d", t) for t in texts)  # a criterion's score, e.g. 3,77
    assert any(re.fullmatch(r"[1-5],\d\d – [1-5],\d\d", t) for t in texts)  # its 95% interval
    assert "9 đánh giá" in texts
    visit = re.search(r"Ngày giao dịch (\S+)", " ".join(texts)).group(1)
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", visit)  # dd/mm/yyyy
    overview = visible_text(admin_client.get("/admin/").get_data(as_text=True))
    assert [t for t in overview if DOT_DECIMAL.search(t)] == []
    assert any(re.fullmatch(r"[1-5],\d\d/5", t) for t in overview)  # the province mean


def test_staff_counts_agree_with_their_noun_in_english(admin_client, app):
    point = db.session.scalars(select(Point).where(Point.is_active.is_(True)).order_by(Point.id)).first()
    ratings(point, [4])
    rebuild_aggregates()
    texts = visible_text(english_page(admin_client, f"/admin/points/{point.slug}"))
    assert "1 rating" in texts and "1 ratings" not in texts


def test_reply_delays_are_written_in_the_readers_language(client, app):
    point = db.session.scalars(select(Point).where(Point.is_active.is_(True)).order_by(Point.id)).first()
    now = utcnow()
    for hours in (2, 3):
        feedback = insert_feedback_row(point, 4, comment="Ổn", created_at=now - timedelta(hours=hours))
        feedback.reply_text, feedback.replied_at = "Cảm ơn", now
    db.session.commit()
    vietnamese = visible_text(client.get("/minh-bach").get_data(as_text=True))
    assert "2,5 giờ" in vietnamese  # the median of 2 h and 3 h
    assert "2.5 hours" in visible_text(english_page(client, "/minh-bach"))


def test_corrected_former_commune_names(client, app):
    names = dict(db.session.execute(select(FormerCommune.code, FormerCommune.name)).all())
    assert names["06337"] == "Xã Đồng Ý" and names["06616"] == "Thị trấn Nông trường Thái Bình"
    html = client.get("/points?q=dong y").get_data(as_text=True)
    assert "Đồng Ý" in html and "Đồng ý" not in html
    farm_town = client.get("/points?q=nông trường thái bình").get_data(as_text=True)
    in_thai_binh = db.session.scalars(select(Point.slug).where(Point.unit_code == "06616")).all()
    assert in_thai_binh and all(f"/points/{slug}" in farm_town for slug in in_thai_binh)
    # People still write the old short form.
    short_form = client.get("/points?q=NT Thái Bình").get_data(as_text=True)
    assert all(f"/points/{slug}" in short_form for slug in in_thai_binh)

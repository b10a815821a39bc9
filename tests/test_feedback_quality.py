"""The quality block: Bayesian scores toward the province mean, counts, criteria, comments, pages."""
import re
from datetime import timedelta

from flask_babel import refresh

from app.extensions import db
from app.queries.quality import point_quality
from app.clock import utcnow
from tests.factories import add_feedback, make_point


def quality_html(client, point) -> str:
    html = client.get(f"/points/{point.slug}/feedback").get_data(as_text=True)
    return html[html.index('<section id="quality"'):html.index("</section>", html.index('<section id="quality"'))]


def test_below_the_minimum_the_count_shows_without_a_score(client, app):
    point = make_point()
    for _ in range(4):
        add_feedback(point, overall=5)
    block = quality_html(client, point)
    assert "Chưa đủ đánh giá" in block and "4 đánh giá trong 12 tháng" in block
    assert "/5</strong>" not in block
    assert point_quality(point)["overall"].value is None


def test_scores_pull_toward_the_province_mean_as_computed_by_hand(client, app):
    good, poor = make_point(), make_point()
    for value in (5, 5, 5, 4, 4):
        add_feedback(good, overall=value, factors={"staff": 5})
    for value in (1, 2, 2, 3, 2):
        add_feedback(poor, overall=value)
    # Province mean C = 33/10 = 3.3, m = 10: good (23 + 33)/15 = 3.7333, poor (10 + 33)/15 = 2.8667.
    assert point_quality(good)["overall"].value == 3.73
    assert point_quality(poor)["overall"].value == 2.87
    block = quality_html(client, good)
    assert "<strong class=\"score-value\">3,7/5</strong>" in block  # public pages: one decimal
    assert "5 đánh giá trong 12 tháng" in block
    staff = re.search(r"<th scope=\"row\">Giao dịch viên</th>\s*<td>(.*?)</td>\s*<td>(\d+)</td>", block)
    assert staff.groups() == ("5,0", "5")  # every staff rating of the province is this point's: C = 5
    access = re.search(r"<th scope=\"row\">Tiếp cận dịch vụ</th>\s*<td>(.*?)</td>\s*<td>(\d+)</td>", block)
    assert access.groups() == ("Chưa đủ đánh giá", "0")
    refresh()  # the test's app context outlives the request: forget the Vietnamese locale
    english = client.get(f"/points/{good.slug}/feedback?lang=en").get_data(as_text=True)
    assert "3.7/5" in english and "5 ratings in 12 months" in english


def test_published_comments_newest_first_with_replies_and_nothing_held(client, app):
    point = make_point()
    now = utcnow()
    older = add_feedback(point, comment="Ý kiến cũ hơn", now=now - timedelta(days=2))
    add_feedback(point, comment="Ý kiến mới nhất", now=now - timedelta(hours=1))
    add_feedback(point, comment="Liên hệ 0912 345 678 để mua hàng", now=now)  # held: a phone number
    older.reply_text = "Cảm ơn bạn, bưu điện đã bổ sung ghế chờ."
    db.session.commit()
    block = quality_html(client, point)
    assert block.index("Ý kiến mới nhất") < block.index("Ý kiến cũ hơn")
    reply_at = block.index("Cảm ơn bạn, bưu điện đã bổ sung ghế chờ.")
    assert block.index("Ý kiến cũ hơn") < reply_at
    assert "0912" not in block
    assert "3 đánh giá trong 12 tháng" in block  # the held one counts


def test_comments_are_paginated_with_a_working_more_link(client, app):
    point = make_point()
    now = utcnow()
    for n in range(12):
        add_feedback(point, comment=f"Ý kiến số {n:02d}", now=now - timedelta(minutes=n))
    block = quality_html(client, point)
    assert block.count('class="comment"') == 10 and "Ý kiến số 10" not in block
    more = re.search(r'<a href="([^"]+)" hx-get="([^"]+)" hx-target="#comments-more" hx-swap="outerHTML">', block)
    assert more.group(1) == more.group(2) == f"/points/{point.slug}/comments?page=2"
    page = client.get(more.group(1))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<html" in html and "Ý kiến số 10" in html and "Ý kiến số 11" in html and "Ý kiến số 09" not in html
    assert "comments-more" not in html and f"/points/{point.slug}/comments?page=1" in html
    fragment = client.get(more.group(1), headers={"HX-Request": "true", "HX-Target": "comments-more"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and body.count('class="comment"') == 2
    assert "HX-Request" in fragment.headers["Vary"]


def test_point_quality_keeps_its_keys(app):
    point = make_point()
    add_feedback(point, overall=3, comment="Tạm được")
    quality = point_quality(point, page=1)
    assert {"overall", "count", "comments", "page", "criteria", "has_more"} <= set(quality)
    assert quality["count"] == 1 and quality["page"] == 1 and len(quality["criteria"]) == 5
    assert [fb.comment for fb in quality["comments"]] == ["Tạm được"]

"""Personal data in comments (Law 91/2025/QH15): an ID number, a phone in any disguise, a person's
name next to a staff title and a person's health wait for a moderator; ordinary comments do not."""
import re
import unicodedata

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Feedback
from app.moderation_rules import (
    REASON_EMAIL, REASON_HEALTH, REASON_ID_NUMBER, REASON_PERSON_NAME, REASON_PHONE, hold_reason,
    hold_reasons,
)
from app.personal_mentions import describes_health, names_a_person, place_names
from tests.factories import htmx_headers, post_feedback, seeded_point

HELD = [
    # ID numbers: the 12-digit CCCD however written, the 9-digit CMND when it is introduced
    ("Tôi nộp hồ sơ cấp đổi, số CCCD 020185001234 mà chờ cả tuần", REASON_ID_NUMBER),
    ("CCCD của tôi: 020 185 001 234, nhờ kiểm tra giúp hồ sơ", REASON_ID_NUMBER),
    ("Căn cước 020.185.001.234 bị nhập sai ngày sinh", REASON_ID_NUMBER),
    ("Làm lại thẻ cho mẹ, số 020-185-001-234, hẹn 7 ngày", REASON_ID_NUMBER),
    ("số định danh không hai không một tám năm không không một hai ba bốn", REASON_ID_NUMBER),
    ("mã O2O185OOl234 bị từ chối, nhân viên không giải thích", REASON_ID_NUMBER),
    ("so cccd cua toi la 020185001234 nhe", REASON_ID_NUMBER),
    ("CMND số 082345678 hết hạn mà vẫn được nhận hồ sơ", REASON_ID_NUMBER),
    ("chứng minh nhân dân: 08 23 45 678", REASON_ID_NUMBER),
    # phones written past a filter
    ("Ai cần gửi hàng gọi em 0 9 1 2 . 3 4 5 . 6 7 8", REASON_PHONE),
    ("liên hệ (+84) 912-345-678 để được giá tốt", REASON_PHONE),
    ("zalo: không chín một hai, ba bốn năm, sáu bảy tám", REASON_PHONE),
    ("sdt khong chin 1 2 ba 4 5 sau 7 8", REASON_PHONE),
    ("ko chín một hai 345 678 gọi là có", REASON_PHONE),
    ("gọi ０９１２３４５６７８", REASON_PHONE),
    ("0️⃣9️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣ nhận ship", REASON_PHONE),
    ("số 0912_345_678 bán sim", REASON_PHONE),
    ("máy bàn bưu cục (0205) 3.870.123 không ai nghe", REASON_PHONE),
    ("nhắn 84 912 345 678 nhé", REASON_PHONE),
    ("không chín một hai - ba bốn lăm - sáu bẩy tám", REASON_PHONE),
    ("zero nine one two three four five six seven eight", REASON_PHONE),
    # a person named next to a staff title (or a full name with Văn/Thị)
    ("Chị Nguyễn Thị Lan ở quầy số 2 rất nhiệt tình", REASON_PERSON_NAME),
    ("Cảm ơn anh Hùng đã giao hàng tận nhà", REASON_PERSON_NAME),
    ("GDV Trần Văn Nam làm việc chậm, thái độ không tốt", REASON_PERSON_NAME),
    ("nhân viên tên Mai hướng dẫn rất kỹ", REASON_PERSON_NAME),
    ("Em Thảo ở quầy chi trả lương hưu rất chu đáo", REASON_PERSON_NAME),
    ("trưởng bưu cục Hoàng Văn Dũng không giải quyết khiếu nại", REASON_PERSON_NAME),
    ("Chú bưu tá Tuấn giao hàng đúng hẹn", REASON_PERSON_NAME),
    ("Hôm qua cô Vi Thị Hoa hướng dẫn tôi làm thủ tục", REASON_PERSON_NAME),
    ("Số tiền 1.250.000 đồng nhận đủ, cảm ơn em Hằng", REASON_PERSON_NAME),
    ("Nguyễn Văn Bình ở quầy 1 rất tận tình", REASON_PERSON_NAME),
    ("cam on chi Lan nhieu", REASON_PERSON_NAME),
    ("Chị ấy tên là Lăng Thị Huyền, làm sai hồ sơ của tôi", REASON_PERSON_NAME),
    # a person's health
    ("Mẹ tôi bị ung thư nên tôi nhận lương hưu thay, mong bưu điện thông cảm", REASON_HEALTH),
    ("Nhân viên đang mang thai mà vẫn phải đứng quầy cả ngày", REASON_HEALTH),
    ("Bố tôi bị tai biến, đi lại khó khăn nên nhờ nhận hộ", REASON_HEALTH),
    ("Con tôi bị khuyết tật, nhân viên đã hỗ trợ tận tình", REASON_HEALTH),
    ("Ông tôi đang nằm viện nên ủy quyền cho tôi nhận tiền", REASON_HEALTH),
    ("Tôi là bệnh nhân chạy thận, mong được ưu tiên", REASON_HEALTH),
    ("anh ấy bị nhiễm HIV mà bị nói xấu", REASON_HEALTH),
    ("me toi bi tieu duong nen di lai kho", REASON_HEALTH),
    ("Bà tôi mắc bệnh tâm thần, nhân viên vẫn kiên nhẫn", REASON_HEALTH),
]

INNOCENT = [
    "Nhân viên nhiệt tình, hướng dẫn kỹ, cảm ơn bưu điện!",
    "Anh ở Bắc Sơn lên đây gửi hàng cũng nhanh",
    "Nhân viên Bưu điện Chi Lăng phục vụ tốt",
    "Cán bộ Bưu điện Văn hóa xã Hữu Liên rất nhiệt tình",
    "Các anh chị Bắc Sơn làm việc nhanh, gọn",
    "Tôi nhờ bưu tá Lộc Bình mang hồ sơ về, rất tiện",
    "Cảm ơn chị. Bưu điện phục vụ tốt",
    "Cảm ơn em Chúc bưu điện ngày càng phát triển",
    "Điểm giao dịch gần bệnh viện đa khoa tỉnh, rất tiện",
    "Nên ưu tiên người già, phụ nữ mang thai và người khuyết tật",
    "Nhận tiền trợ cấp người khuyết tật đúng hẹn, cảm ơn",
    "Mã vận đơn EB123456789VN, giao đúng hẹn",
    "Gửi tiết kiệm 1.500.000 đồng, lãi 2.000.000.000 thì tốt",
    "Đi đường Bà Triệu rẽ trái là tới bưu điện",
    "Tôi nhận lương hưu ngày 05/10/2025 lúc 7h30, chờ 15 phút",
    "Bưu điện Đồng Đăng mở cửa 7:00 - 17:00, thứ 7 làm nửa ngày",
    "Điện thoại bưu cục gọi không ai nghe",
    "Gửi hồ sơ làm căn cước cho con, 5 ngày có kết quả",
    "Làm CCCD gắn chip cho 12 người trong thôn rất nhanh",
    "Làm theo lời Bác Hồ dạy, cán bộ phục vụ nhân dân tận tình",
    "Chị em trong thôn đều khen bưu điện",
    "Ông bà tôi ở Văn Quan được nhận lương hưu tại nhà",
    "Nhân viên Viettel Post cũng nhanh như bưu điện",
    "Giám đốc Bưu điện tỉnh nên xem lại giờ mở cửa",
    "Nhân viên Trung tâm Phục vụ hành chính công hướng dẫn kỹ",
    "Gọi tổng đài 1900 54 54 81 được hướng dẫn rất rõ",
    "Quầy số 01, 02 và 03 đều mở, không phải chờ",
    "Thái độ phục vụ tốt, anh Bưu tá vui vẻ",
    "Tôi bị từ chối nhận hồ sơ vì thiếu giấy khám bệnh",
    "Cảm ơn Bưu điện tỉnh Lạng Sơn đã hỗ trợ bà con Tràng Định",
    "Nhân viên ở Hoàng Văn Thụ làm việc nhanh",
    "Các anh Na Sầm giao hàng đúng hẹn",
]


@pytest.mark.parametrize("text, reason", HELD)
def test_personal_data_waits_for_review(text, reason):
    assert reason in hold_reasons(text), hold_reasons(text)
    assert reason in hold_reason(text).split(";")


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_comments_are_published(text):
    assert hold_reason(text) is None, hold_reasons(text)


def test_the_corpus_is_large_and_mixed():
    assert len(HELD) + len(INNOCENT) >= 30 and len(INNOCENT) >= 15
    reasons = {REASON_ID_NUMBER, REASON_PHONE, REASON_PERSON_NAME, REASON_HEALTH}
    assert {reason for _, reason in HELD} == reasons


def test_an_id_number_is_not_also_reported_as_a_phone():
    assert hold_reasons("CCCD 020185001234") == [REASON_ID_NUMBER]
    assert hold_reasons("cccd và sđt 0912345678") == [REASON_PHONE]  # ten digits: a phone


def test_a_bare_twelve_digit_number_must_start_like_a_cccd():
    assert REASON_ID_NUMBER in hold_reasons("số 001 085 012 345")
    assert hold_reason("đơn hàng 123456789012 giao đúng hẹn") is None


def test_decomposed_text_is_read_as_composed():
    assert hold_reasons(unicodedata.normalize("NFD", "Cảm ơn chị Nguyễn Thị Lan")) == [REASON_PERSON_NAME]
    assert hold_reasons(unicodedata.normalize("NFD", "Mẹ tôi bị ung thư")) == [REASON_HEALTH]


def test_a_name_needs_a_capital_and_no_break_after_the_title():
    assert not names_a_person("cảm ơn anh hùng")
    assert not names_a_person("Cảm ơn anh\nHùng")
    assert not names_a_person("Cảm ơn anh, Hùng")
    assert names_a_person("Cảm ơn anh Hùng")


def test_place_names_come_from_both_unit_lists_without_prefixes():
    places = place_names()
    assert {"bac son", "hoang van thu", "chi lang", "that khe", "lang son"} <= places
    assert not any(name.startswith(("xa ", "phuong ", "thi tran ")) for name in places)
    assert place_names() is places  # read once


def test_health_needs_a_person_it_is_told_of():
    assert not describes_health("Lối đi cho người khuyết tật chưa có")
    assert describes_health("Chị ấy khuyết tật nên đi lại khó")
    assert not describes_health("Gần bệnh viện, có chỗ để xe")


def test_several_personal_reasons_are_joined():
    text = "Chị Lan nói mẹ tôi bị ung thư, số 0912345678, mail lan@example.vn"
    assert hold_reason(text) == f"{REASON_EMAIL};{REASON_PHONE};{REASON_PERSON_NAME};{REASON_HEALTH}"


def stored_comment(point, text: str) -> Feedback:
    return db.session.scalars(select(Feedback).where(Feedback.point_id == point.id,
                                                     Feedback.comment == text)).one()


WAITS = "đang chờ kiểm duyệt trước khi công bố"


@pytest.mark.parametrize("text, reason", [
    ("Số CCCD 020 185 001 234 bị nhập sai, mong xem lại", REASON_ID_NUMBER),
    ("Cần ship gọi không chín 1 2 . ba 4 5 . sáu 7 8", REASON_PHONE),
])
def test_personal_data_is_held_from_the_point_page(client, app, text, reason):
    point = seeded_point()
    response = post_feedback(client, point.slug, overall="3", comment=text)
    assert response.status_code == 303 and "comment=held" in response.headers["Location"]
    stored = stored_comment(point, text)
    assert stored.comment_status == "held" and reason in stored.hold_reason.split(";")
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert WAITS in thanks and text not in thanks
    assert text not in client.get(f"/points/{point.slug}").get_data(as_text=True)
    assert text not in client.get(f"/points/{point.slug}/comments").get_data(as_text=True)


def test_the_htmx_thanks_says_the_comment_waits(client, app):
    point = seeded_point()
    response = post_feedback(client, point.slug, headers=htmx_headers(), comment="Cảm ơn chị Hoàng Thị Mai")
    assert response.status_code == 200 and WAITS in response.get_data(as_text=True)


def test_an_innocent_comment_is_published(client, app):
    point = seeded_point()
    text = "Nhân viên Bưu điện Chi Lăng hướng dẫn kỹ, chờ 10 phút"
    response = post_feedback(client, point.slug, overall="5", comment=text)
    assert "comment=published" in response.headers["Location"]
    assert stored_comment(point, text).comment_status == "published"
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ý kiến của bạn đã được công bố." in thanks and WAITS not in thanks
    assert text in client.get(f"/points/{point.slug}/comments").get_data(as_text=True)


def test_the_form_asks_for_no_personal_data_next_to_the_comment(client, app):
    html = client.get(f"/points/{seeded_point().slug}/feedback").get_data(as_text=True)
    note = ('<p class="hint field-note" id="comment-note">'
            'Không ghi họ tên, số CCCD, số điện thoại vào ý kiến.</p>')
    box = re.search(r'<textarea[^>]*name="comment"[^>]*>', html).group(0)
    assert note in html and html.index(note) < html.index(box)  # said before sending, by the box
    assert 'aria-describedby="comment-hint comment-note"' in box

"""flask send-digest: a real SMTP server (aiosmtpd on 127.0.0.1) receives each staff member's
digest; the links in it open, for that member signed in, the staff page where the work waits."""
import re
import socket
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from urllib.parse import urldefrag

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from app.clock import VN_TZ, today_local, utcnow
from app.extensions import db
from app.models import PrivacyRequest
from tests.admin_factories import insert_feedback_row, login, make_staff, points

ADMIN, REVIEWER, RETIRED = "quan.tri@buudien.test", "kiem.duyet@buudien.test", "da.nghi@buudien.test"
CONTACT = "0912 345 678"
COMMENT = "Chị Lan ở quầy số 2 trả lời cộc lốc, tôi chờ 40 phút"
REQUEST_DETAILS = "Tôi là Nguyễn Văn An, xin xóa ý kiến"
LINK = re.compile(r'https?://[^\s"<>]+')


class Mailbox:
    """What the SMTP server accepted (each message with its envelope recipients and the sign-in it
    came with), and the recipients it refuses."""

    def __init__(self):
        self.messages, self.refuse, self.logins = [], set(), []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        """Refuse the addresses in `refuse`, accept the others."""
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        """Keep the message as received."""
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((tuple(envelope.rcpt_tos), message))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        """Accept the configured account, and note it."""
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"mat-khau-smtp")

    def by_recipient(self) -> dict:
        """Each message by its one recipient."""
        return {to: message for (to,), message in self.messages}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(app, monkeypatch):
    """A real SMTP server on a free loopback port, and the app's mail settings pointing at it."""
    box = Mailbox()
    port = free_port()
    # AUTH offered on plain SMTP (auth_require_tls off), as a relay on the same host may: the test
    # checks MAIL_USERNAME and MAIL_PASSWORD are used without setting up TLS.
    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=box.authenticate,
                            auth_require_tls=False)
    controller.start()
    for name, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False,
                        "MAIL_USERNAME": "digest", "MAIL_PASSWORD": "mat-khau-smtp",
                        "MAIL_FROM": "Bưu điện tỉnh Lạng Sơn <khong-tra-loi@buudien.test>"}.items():
        monkeypatch.setitem(app.config, name, value)
    yield box
    controller.stop()


def fix_today(app, monkeypatch, day: date) -> None:
    """Set the clock to 6 o'clock, Vietnam time, on `day` (when the daily timer runs)."""
    moment = datetime(day.year, day.month, day.day, 6, tzinfo=VN_TZ)
    monkeypatch.setitem(app.config, "CLOCK", lambda: moment)


def staff() -> None:
    make_staff(ADMIN, "admin")
    make_staff(REVIEWER, "reviewer")
    retired = make_staff(RETIRED, "reviewer")
    retired.active = False
    db.session.commit()


def waiting_work():
    """A held comment, a complaint (one of them with a contact), a held burst, a privacy request."""
    first, second, third = points(3)
    held = insert_feedback_row(first, 1, comment=COMMENT, status="held", hold_reason="phone", contact=CONTACT)
    complaint = insert_feedback_row(second, 2, comment="Phục vụ chậm.", contact=CONTACT)
    insert_feedback_row(second, 5, comment="Rất tốt.")  # praise: nothing to answer
    for _ in range(3):
        insert_feedback_row(third, 5, rating_status="held", rating_hold="burst", network_hash="net-1")
    db.session.flush()
    request = PrivacyRequest(reference_hash="r" * 64, feedback_id=complaint.id, kind="erase_comment",
                             details=REQUEST_DETAILS, reply_due=today_local() + timedelta(days=2),
                             complete_due=today_local() + timedelta(days=14))
    db.session.add(request)
    db.session.commit()
    return {"held": held, "complaint": complaint, "burst_point": third, "request": request}


def subject(message) -> str:
    """The subject as a mail client shows it (the encoded header is folded after "Subject:")."""
    return message["Subject"].strip()


def bodies(message) -> tuple[str, str]:
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


def signed_in_client(app, email):
    client = app.test_client()
    assert login(client, email).status_code == 303
    return client


def test_each_member_gets_what_they_may_act_on_with_links_that_open(app, runner, mailbox):
    staff()
    work = waiting_work()
    result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 0, result.output
    received = mailbox.by_recipient()
    assert sorted(received) == [REVIEWER, ADMIN]  # the inactive account gets nothing
    assert mailbox.logins and set(mailbox.logins) == {("digest", "mat-khau-smtp")}
    assert f"Sent to {ADMIN}: 1 comment(s) to moderate, 2 complaint(s) to answer (0 overdue), " \
           f"3 held rating(s), 1 privacy request(s) (0 overdue)." in result.output
    assert f"Sent to {REVIEWER}: 1 comment(s) to moderate, 2 complaint(s) to answer (0 overdue), " \
           f"3 held rating(s), 0 privacy request(s)" in result.output
    admin_mail, reviewer_mail = received[ADMIN], received[REVIEWER]
    moderation = "1 ý kiến chờ duyệt, 2 phản ánh chờ trả lời, 3 đánh giá đang giữ lại"
    assert subject(admin_mail).endswith(f": {moderation}, 1 yêu cầu về dữ liệu cá nhân")
    assert subject(reviewer_mail).endswith(f": {moderation}")
    assert "khong-tra-loi@buudien.test" in admin_mail["From"]
    for email, message in received.items():
        text, html = bodies(message)
        raw = message.as_string()
        for private in (CONTACT, "0912345678", COMMENT, "Phục vụ chậm.", REQUEST_DETAILS):
            assert private not in text and private not in html and private not in raw
        links = set(LINK.findall(text)) | set(LINK.findall(html))
        assert links and all(link.startswith(app.config["SITE_URL"] + "/admin/") for link in links)
        assert set(LINK.findall(text)) == set(LINK.findall(html))
        client = signed_in_client(app, email)
        for link in links:
            url, anchor = urldefrag(link)
            response = client.get(url)
            assert response.status_code == 200, (email, link)
            if anchor:
                assert f'id="{anchor}"' in response.get_data(as_text=True), (email, link)
    admin_text, _ = bodies(admin_mail)
    assert f"#fb-{work['complaint'].id}" in admin_text and f"#fb-{work['held'].id}" in admin_text
    assert f"/admin/privacy#request-{work['request'].id}" in admin_text
    assert work["burst_point"].name in admin_text and "Xóa ý kiến đã viết" in admin_text
    reviewer_text, _ = bodies(reviewer_mail)
    assert "/admin/privacy" not in reviewer_text and "dữ liệu cá nhân" not in reviewer_text


def test_a_privacy_request_alone_goes_to_administrators_only(app, runner, mailbox):
    staff()
    point = points(1)[0]
    insert_feedback_row(point, 5, comment="Rất tốt.")  # praise: nothing to answer
    answered = insert_feedback_row(point, 1, comment="Chậm.")
    answered.reply_text, answered.replied_at = "Xin lỗi anh chị.", utcnow()
    insert_feedback_row(point, 1, comment="Lời lẽ thô tục.", status="hidden")  # hidden by staff
    insert_feedback_row(point, 1, comment="Chậm.").origin = "demo"  # the seed's, not a citizen's
    db.session.add(PrivacyRequest(reference_hash="s" * 64, kind="erase_rating", reply_due=today_local(),
                                  complete_due=today_local()))
    db.session.commit()
    result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 0, result.output
    assert [to for (to,), _ in mailbox.messages] == [ADMIN]
    assert subject(mailbox.messages[0][1]).endswith(": 1 yêu cầu về dữ liệu cá nhân")
    assert "Digests sent: 1, refused: 0" in result.output


def test_nothing_waiting_sends_nothing(runner, mailbox):
    staff()
    result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 0 and mailbox.messages == []
    assert "Digests sent: 0, refused: 0" in result.output


def test_without_mail_settings_nothing_is_sent_and_it_says_so(app, runner, mailbox, monkeypatch):
    staff()
    waiting_work()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 0
    assert "Mail is not configured (MAIL_SERVER is empty): no digest sent; " \
           "2 staff member(s) have work waiting." in result.output
    assert mailbox.messages == []


def test_a_server_without_sender_setting_is_an_error(app, runner, mailbox, monkeypatch):
    staff()
    waiting_work()
    monkeypatch.setitem(app.config, "MAIL_FROM", "")
    result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 1 and "MAIL_FROM is not set" in result.output
    assert mailbox.messages == []


def test_a_refused_recipient_fails_the_command_after_the_others_are_sent(app, runner, mailbox):
    staff()
    waiting_work()
    mailbox.refuse.add(REVIEWER)
    result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 1
    assert [to for (to,), _ in mailbox.messages] == [ADMIN]
    assert f"Refused for {REVIEWER}" in result.output and "550" in result.output
    assert "Digests sent: 1, refused: 1" in result.output
    assert "the SMTP server refused 1 digest(s)" in result.output


def test_an_unreachable_server_fails_the_command(app, runner, monkeypatch):
    staff()
    waiting_work()
    for name, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(), "MAIL_USE_TLS": False,
                        "MAIL_FROM": "khong-tra-loi@buudien.test"}.items():
        monkeypatch.setitem(app.config, name, value)
    result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 1 and "No digest sent: cannot reach 127.0.0.1" in result.output


def test_the_reply_deadline_counts_working_days_past_a_holiday(app, runner, mailbox, monkeypatch):
    staff()
    # Received on Thursday 31 December 2026 (Vietnam time); 1 January 2027 is a holiday, then a
    # weekend: five working days end on Friday 8 January, not Thursday the 7th.
    received = datetime(2026, 12, 31, 3, 0)  # stored naive UTC: 10:00 in Vietnam
    point = points(1)[0]
    fix_today(app, monkeypatch, date(2027, 1, 8))
    insert_feedback_row(point, 1, quarter=20264, comment="Phục vụ chậm.", created_at=received)
    db.session.commit()
    result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 0, result.output
    text, html = bodies(mailbox.by_recipient()[ADMIN])
    assert "nhận 31/12/2026 · hạn trả lời 08/01/2027" in text and "[QUÁ HẠN]" not in text
    assert "Quá hạn" not in html
    assert "(0 overdue)" in result.output
    mailbox.messages.clear()
    fix_today(app, monkeypatch, date(2027, 1, 11))  # Monday: the deadline has passed
    result = runner.invoke(args=["send-digest"])
    message = mailbox.by_recipient()[ADMIN]
    text, html = bodies(message)
    assert "- [QUÁ HẠN] " + point.name in text and "Quá hạn</strong>" in html
    assert subject(message) == "Việc chờ xử lý ngày 11/01/2027: 1 phản ánh chờ trả lời (1 quá hạn)"
    assert "1 complaint(s) to answer (1 overdue)" in result.output


def test_the_deadline_setting_moves_it(app, runner, mailbox, monkeypatch):
    staff()
    monkeypatch.setitem(app.config, "REPLY_DEADLINE_WORKING_DAYS", 2)
    fix_today(app, monkeypatch, date(2027, 1, 8))
    insert_feedback_row(points(1)[0], 2, quarter=20264, comment="Chậm.",
                        created_at=datetime(2026, 12, 31, 3, 0))
    db.session.commit()
    runner.invoke(args=["send-digest"])
    text, _ = bodies(mailbox.by_recipient()[ADMIN])
    assert "hạn trả lời 05/01/2027" in text and "[QUÁ HẠN]" in text  # Mon 4, Tue 5


def test_a_complaint_on_a_later_page_is_linked_to_that_page(app, runner, mailbox):
    staff()
    point = points(1)[0]
    old = insert_feedback_row(point, 1, comment="Chậm.", created_at=utcnow() - timedelta(days=3))
    for hours in range(25):  # newer ratings push it to the second page of the point's feedback
        insert_feedback_row(point, 4, created_at=utcnow() - timedelta(hours=hours + 1))
    db.session.commit()
    runner.invoke(args=["send-digest"])
    text, _ = bodies(mailbox.by_recipient()[REVIEWER])
    link = next(link for link in LINK.findall(text) if "#fb-" in link)
    assert link.endswith(f"/admin/points/{point.slug}?page=2#fb-{old.id}")
    url, anchor = urldefrag(link)
    page = signed_in_client(app, REVIEWER).get(url)
    assert page.status_code == 200 and f'id="{anchor}"' in page.get_data(as_text=True)

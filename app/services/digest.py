"""The daily digest (flask send-digest): each active staff member is e-mailed what waits for them,
cut to what their role may act on (app/permissions.py), with absolute links on SITE_URL to the staff
pages where they act. Nobody gets an empty message. Counts, point names, dates and links only: no
comment text, rater's contact or request details leave the site."""
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale

from app.admin.formatting import local_date
from app.clock import to_local
from app.labels import REQUEST_KIND_LABELS, ROLE_LABELS, label
from app.mail import MailError, OutgoingMail, send, smtp_connection
from app.models import AdminUser
from app.permissions import can
from app.queries.digest import WaitingWork, active_staff, waiting_work
from app.templating import number_text
from app.urls import absolute_url

# Complaints listed one by one in a message; the rest are counted.
LIST_LIMIT = 30
# Who receives each part: the permission its staff page asks for.
PART_PERMISSIONS = {"held_comments": "moderate", "complaints": "moderate", "held_ratings": "moderate",
                    "privacy_requests": "privacy"}


@dataclass
class Digest:
    """What waits for one staff member today."""

    email: str
    role: str
    today: date
    held_comments: list = field(default_factory=list)
    complaints: list = field(default_factory=list)
    held_ratings: list = field(default_factory=list)
    privacy_requests: list = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """The figures of the subject line and of the command's report."""
        return {"comments": sum(p.count for p in self.held_comments),
                "complaints": len(self.complaints),
                "complaints_overdue": sum(c.overdue for c in self.complaints),
                "held_ratings": sum(b.held for b in self.held_ratings),
                "privacy_requests": len(self.privacy_requests),
                "privacy_overdue": sum(r.reply_due < self.today for r in self.privacy_requests)}

    @property
    def empty(self) -> bool:
        """Whether nothing waits for this member (then no message is sent)."""
        return not (self.held_comments or self.complaints or self.held_ratings or self.privacy_requests)


@dataclass
class DigestRun:
    """What a run sent, and to whom the SMTP server refused it (with its answer)."""

    sent: list[Digest] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def digest_for(user: AdminUser, work: WaitingWork) -> Digest | None:
    """The parts of today's work this user may act on; None when nothing waits for them."""
    parts = {part: getattr(work, part) for part, permission in PART_PERMISSIONS.items()
             if can(permission, user)}
    digest = Digest(user.email, user.role, work.today, **parts)
    return None if digest.empty else digest


def pending_digests(today: date) -> list[Digest]:
    """Today's digest of every active staff member who has something waiting."""
    work = waiting_work(today)
    return [digest for user in active_staff() if (digest := digest_for(user, work))]


def subject(digest: Digest) -> str:
    """The subject line: the date and each count, the overdue ones said."""
    counts, parts = digest.counts, []
    if counts["comments"]:
        parts.append(f"{number_text(counts['comments'])} ý kiến chờ duyệt")
    if counts["complaints"]:
        overdue = counts["complaints_overdue"]
        late = f" ({number_text(overdue)} quá hạn)" if overdue else ""
        parts.append(f"{number_text(counts['complaints'])} phản ánh chờ trả lời{late}")
    if counts["held_ratings"]:
        parts.append(f"{number_text(counts['held_ratings'])} đánh giá đang giữ lại")
    if counts["privacy_requests"]:
        overdue = counts["privacy_overdue"]
        late = f" ({number_text(overdue)} quá hạn)" if overdue else ""
        parts.append(f"{number_text(counts['privacy_requests'])} yêu cầu về dữ liệu cá nhân{late}")
    return f"Việc chờ xử lý ngày {local_date(digest.today)}: " + ", ".join(parts)


def _links(digest: Digest) -> dict:
    """The absolute staff links of the message, built from SITE_URL."""
    def complaint_link(complaint) -> str:
        page = {"page": complaint.page} if complaint.page > 1 else {}
        return absolute_url("admin.point", slug=complaint.slug, **page) + f"#fb-{complaint.feedback_id}"

    return {"home": absolute_url("admin.overview"), "moderation": absolute_url("admin.moderation_queue"),
            "complaints": {c.feedback_id: complaint_link(c) for c in digest.complaints},
            "requests": {r.id: absolute_url("admin.privacy_queue") + f"#request-{r.id}"
                         for r in digest.privacy_requests}}


def compose(digest: Digest) -> OutgoingMail:
    """The message of one digest: plain text and HTML from templates/mail/, in Vietnamese."""
    with force_locale("vi"):
        context = {"digest": digest, "counts": digest.counts, "subject": subject(digest),
                   "links": _links(digest), "role": label(ROLE_LABELS, digest.role),
                   "kinds": REQUEST_KIND_LABELS, "list_limit": LIST_LIMIT,
                   "local_date": local_date, "day_of": _day_of, "number": number_text}
        return OutgoingMail(digest.email, context["subject"], _render("mail/digest.txt", context),
                            _render("mail/digest.html", context))


def _render(name: str, context: dict) -> str:
    """A mail template with only its own context: the page context processors read a request."""
    return current_app.jinja_env.get_template(name).render(context)


def _day_of(moment: datetime) -> str:
    """The Vietnam date of a stored UTC moment, "07/12/2026"."""
    return local_date(to_local(moment).date())


def deliver(digests: list[Digest]) -> DigestRun:
    """Send each digest over one SMTP connection; MailError when the server cannot be reached."""
    run = DigestRun()
    messages = [(digest, compose(digest)) for digest in digests]
    if not messages:
        return run
    with smtp_connection() as connection:
        for digest, message in messages:
            try:
                send(connection, message)
            except MailError as error:
                run.refused.append((digest.email, str(error)))
            else:
                run.sent.append(digest)
    return run

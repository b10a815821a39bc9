"""Outgoing e-mail over SMTP from the MAIL_* settings (SPEC): the only module that imports the mail
library (Flask-Mailman, its SMTP backend). The settings are read when mail is sent, so the app needs
no mail set-up to start and a site without MAIL_SERVER simply sends nothing."""
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from flask_mailman import EmailMultiAlternatives, Mail

# Seconds an SMTP exchange may stall before the send fails (a hung server must not hang the timer).
SMTP_TIMEOUT = 30


class MailError(Exception):
    """The SMTP server could not be reached, refused the sign-in or refused a message."""


@dataclass(frozen=True)
class OutgoingMail:
    """One message to one recipient: plain text with an HTML alternative."""

    to: str
    subject: str
    text: str
    html: str


def mail_configured() -> bool:
    """Whether mail can be sent: MAIL_SERVER is set (MAIL_FROM is then required)."""
    return bool(current_app.config.get("MAIL_SERVER"))


def _mail_state():
    """Flask-Mailman's settings object from the MAIL_* settings, bound to the app."""
    config = current_app.config
    if not config.get("MAIL_FROM"):
        raise MailError("MAIL_FROM is not set: the sender address is required when MAIL_SERVER is.")
    state = Mail.init_mail({
        "MAIL_SERVER": config["MAIL_SERVER"], "MAIL_PORT": int(config.get("MAIL_PORT") or 25),
        "MAIL_USE_TLS": bool(config.get("MAIL_USE_TLS")),
        "MAIL_USERNAME": config.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": config.get("MAIL_PASSWORD") or None, "MAIL_DEFAULT_SENDER": config["MAIL_FROM"],
        "MAIL_TIMEOUT": SMTP_TIMEOUT,
        # always real SMTP: Flask-Mailman would otherwise keep mail in memory when app.testing
        "MAIL_BACKEND": "smtp",
    })
    current_app.extensions["mailman"] = state  # the messages read their charset from here
    return state


@contextmanager
def smtp_connection() -> Iterator[object]:
    """One open SMTP connection (STARTTLS and sign-in as configured) for several messages."""
    connection = _mail_state().get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"cannot reach {current_app.config['MAIL_SERVER']}: {error}") from error
    try:
        yield connection
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            pass  # the messages are already accepted or refused; a failed QUIT changes neither


def send(connection, mail: OutgoingMail) -> None:
    """Hand one message to the SMTP server; MailError when it is refused."""
    message = EmailMultiAlternatives(mail.subject, mail.text, current_app.config["MAIL_FROM"], [mail.to],
                                     connection=connection)
    message.attach_alternative(mail.html, "text/html")
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"{mail.to}: {error}") from error

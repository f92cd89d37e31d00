"""Sending one e-mail through the configured SMTP server, with the standard library only.

Security is the operator's choice (README, "E-mail"): STARTTLS on the submission port, implicit
TLS (`ssl`), or none for a relay on the same machine; TLS always checks the server's
certificate. A failure raises: the outbox (shared/desks/outbox.py) keeps the message and tries
again later.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from antrian.shared.core.config import Settings

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str
    password: str
    sender: str
    timeout_s: float

    @classmethod
    def of(cls, settings: Settings) -> SmtpSettings | None:
        """The SMTP settings, or None when no server is configured (no mail is sent)."""
        if not settings.smtp_host:
            return None
        return cls(
            host=settings.smtp_host,
            port=int(settings.smtp_port or DEFAULT_PORTS[settings.smtp_security]),
            security=settings.smtp_security,
            user=settings.smtp_user,
            password=settings.smtp_password,
            sender=settings.smtp_from or f"antrian@{settings.smtp_host}",
            timeout_s=settings.smtp_timeout_s,
        )


def message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(body)  # UTF-8, as Indonesian text and names need
    return msg


def send(smtp: SmtpSettings, to: str, subject: str, body: str) -> None:
    """Deliver one message to the SMTP server; raises on any failure."""
    msg = message(smtp.sender, to, subject, body)
    context = ssl.create_default_context()
    if smtp.security == "ssl":
        conn: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_s,
                                              context=context)
    else:
        conn = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s)
    with conn:
        if smtp.security == "starttls":
            conn.starttls(context=context)
        if smtp.user:
            conn.login(smtp.user, smtp.password)
        conn.send_message(msg)

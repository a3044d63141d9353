"""One notice by email over SMTP: the message, and the conversation with the mail server.

A missing or wrong setting is a DeliveryError like a server that is down: the message stays
pending and is retried, so a notice is never lost to configuration.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from typing import Any

from sqlalchemy.engine import Row

from landing.notify import webhook_delivery
from landing.notify.delivery_errors import DeliveryError, one_line

# One timeout for both channels: a slow server holds up the worker the same either way.
TIMEOUT_SECONDS = webhook_delivery.TIMEOUT_SECONDS


def send(settings: Mapping[str, Any], job: Row, link: str, at: datetime) -> None:
    """Email the notice to its rep, with a link to the prospect when there is one."""
    host = settings.get("SMTP_HOST")
    if not host:
        # Kept pending rather than dropped: a notice must never be lost to a missing setting.
        raise DeliveryError(
            "email is not configured (LANDING_SMTP_HOST is empty)",
            "email is not set up on this server (ask your admin)",
        )
    sender = settings.get("SMTP_FROM") or "landing@localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((job.name, job.email))
    message["Subject"] = one_line(job.text, 200)
    message["Date"] = format_datetime(at)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(f"outbox{job.id}", domain=domain)
    lines = [job.text, "", f"When: {job.at.astimezone(UTC).isoformat(timespec='seconds')}"]
    if link:
        lines.append(f"Open: {link}")
    message.set_content("\n".join(lines) + "\n")

    port = int(settings.get("SMTP_PORT") or 25)
    security = str(settings.get("SMTP_SECURITY") or "none").lower()
    if security not in ("none", "starttls", "ssl"):
        raise DeliveryError(
            f"SMTP_SECURITY must be none, starttls or ssl, not {security!r}",
            "email is not set up correctly on this server (ask your admin)",
        )
    if security == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    try:
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.get("SMTP_USER"):
            smtp.login(settings["SMTP_USER"], settings.get("SMTP_PASSWORD") or "")
        smtp.send_message(message)
    finally:
        # Not `with smtp`: a failed QUIT after the message was accepted is not a failure.
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

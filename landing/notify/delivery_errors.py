"""What a failed delivery is called: a plain category for the rep, the detail for the log.

Reps read last_error on the notifications page and in the "webhook turned off" notice.
They get "could not deliver: <category>" and nothing of the socket's own words: those name
settings, servers and, for webhooks, port states ("connection refused" from a closed port,
"reset" from an open one), which would let a rep map the network the worker sits on. A
refused, reset or unreachable connection is therefore one category. The operator finds
the exact error in the worker's log.
"""

from __future__ import annotations

import http.client
import smtplib
import ssl

from landing.notify import webhook_targets
from landing.notify.webhook_delivery import ReceiverAnswered

PREFIX = "could not deliver: "


class DeliveryError(Exception):
    """A send that failed in a way worth retrying: detail is one short line for the log,
    rep_message what the rep reads."""

    def __init__(self, detail: str, rep_message: str):
        super().__init__(detail)
        self.rep_message = rep_message


def for_rep(exc: BaseException, email: bool) -> str:
    """A short category, the same for every failure that only differs in network detail."""
    return PREFIX + (_email_category(exc) if email else _webhook_category(exc))


def _webhook_category(exc: BaseException) -> str:
    if isinstance(exc, webhook_targets.NotAllowed):
        return "address not allowed (webhooks go to public internet addresses only)"
    if isinstance(exc, webhook_targets.NameNotFound):
        return "host name not found"
    if isinstance(exc, ReceiverAnswered):
        return f"HTTP {exc.status} from the receiver"
    if isinstance(exc, DeliveryError):
        return exc.rep_message
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "the receiver's certificate is not valid for its name"
    if isinstance(exc, http.client.InvalidURL):
        return "not a valid webhook address"
    if isinstance(exc, OSError | http.client.HTTPException):
        return "could not connect"
    if isinstance(exc, ValueError):  # a stored URL that no longer reads as one
        return "not a valid webhook address"
    return "unexpected error"


def _email_category(exc: BaseException) -> str:
    if isinstance(exc, DeliveryError):
        return exc.rep_message
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the mail server refused your address"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "the mail server refused this server's sign-in (ask your admin)"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the mail server refused the message (SMTP {exc.smtp_code})"
    if isinstance(exc, TimeoutError):
        return "no answer in time from the mail server"
    if isinstance(exc, OSError | smtplib.SMTPException):
        return "could not connect to the mail server"
    return "unexpected error"


def for_log(exc: BaseException) -> str:
    """The failure in one short line for the operator; never the URL or a password."""
    if isinstance(exc, webhook_targets.NotAllowed):
        text = f"address not allowed: {exc}"
    elif isinstance(exc, webhook_targets.NameNotFound):
        text = "host name not found"  # exc holds the host, which may be part of a secret URL
    elif isinstance(exc, TimeoutError):
        text = "timed out"
    elif isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
        text = f"SMTP {exc.smtp_code} {reply}"
    elif isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = "SMTP server refused the recipient"
    elif isinstance(exc, DeliveryError | ReceiverAnswered):
        text = str(exc)
    elif isinstance(exc, OSError):
        text = f"{type(exc).__name__}: {exc.strerror or exc}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return one_line(text)


def one_line(value: object, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

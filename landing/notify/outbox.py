"""Delivering the outbox: each notice's email (SMTP) and webhook, with retries, by a worker.

Delivery is at least once. A message is claimed for 60 seconds by a conditional UPDATE, so
any number of workers can run side by side, and no transaction is held open while SMTP or
HTTP is being talked to (SQLite allows one writer). A worker that dies between sending and
recording lets the claim expire, and the message is sent again.

Webhooks are a JSON POST that Slack incoming webhooks accept::

    {"text": "<notice text> <link>", "event": "engaged_visit",
     "notice": {"id": 7, "kind": "engaged_visit", "at": "2025-03-04T15:16:17+00:00",
                "text": "...", "prospect_id": 3, "visit_id": 12, "url": "https://..."}}

Signatures: when the rep has a webhook secret, the request carries
``X-Landing-Timestamp: <unix seconds>`` and
``X-Landing-Signature: sha256=<hex HMAC-SHA256 with the secret of "<timestamp>.<body>">``,
the body being the exact bytes received. A receiver recomputes the HMAC, compares it in
constant time, and rejects timestamps more than a few minutes old (replays); see
`verify_signature`. Redirects are not followed: any answer but 2xx is a failure. The
`text` is escaped for Slack (`&amp;` `&lt;` `&gt;`); `notice.text` is the notice as written.

Webhooks go only to public internet addresses, checked after DNS and connected to as
checked (landing/notify/webhook_delivery.py, landing/notify/webhook_targets.py), unless
WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on. Reps see a failure's category, the log its detail
(landing/notify/delivery_errors.py).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import signal
import smtplib
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import SQLAlchemyError

from landing.core.clock import utcnow
from landing.data import retention
from landing.data.models import Notice, OutboxMessage, Rep
from landing.notify import webhook_delivery
from landing.notify.delivery_errors import DeliveryError, for_log, for_rep, one_line
from landing.notify.notices import EMAIL, WEBHOOK, WEBHOOK_DISABLED, quiet_until

log = logging.getLogger(__name__)

PENDING, SENT, DROPPED = "pending", "sent", "dropped"
CLAIM = timedelta(seconds=60)
TIMEOUT_SECONDS = webhook_delivery.TIMEOUT_SECONDS

outbox, notices, reps = OutboxMessage.__table__, Notice.__table__, Rep.__table__


def deliver_due(
    engine: Engine,
    settings: Mapping[str, Any],
    now: datetime | None = None,
    limit: int = 50,
    *,
    stop: threading.Event | None = None,
) -> int:
    """Send, drop or reschedule up to limit due messages; how many this call handled."""
    # A given `now` is a fixed clock (tests, replays); otherwise each step reads the time,
    # since a batch of slow sends can take minutes.
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
    handled = 0
    for message_id in _due_ids(engine, clock(), limit):
        if stop is not None and stop.is_set():
            break
        if _deliver_one(engine, settings, message_id, clock):
            handled += 1
    return handled


def retry_delay(attempts: int, settings: Mapping[str, Any]) -> timedelta:
    """How long to wait after the attempts-th failure: doubling from the base, capped."""
    base = int(settings.get("OUTBOX_RETRY_BASE_SECONDS", 10))
    cap = int(settings.get("OUTBOX_RETRY_MAX_SECONDS", 600))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify_signature(
    secret: str,
    timestamp: str | int,
    body: bytes,
    signature: str,
    max_age_seconds: float | None = None,
) -> bool:
    """Whether signature is ours for this timestamp and body (and, if asked, recent enough)."""
    timestamp = str(timestamp)
    if max_age_seconds is not None:
        try:
            if abs(time.time() - int(timestamp)) > max_age_seconds:
                return False
        except ValueError:
            return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


def run_worker(
    engine: Engine,
    settings: Mapping[str, Any],
    once: bool = False,
    poll_seconds: float = 1.0,
    stop: threading.Event | None = None,
    purge: retention.DailyPurge | None = None,
) -> None:
    """Deliver due messages until stopped (SIGTERM, SIGINT or stop); once: what is due now.

    Old visits are purged at start and once a day, only while nothing is due to be sent (not
    with once, which is for delivering; `landing purge` is the one-off)."""
    stop = stop or threading.Event()
    restore = _stop_on_signals(stop)
    purge = purge or retention.DailyPurge(engine, settings["VISIT_RETENTION_DAYS"])
    try:
        while not stop.is_set():
            try:
                handled = deliver_due(engine, settings, stop=stop)
            except SQLAlchemyError as exc:
                # The database may be restarting or locked for a while: keep trying.
                log.error("outbox: database error, retrying: %s", one_line(exc))
                handled = 0
                if once:
                    return
            if handled == 0 and not once:
                _purge_while_idle(engine, purge, stop)
            if once and handled == 0:
                return
            if handled == 0:
                stop.wait(poll_seconds)
    finally:
        restore()


def _purge_while_idle(engine: Engine, purge: retention.DailyPurge, stop: threading.Event):
    def keep_going() -> bool:
        return not stop.is_set() and not _due_ids(engine, utcnow(), 1)

    try:
        counts = purge.run_if_due(keep_going)
    except SQLAlchemyError as exc:
        log.error("purge: database error, retrying tomorrow: %s", one_line(exc))
        purge.last_run = purge.clock()
        return
    if counts and any(counts.values()):
        log.info("purge: deleted %s", ", ".join(f"{n} {k}" for k, n in counts.items() if n))


def _due_ids(engine: Engine, at: datetime, limit: int) -> list[int]:
    query = (
        sa.select(outbox.c.id)
        .where(outbox.c.status == PENDING, outbox.c.due_at <= at, _unlocked(at))
        .order_by(outbox.c.due_at, outbox.c.id)
        .limit(limit)
    )
    # A plain read: on SQLite it must not take the write lock (see landing.data.db).
    with engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
        return list(conn.execute(query).scalars())


def _unlocked(at: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(outbox.c.locked_until.is_(None), outbox.c.locked_until <= at)


def _deliver_one(
    engine: Engine, settings: Mapping[str, Any], message_id: int, clock: Callable[[], datetime]
) -> bool:
    """Claim, send and record one message; False when another worker got it first."""
    with engine.begin() as conn:
        claimed = conn.execute(
            sa.update(outbox)
            .where(
                outbox.c.id == message_id,
                outbox.c.status == PENDING,
                outbox.c.due_at <= clock(),
                _unlocked(clock()),
            )
            .values(locked_until=clock() + CLAIM)
        )
        if claimed.rowcount != 1:
            return False
        job = _load(conn, message_id)
        reason = _drop_reason(job)
        if reason:
            _set(conn, message_id, status=DROPPED, last_error=reason, locked_until=None)
            log.info("outbox %d: dropped: %s", message_id, reason)
            return True

    # Outside any transaction: this may take up to the timeout.
    try:
        if job.channel == EMAIL:
            _send_email(settings, job, clock())
        else:
            _send_webhook(settings, job)
    except Exception as exc:  # whatever went wrong, the message stays and is retried
        error = for_rep(exc, email=job.channel == EMAIL)
        _record_failure(engine, settings, job, error, for_log(exc), clock())
    else:
        _record_sent(engine, job, clock())
    return True


def _load(conn: Connection, message_id: int) -> Row:
    query = (
        sa.select(
            outbox.c.id,
            outbox.c.channel,
            outbox.c.attempts,
            outbox.c.rep_id,
            notices.c.id.label("notice_id"),
            notices.c.kind,
            notices.c.text,
            notices.c.at,
            notices.c.prospect_id,
            notices.c.visit_id,
            reps.c.email,
            reps.c.name,
            reps.c.notify_email,
            reps.c.webhook_url,
            reps.c.webhook_secret,
            reps.c.webhook_disabled,
        )
        .join(notices, notices.c.id == outbox.c.notice_id)
        .join(reps, reps.c.id == outbox.c.rep_id)
        .where(outbox.c.id == message_id)
    )
    return conn.execute(query).one()


def _drop_reason(job: Row) -> str:
    """Why this message should not go out any more, or "" to send it."""
    if job.channel == EMAIL:
        if not job.notify_email:
            return "the rep turned email notices off"
        if not job.email:
            return "the rep has no email address"
    elif job.channel == WEBHOOK:
        if job.webhook_disabled:
            return "the rep's webhook is turned off"
        if not job.webhook_url:
            return "the rep removed their webhook"
    else:
        return f"unknown channel {job.channel!r}"
    return ""


def _set(conn: Connection, message_id: int, **values: Any) -> None:
    conn.execute(sa.update(outbox).where(outbox.c.id == message_id).values(**values))


def _record_sent(engine: Engine, job: Row, at: datetime) -> None:
    with engine.begin() as conn:
        # By id alone: it went out, even if the rep's webhook was turned off meanwhile.
        _set(
            conn,
            job.id,
            status=SENT,
            sent_at=at,
            attempts=job.attempts + 1,
            locked_until=None,
            last_error="",
        )
        if job.channel == WEBHOOK:
            conn.execute(sa.update(reps).where(reps.c.id == job.rep_id).values(webhook_failures=0))


def _record_failure(
    engine: Engine, settings: Mapping[str, Any], job: Row, error: str, detail: str, at: datetime
) -> None:
    """error is what the rep reads (last_error, the turned-off notice); detail goes to the log."""
    attempts = job.attempts + 1
    retry_at = at + retry_delay(attempts, settings)
    with engine.begin() as conn:
        conn.execute(
            sa.update(outbox)
            .where(outbox.c.id == job.id, outbox.c.status == PENDING)
            .values(attempts=attempts, last_error=error, due_at=retry_at, locked_until=None)
        )
        if job.channel == WEBHOOK:
            _count_webhook_failure(conn, settings, job.rep_id, error, at)
    log.warning(
        "outbox %d: %s to rep %d failed (attempt %d, next at %s): %s",
        job.id,
        job.channel,
        job.rep_id,
        attempts,
        retry_at.isoformat(timespec="seconds"),
        detail,
    )


def _count_webhook_failure(
    conn: Connection, settings: Mapping[str, Any], rep_id: int, error: str, at: datetime
) -> None:
    """One more failure in a row; at the limit, turn the webhook off and tell the rep."""
    counted = conn.execute(
        sa.update(reps)
        .where(reps.c.id == rep_id, sa.not_(reps.c.webhook_disabled))
        .values(webhook_failures=reps.c.webhook_failures + 1)
    )
    if counted.rowcount != 1:
        return  # already off: another worker told the rep
    rep = conn.execute(sa.select(reps).where(reps.c.id == rep_id)).one()
    limit = int(settings.get("WEBHOOK_MAX_FAILURES", 20))
    if rep.webhook_failures < limit:
        return
    conn.execute(sa.update(reps).where(reps.c.id == rep_id).values(webhook_disabled=True))
    conn.execute(
        sa.update(outbox)
        .where(outbox.c.rep_id == rep_id, outbox.c.channel == WEBHOOK, outbox.c.status == PENDING)
        .values(
            status=DROPPED,
            last_error=f"webhook turned off after {limit} failures",
            locked_until=None,
        )
    )
    text = (
        f"Your webhook was turned off after {limit} failed deliveries in a row "
        f"(last error: {error}). Fix it in Profile and save to turn it back on."
    )
    notice_id = conn.execute(
        sa.insert(notices).values(rep_id=rep_id, kind=WEBHOOK_DISABLED, text=text[:500], at=at)
    ).inserted_primary_key[0]
    if rep.notify_email and rep.email and settings.get("SMTP_HOST"):
        conn.execute(
            sa.insert(outbox).values(
                notice_id=notice_id,
                rep_id=rep_id,
                channel=EMAIL,
                status=PENDING,
                attempts=0,
                due_at=quiet_until(rep, at),
                last_error="",
            )
        )
    log.warning("outbox: rep %d's webhook turned off after %d failures", rep_id, limit)


def _link(settings: Mapping[str, Any], job: Row) -> str:
    if job.prospect_id is None:
        return ""
    base = str(settings.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return f"{base}/app/prospects/{job.prospect_id}"


def _send_email(settings: Mapping[str, Any], job: Row, at: datetime) -> None:
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
    if link := _link(settings, job):
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


def _send_webhook(settings: Mapping[str, Any], job: Row) -> None:
    body = webhook_delivery.body(job, _link(settings, job))
    headers = {"Content-Type": "application/json", "User-Agent": "landing-webhook/1"}
    if job.webhook_secret:
        timestamp = str(int(time.time()))  # the receiver's clock is real, so ours must be
        headers["X-Landing-Timestamp"] = timestamp
        headers["X-Landing-Signature"] = sign(job.webhook_secret, timestamp, body)
    allow_private = bool(settings.get("WEBHOOK_ALLOW_PRIVATE_ADDRESSES"))
    webhook_delivery.post(job.webhook_url, body, headers, allow_private=allow_private)


def _stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """Make SIGTERM and SIGINT set stop; the previous handlers come back when done."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # Python only lets the main thread install signal handlers

    def handle(signum: int, _frame: object) -> None:
        log.info("outbox: %s, stopping after the current message", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore

"""The outbox table as a queue: which messages are due, claiming one, why one is dropped,
and recording a send or a failure with its backoff.

A message is claimed for 60 seconds by a conditional UPDATE, so any number of workers can
run side by side: whoever's UPDATE matched sends it. A worker that dies between sending
and recording lets the claim expire, and the message is sent again (at least once).
Failed webhook deliveries are counted per rep; at the limit the webhook is turned off and
the rep told, in the app and by email.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, Row

from landing.data.models import Notice, OutboxMessage, Rep
from landing.notify.notices import EMAIL, WEBHOOK, WEBHOOK_DISABLED, quiet_until

log = logging.getLogger(__name__)

PENDING, SENT, DROPPED = "pending", "sent", "dropped"
CLAIM = timedelta(seconds=60)

outbox, notices, reps = OutboxMessage.__table__, Notice.__table__, Rep.__table__


def retry_delay(attempts: int, settings: Mapping[str, Any]) -> timedelta:
    """How long to wait after the attempts-th failure: doubling from the base, capped."""
    base = int(settings.get("OUTBOX_RETRY_BASE_SECONDS", 10))
    cap = int(settings.get("OUTBOX_RETRY_MAX_SECONDS", 600))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def due_ids(engine: Engine, at: datetime, limit: int) -> list[int]:
    """Ids of pending messages due at `at` and claimed by no one, oldest first."""
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


def claim(conn: Connection, message_id: int, clock: Callable[[], datetime]) -> bool:
    """Take the message for CLAIM; False when another worker got it first or it is not due."""
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
    return claimed.rowcount == 1


def load(conn: Connection, message_id: int) -> Row:
    """The message with its notice and its rep: all that sending it needs."""
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


def drop_reason(job: Row) -> str:
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


def drop(conn: Connection, message_id: int, reason: str) -> None:
    """Never send this message; the reason is what the rep reads."""
    _set(conn, message_id, status=DROPPED, last_error=reason, locked_until=None)
    log.info("outbox %d: dropped: %s", message_id, reason)


def _set(conn: Connection, message_id: int, **values: Any) -> None:
    conn.execute(sa.update(outbox).where(outbox.c.id == message_id).values(**values))


def record_sent(engine: Engine, job: Row, at: datetime) -> None:
    """Mark the message sent; a webhook that answered starts its failure count again."""
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


def record_failure(
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

"""Delivering the outbox: each notice's email and webhook, with retries, by `landing worker`.

Delivery is at least once. A message is claimed before it is sent (landing/notify/
outbox_queue.py), so any number of workers can run side by side, and no transaction is held
open while SMTP or HTTP is being talked to (SQLite allows one writer). What is sent is in
landing/notify/email_delivery.py and landing/notify/webhook_delivery.py (the webhook's body
and signature). Webhooks go only to public internet addresses, checked after DNS and
connected to as checked (landing/notify/webhook_targets.py), unless
WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on. Reps see a failure's category, the log its detail
(landing/notify/delivery_errors.py).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine, Row
from sqlalchemy.exc import SQLAlchemyError

from landing.core.clock import utcnow
from landing.data import retention
from landing.notify import email_delivery, outbox_queue, webhook_delivery
from landing.notify.delivery_errors import for_log, for_rep, one_line
from landing.notify.notices import EMAIL

log = logging.getLogger(__name__)


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
    for message_id in outbox_queue.due_ids(engine, clock(), limit):
        if stop is not None and stop.is_set():
            break
        if _deliver_one(engine, settings, message_id, clock):
            handled += 1
    return handled


def run_worker(
    engine: Engine,
    settings: Mapping[str, Any],
    once: bool = False,
    poll_seconds: float = 1.0,
    stop: threading.Event | None = None,
    purge: retention.DailyPurge | None = None,
    also: Callable[[], int] | None = None,
) -> None:
    """Deliver due messages until stopped (SIGTERM, SIGINT or stop); once: what is due now.

    Old visits are purged at start and once a day, only while nothing is due to be sent (not
    with once, which is for delivering; `landing purge` is the one-off). also: other work
    the worker does between deliveries (background exports), returning how much it did."""
    stop = stop or threading.Event()
    restore = _stop_on_signals(stop)
    purge = purge or retention.DailyPurge(engine, settings["VISIT_RETENTION_DAYS"])
    try:
        while not stop.is_set():
            try:
                handled = deliver_due(engine, settings, stop=stop)
                handled += also() if also is not None else 0
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


def prospect_link(settings: Mapping[str, Any], job: Row) -> str:
    """The rep's page for the notice's prospect, or "" for a notice about no prospect."""
    if job.prospect_id is None:
        return ""
    base = str(settings.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return f"{base}/app/prospects/{job.prospect_id}"


def _deliver_one(
    engine: Engine, settings: Mapping[str, Any], message_id: int, clock: Callable[[], datetime]
) -> bool:
    """Claim, send and record one message; False when another worker got it first."""
    with engine.begin() as conn:
        if not outbox_queue.claim(conn, message_id, clock):
            return False
        job = outbox_queue.load(conn, message_id)
        reason = outbox_queue.drop_reason(job)
        if reason:
            outbox_queue.drop(conn, message_id, reason)
            return True

    # Outside any transaction: this may take up to the timeout.
    try:
        link = prospect_link(settings, job)
        if job.channel == EMAIL:
            email_delivery.send(settings, job, link, clock())
        else:
            allow_private = bool(settings.get("WEBHOOK_ALLOW_PRIVATE_ADDRESSES"))
            webhook_delivery.send(job, link, allow_private=allow_private)
    except Exception as exc:  # whatever went wrong, the message stays and is retried
        error = for_rep(exc, email=job.channel == EMAIL)
        outbox_queue.record_failure(engine, settings, job, error, for_log(exc), clock())
    else:
        outbox_queue.record_sent(engine, job, clock())
    return True


def _purge_while_idle(engine: Engine, purge: retention.DailyPurge, stop: threading.Event):
    def keep_going() -> bool:
        return not stop.is_set() and not outbox_queue.due_ids(engine, utcnow(), 1)

    try:
        counts = purge.run_if_due(keep_going)
    except SQLAlchemyError as exc:
        log.error("purge: database error, retrying tomorrow: %s", one_line(exc))
        purge.last_run = purge.clock()
        return
    if counts and any(counts.values()):
        log.info("purge: deleted %s", ", ".join(f"{n} {k}" for k, n in counts.items() if n))


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

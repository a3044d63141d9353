"""The miss limit of a prospect page's view: an address that misses (or is guessed for) too
often gets 429 for every prospect path a while, so that names cannot be found by trying.

The count is the Attempt table's, shared by every worker; a refused address is also kept in
this worker's memory (attempts.blocked_here), so that the fast path refuses it without a
query. A page's own hit needs no check here: its visit INSERT is gated on the same count
(landing.pages.visit_gate)."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from landing.data import attempts
from landing.data.db import get_engine, read_connection

log = logging.getLogger("landing.web.public")


def count_one(conn: Connection | None = None) -> None:
    """One more miss (or near-match guess) for the client's address, in conn's transaction
    or its own; past the limit, this worker refuses the address at once (the visit gate
    makes every other worker refuse it too)."""
    if conn is None:
        try:
            with get_engine().begin() as own:
                count_one(own)
        except SQLAlchemyError:
            log.exception("near-match guess NOT counted")
        return
    most, window, bucket = _limit()
    attempts.record(conn, bucket)
    if attempts.too_many(conn, bucket, most, window):
        attempts.blocked_here(current_app.extensions).add(
            request.remote_addr or "", window.total_seconds()
        )


def _limit() -> tuple[int, timedelta, str]:
    """(most misses, window, Attempt bucket) for the client's address."""
    config = current_app.config
    address = attempts.address_key(request.remote_addr or "")
    bucket = attempts.bucket(config["SECRET_KEY"], attempts.MISS_ADDRESS, address)
    return config["MISS_MAX_PER_ADDRESS"], timedelta(minutes=config["MISS_WINDOW_MINUTES"]), bucket


def too_many() -> bool:
    """Whether the client's address missed too often lately, in any worker. Past the limit
    every prospect path answers 429, hit or miss: a 200 among 404s would still tell a
    scanner which names exist. Misses are not counted while refused, so the block ends
    when the window has passed over them."""
    most, window, bucket = _limit()
    try:
        with read_connection(get_engine()) as conn:
            over = attempts.too_many(conn, bucket, most, window)
    except SQLAlchemyError:
        return False  # the page itself answers 503 if the database is really gone
    if over:
        attempts.blocked_here(current_app.extensions).add(
            request.remote_addr or "", window.total_seconds()
        )
    return over

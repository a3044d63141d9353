"""Rate limits that hold across every worker and host: attempts counted in the Attempt table.

A bucket names what is limited (a sign-in account, a client address) by a keyed hash of it,
so the table never holds an email or an address. Rows older than a day are deleted now and
then by `record` itself; no limit looks back that far."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import time
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, delete, func, insert, select
from sqlmodel import Session

from landing.core.clock import utcnow
from landing.data.models import Attempt

SIGNIN_ACCOUNT = "signin-account"
SIGNIN_PAIR = "signin-pair"  # an account from one address
SIGNIN_ADDRESS = "signin-address"
MISS_ADDRESS = "miss-address"
KEPT = timedelta(days=1)
PURGE_EVERY_SECONDS = 600
_table = Attempt.__table__
_next_purge = 0.0  # per process: each deletes old rows at most every PURGE_EVERY_SECONDS
# Built once: prospect pages ask on every request, and building the statement each time
# cost as much again as running it.
_COUNT = (
    select(func.count())
    .select_from(_table)
    .where(
        _table.c.bucket == bindparam("bucket"),
        _table.c.at >= bindparam("since", type_=_table.c.at.type),
    )
)


def bucket(secret: str, kind: str, value: str) -> str:
    """`kind:<HMAC-SHA256 of value>`: the same value always counts in the same bucket."""
    digest = hmac.new(secret.encode(), f"{kind}\x00{value}".encode(), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()}"


def account_key(email: str) -> str:
    """Emails as reps.get_by_email matches them, so `Dana@` and `dana@` share one limit."""
    return (email or "").strip().lower()


def address_key(address: str) -> str:
    """A client address as limited: IPv6 by its /64, which one host commonly has to itself
    and could rotate through at will."""
    if address.count(".") == 3 and address.replace(".", "").isdigit() and address.isascii():
        return address  # a dotted quad, the usual case: the address itself, unparsed
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def record(db: Session | Connection, bucket: str, now: datetime | None = None) -> None:
    """Count one attempt. A Session is committed; a Connection's transaction is the caller's."""
    global _next_purge
    now = now or utcnow()
    conn = _connection(db)
    conn.execute(insert(_table).values(bucket=bucket, at=now))
    if time.monotonic() >= _next_purge:
        _next_purge = time.monotonic() + PURGE_EVERY_SECONDS
        purge(conn, now)
    if isinstance(db, Session):
        db.commit()


def count_since(db: Session | Connection, bucket: str, since: datetime) -> int:
    return _connection(db).execute(_COUNT, {"bucket": bucket, "since": since}).scalar_one()


def latest(db: Session | Connection, bucket: str) -> datetime | None:
    """When the bucket's last attempt was counted, if within the day attempts are kept."""
    query = select(func.max(_table.c.at)).where(_table.c.bucket == bucket)
    return _connection(db).execute(query).scalar_one()


def too_many(
    db: Session | Connection,
    bucket: str,
    most: int,
    window: timedelta,
    now: datetime | None = None,
) -> bool:
    """Whether the bucket already holds `most` attempts within the window."""
    return count_since(db, bucket, (now or utcnow()) - window) >= most


def purge(db: Session | Connection, now: datetime | None = None) -> int:
    """Delete attempts older than any limit looks back; how many."""
    result = _connection(db).execute(delete(_table).where(_table.c.at < (now or utcnow()) - KEPT))
    return result.rowcount


def _connection(db: Session | Connection) -> Connection:
    return db.connection() if isinstance(db, Session) else db


class BlockedHere:
    """Addresses this process refused lately, remembered until their window passes, so that
    answers the view never sees (page_fast_path's replays) refuse them too. Only a cache of
    what the Attempt table says: cheap enough to ask on every request."""

    MOST = 10_000  # addresses kept; a scan from many addresses must not grow it for ever

    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    def add(self, address: str, seconds: float) -> None:
        now = time.monotonic()
        if len(self._until) >= self.MOST:
            self._until = {key: t for key, t in self._until.items() if t > now}
            if len(self._until) >= self.MOST:
                self._until.clear()
        self._until[address_key(address)] = now + seconds

    def __contains__(self, address: str) -> bool:
        if not self._until:  # the usual case: nobody blocked, nothing to parse
            return False
        key = address_key(address)
        until = self._until.get(key)
        if until is None:
            return False
        if until <= time.monotonic():
            self._until.pop(key, None)
            return False
        return True


def blocked_here(extensions: dict) -> BlockedHere:
    """The app's BlockedHere (app.extensions), made on first use."""
    if "landing.blocked_here" not in extensions:
        extensions["landing.blocked_here"] = BlockedHere()
    return extensions["landing.blocked_here"]

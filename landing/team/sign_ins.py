"""Limits on guessing passwords that a stranger cannot turn against the rep.

Every page shows a rep's email, so a limit per email alone let anyone lock a rep out by
failing five times. Instead (all counted in the Attempt table, so across workers):

- failures for an email *from one address* block that address for that email;
- failures from one address, whatever the email, block that address;
- failures for an email from everywhere never block: past the per-address-and-email limit
  every answer for that email waits a little longer, up to a couple of seconds, so
  guessing from many addresses is slowed while the rep, from an address that has not
  failed, still signs in;
- a successful sign-in is counted too, so the rep can be told how many failures there
  were since their last one."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from landing.core.clock import utcnow
from landing.data import attempts

SIGNIN_OK = "signin-ok"
DELAY_BASE_SECONDS = 0.25  # the first slowed answer's wait; each further failure doubles it
# How the slowed answers wait; tests put a recorder here so they never wait.
sleep = time.sleep


@dataclass(frozen=True)
class Buckets:
    account: str  # every failure for the email, from anywhere: slows, never blocks
    pair: str  # failures for the email from one address: blocks that address for it
    address: str  # failures from one address, any email: blocks the address
    signed_in: str  # the email's successful sign-ins: where "since your last visit" starts


@dataclass(frozen=True)
class Limits:
    per_pair: int
    per_address: int
    window: timedelta
    delay_max: float  # seconds; 0 turns the slowing off

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(
            per_pair=config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"],
            per_address=config["SIGNIN_MAX_FAILURES_PER_ADDRESS"],
            window=timedelta(minutes=config["SIGNIN_WINDOW_MINUTES"]),
            delay_max=max(0, config["SIGNIN_DELAY_MAX_MS"]) / 1000,
        )


@dataclass(frozen=True)
class FailuresSince:
    count: int
    since_last_visit: bool  # False: the last sign-in is older than the attempts kept

    def notice(self) -> str | None:
        """What the rep is told on signing in, or None when nothing failed."""
        if not self.count:
            return None
        failures = f"{self.count} failed sign-in{'' if self.count == 1 else 's'}"
        when = "since your last visit" if self.since_last_visit else "in the last day"
        return f"{failures} to your account {when}. If that was not you, nobody got in."


def buckets(secret: str, email: str, address: str) -> Buckets:
    account = attempts.account_key(email)
    where = attempts.address_key(address)
    return Buckets(
        account=attempts.bucket(secret, attempts.SIGNIN_ACCOUNT, account),
        pair=attempts.bucket(secret, attempts.SIGNIN_PAIR, f"{account}\x00{where}"),
        address=attempts.bucket(secret, attempts.SIGNIN_ADDRESS, where),
        signed_in=attempts.bucket(secret, SIGNIN_OK, account),
    )


def refused(db: Session, b: Buckets, limits: Limits, now: datetime | None = None) -> bool:
    """Whether this address may not try this email now. The same for unknown emails."""
    return attempts.too_many(db, b.pair, limits.per_pair, limits.window, now) or (
        attempts.too_many(db, b.address, limits.per_address, limits.window, now)
    )


def delay(db: Session, b: Buckets, limits: Limits, now: datetime | None = None) -> float:
    """Seconds to wait before answering for this email: none until it has failed
    per_pair times in the window from anywhere, then doubling, never past delay_max."""
    if limits.delay_max <= 0:
        return 0.0
    failures = attempts.count_since(db, b.account, (now or utcnow()) - limits.window)
    over = failures - limits.per_pair
    if over < 0:
        return 0.0
    return min(limits.delay_max, DELAY_BASE_SECONDS * 2 ** min(over, 20))


def slow_down(db: Session, b: Buckets, limits: Limits, now: datetime | None = None) -> float:
    """Wait as `delay` says, before the password is checked, whatever it turns out to be:
    an answer that came sooner for the right password would say which one it is."""
    seconds = delay(db, b, limits, now)
    if seconds > 0:
        db.commit()  # no transaction (on SQLite, no lock) held while waiting
        sleep(seconds)
    return seconds


def failed(db: Session, b: Buckets, now: datetime | None = None) -> None:
    """Count one failure in the email's, the pair's and the address's buckets; committed."""
    conn = db.connection()
    for name in (b.account, b.pair, b.address):
        attempts.record(conn, name, now)
    db.commit()


def succeeded(db: Session, b: Buckets, now: datetime | None = None) -> FailuresSince:
    """Count a successful sign-in; the failures for the email since the one before."""
    now = now or utcnow()
    previous = attempts.latest(db, b.signed_in)
    since = previous if previous is not None else now - attempts.KEPT
    count = attempts.count_since(db, b.account, since)
    attempts.record(db, b.signed_in, now)
    return FailuresSince(count, previous is not None)

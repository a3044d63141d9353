"""What must hold for a hit on a prospect's page to be stored, and so answered: checked by
the visit's INSERT itself, so that every worker and host agrees the moment the database
does, and the fast path needs no query of its own.

- The prospect is live: it exists, is not archived and is not do-not-contact. A worker's
  cached page of someone archived or forgotten elsewhere stores nothing and is not served.
- The client's address is not past the miss limit (the Attempt table, as the view counts it).
- One address, or one visitor cookie, stores at most `most_per_minute` rows a minute in one
  prospect's history (per worker process). Past that, its hits are counted on a single
  summarising row (visit.repeats) and the page still answers: a flood cannot fill the disk.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import Dialect, text

from landing.data import attempts
from landing.data.models import Attempt, Visit

MOST_KEYS = 100_000  # per minute; a flood from very many addresses must not grow it for ever


class FloodGuard:
    """Rows stored this minute per (prospect, address) and (prospect, visitor), in this
    process, and the summarising row of each key past the limit."""

    def __init__(self, most_per_minute: int):
        self.most = most_per_minute
        self.minute = -1
        self.stored: dict[tuple, int] = {}
        self.summaries: dict[tuple, int] = {}

    def over(self, prospect_id: int, address: str, visitor: str, minute: int) -> tuple | None:
        """The key past its limit this minute, or None after counting one more row."""
        if minute != self.minute or len(self.stored) >= MOST_KEYS:
            self.minute, self.stored, self.summaries = minute, {}, {}
        keys = [(prospect_id, "address", address)]
        if visitor:
            keys.append((prospect_id, "visitor", visitor))
        for key in keys:
            if self.stored.get(key, 0) >= self.most:
                return key
        for key in keys:
            self.stored[key] = self.stored.get(key, 0) + 1
        return None


@dataclass
class VisitGate:
    """The app's limits, as the visit INSERT needs them (in app.extensions)."""

    secret: str
    most_misses: int
    miss_window: timedelta
    most_per_minute: int
    flood: FloodGuard = field(init=False)

    def __post_init__(self) -> None:
        self.flood = FloodGuard(self.most_per_minute)

    def params(self, address: str, now: datetime) -> dict:
        """The gate's own parameters of the statement for a hit from address at now."""
        return {
            "gate_bucket": _miss_bucket(self.secret, attempts.address_key(address)),
            "gate_since": now - self.miss_window,
            "gate_most": self.most_misses,
        }


def init_app(app) -> None:
    app.extensions["landing.pages.visit_gate"] = of_config(app.config)


def of_config(config) -> VisitGate:
    """The gate of an app's settings."""
    return VisitGate(
        secret=config["SECRET_KEY"],
        most_misses=config["MISS_MAX_PER_ADDRESS"],
        miss_window=timedelta(minutes=config["MISS_WINDOW_MINUTES"]),
        most_per_minute=config["VISIT_MAX_PER_MINUTE"],
    )


@lru_cache(maxsize=4096)
def _miss_bucket(secret: str, address: str) -> str:
    """attempts.bucket for misses, remembered: the same addresses come back again and again."""
    digest = hmac.new(secret.encode(), f"{attempts.MISS_ADDRESS}\x00{address}".encode(),
                      hashlib.sha256)  # fmt: skip
    return f"{attempts.MISS_ADDRESS}:{digest.hexdigest()}"


# The gate as a condition: the prospect is live, and the address has fewer misses in the
# window than the limit (counted up to the limit, no further, on the (bucket, at) index).
# Written out whole, as the database runs it; every value is a parameter.
_SQL = {
    "insert": """
        INSERT INTO visit (prospect_id, at, ip, user_agent, referrer, method, classification,
                           reason, visitor_id, token, repeats)
        SELECT :prospect_id, :at, :ip, :user_agent, :referrer, :method, :classification,
               :reason, :visitor_id, :token, :repeats
        WHERE EXISTS (SELECT 1 FROM prospect WHERE prospect.id = :prospect_id
                      AND prospect.archived_at IS NULL AND NOT prospect.do_not_contact)
          AND (SELECT count(*) FROM (SELECT 1 FROM attempt WHERE attempt.bucket = :gate_bucket
               AND attempt.at >= :gate_since LIMIT :gate_most) AS misses) < :gate_most""",
    "repeat": """
        UPDATE visit SET repeats = repeats + 1
        WHERE visit.id = :summary_id AND visit.prospect_id = :prospect_id
          AND EXISTS (SELECT 1 FROM prospect WHERE prospect.id = :prospect_id
                      AND prospect.archived_at IS NULL AND NOT prospect.do_not_contact)
          AND (SELECT count(*) FROM (SELECT 1 FROM attempt WHERE attempt.bucket = :gate_bucket
               AND attempt.at >= :gate_since LIMIT :gate_most) AS misses) < :gate_most""",
}


@dataclass(frozen=True)
class Compiled:
    """A statement in a dialect's SQL, ready for the driver."""

    sql: str
    order: tuple[str, ...] | None  # parameter order; None: the driver takes names
    processors: tuple  # (name, conversion) that SQLAlchemy would apply (stored datetimes)

    def params(self, values: dict) -> dict | list:
        for name, process in self.processors:
            values[name] = process(values[name])
        return [values[name] for name in self.order] if self.order else values


@lru_cache(maxsize=8)
def compiled(dialect: Dialect, which: str, returning: bool = False) -> Compiled:
    """The gated INSERT ("insert") of a hit or UPDATE of a summarising row ("repeat"), in the
    driver's own SQL: made once, since building a statement per hit cost more than running it."""
    sql = _SQL[which] + (" RETURNING id" if returning else "")
    done = text(sql).compile(dialect=dialect)
    types = {"at": Visit.__table__.c.at.type, "gate_since": Attempt.__table__.c.at.type}
    processors = tuple(
        (name, process)
        for name, type_ in types.items()
        if name in done.binds and (process := type_.dialect_impl(dialect).bind_processor(dialect))
    )
    return Compiled(done.string, done.positiontup, processors)


# For callers without an app (scripts, tests): only the prospect must be live.
NO_LIMITS = VisitGate(secret="", most_misses=2**31 - 1, miss_window=timedelta(0),
                      most_per_minute=2**31 - 1)  # fmt: skip

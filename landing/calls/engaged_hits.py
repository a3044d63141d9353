"""The engaged hits that count for a rep's call-next list, and what was done on them, read
in one statement. A busy rep has thousands: Core rows on covering indexes, not models."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import (
    CTE,
    Connection,
    DateTime,
    case,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)

from landing.data.models import Engagement, Prospect, Visit
from landing.pages.visits import ENGAGED

Actions = dict[int, list[tuple[str, datetime]]]  # (kind, at) of what was done, by hit id


class EngagedHit(NamedTuple):
    """An engaged hit as the score sees it; visitor is the cookie, or network and browser;
    address the network it came from (truncated, as stored)."""

    id: int
    at: datetime
    visitor: str
    address: str = ""


def counted(
    connection: Connection,
    rep_id: int,
    horizon: datetime,
    now: datetime,
    kinds: tuple[str, ...],
    prospect_ids: list[int] | None = None,
) -> tuple[dict[int, list[EngagedHit]], Actions, dict[int, datetime]]:
    """The rep's counted hits by prospect; the beacons of those kinds on them, by hit; and
    when anything at all was last done on each prospect's hits.

    Only the kinds asked for come back, with the time of the last beacon of any kind on
    each hit: a busy rep has thousands of "visible" and "scroll" that say nothing else."""
    hits_ = _counted_hits(rep_id, horizon, now, prospect_ids)
    last_on_hit = (
        select(func.max(Engagement.at))
        .where(Engagement.visit_id == hits_.c.id, Engagement.at <= now)
        .scalar_subquery()
    )
    # One statement, so the rep's hits are looked up once: a hit's row has no kind, a
    # beacon's row has no visitor and no last time.
    query = union_all(
        select(hits_, _naive(last_on_hit, "last_done"), null().label("kind")),
        select(
            hits_.c.prospect_id,
            Engagement.visit_id,
            _naive(Engagement.at),
            null(),
            null(),
            null(),
            Engagement.kind,
        )
        .join(hits_, hits_.c.id == Engagement.visit_id)
        .where(Engagement.kind.in_(kinds), Engagement.at <= now),
    )
    hits: dict[int, list[EngagedHit]] = defaultdict(list)
    actions: Actions = defaultdict(list)
    last_done: dict[int, datetime] = {}
    rows = connection.execute(query).all()
    for prospect_id, hit_id, at, visitor, address, done_at, kind in rows:
        if kind is not None:
            actions[hit_id].append((kind, _aware(at)))
            continue
        hits[prospect_id].append(EngagedHit(hit_id, _aware(at), visitor, address))
        if done_at is not None and (
            prospect_id not in last_done or done_at > last_done[prospect_id]
        ):
            last_done[prospect_id] = done_at
    return hits, actions, {id_: _aware(at) for id_, at in last_done.items()}


def _counted_hits(
    rep_id: int, horizon: datetime, now: datetime, prospect_ids: list[int] | None = None
) -> CTE:
    """The rep's engaged hits that count: within the horizon, since the last connected call,
    of prospects still on the list (of those prospect_ids only, when given: a page of the
    prospect list scores its rows alone)."""
    only = [] if prospect_ids is None else [Visit.prospect_id.in_(prospect_ids)]
    # No cookie (refused, or privacy signals): the same network and browser is one visitor.
    # The row is read only then; the index of engaged hits answers everything else.
    row = Visit.__table__.alias("cookieless")
    network = select(row.c.ip + " " + row.c.user_agent).where(row.c.id == Visit.id)
    visitor = case((Visit.visitor_id != "", Visit.visitor_id), else_=network.scalar_subquery())
    return (
        select(Visit.prospect_id, Visit.id, _naive(Visit.at), visitor.label("visitor"), Visit.ip)
        .join(Prospect, Prospect.id == Visit.prospect_id)
        .where(
            Prospect.rep_id == rep_id,
            Prospect.do_not_contact == False,  # noqa: E712  (SQL, not Python)
            Prospect.archived_at.is_(None),
            # Written out, as in the partial index of engaged hits, so both databases see
            # that the index applies (a bound parameter could be anything).
            Visit.classification == literal(ENGAGED, literal_execute=True),
            Visit.at >= horizon,
            Visit.at <= now,
            or_(Prospect.score_since.is_(None), Visit.at >= Prospect.score_since),
            *only,
        )
        .cte("counted")
    )


_NAIVE_EPOCH = datetime(1970, 1, 1)
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _naive(column, name: str | None = None):
    """The column as the driver gives it, without models.UTCDateTime's per-value work."""
    return type_coerce(column, DateTime()).label(name or column.key)


def _aware(at: datetime) -> datetime:
    """A naive UTC time from _naive() as models.UTCDateTime gives it, in a third of the time
    .replace(tzinfo=UTC) takes (measured): there are thousands."""
    return _UTC_EPOCH + (at - _NAIVE_EPOCH)

"""Misses: requests for a page that does not exist, kept like visits.

A prospect who heard the URL once may type it wrong in a way we will not guess (two people
equally near, too many letters off). The rep can still tell who it probably was: the
miss is near a prospect whose voicemail went out in the last 7 days, or it resolves to a
prospect added or renamed later. The prospect never sees any of this; the 404 names no one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract
from sqlalchemy import Connection, insert, update
from sqlmodel import Session, select

from landing.core import clock
from landing.core.clock import utcnow
from landing.data.models import MissedVisit, Prospect, Voicemail
from landing.pages import visits
from landing.pages.visits import BOT, Hit
from landing.urls import heard_index, resolve, website
from landing.urls.slugs import slug_key

RECENT = timedelta(days=7)
PATH_LENGTH = 200
CLAIM_LOOKBACK = 2000  # misses re-checked when a prospect appears; older ones are let go
RESOLVED, NEAR = "resolved", "near"


def record(
    conn: Connection,
    typed: str,
    hit: Hit,
    near: resolve.NearMatch | None,
    viewer_rep_id: int | None = None,
    scanner_ranges: tuple = (),
    now: datetime | None = None,
) -> int:
    """Store one miss with its class and, for a person, whose page it probably was."""
    now = now or utcnow()
    classification, reason = visits.classify(hit, viewer_rep_id, scanner_ranges)
    probable = None
    if classification != BOT:
        probable = probably_meant(conn, typed, near, now)
    result = conn.execute(
        insert(MissedVisit.__table__).values(
            at=now,
            path=visits.without_nul(typed)[:PATH_LENGTH],
            ip="" if hit.private else visits.truncate_ip(hit.ip),
            user_agent="" if hit.private else visits.without_nul(hit.user_agent)[:512],
            classification=classification,
            reason=reason[:200],
            prospect_id=probable,
            why=NEAR if probable else "",
        )
    )
    return result.inserted_primary_key[0]


def probably_meant(
    conn: Connection, typed: str, near: resolve.NearMatch | None, now: datetime
) -> int | None:
    """The one prospect near the miss (one edit further than a redirect allows) whose
    voicemail went out in the last 7 days; None when there is not exactly one."""
    key = slug_key(typed)
    if not key:
        return None
    recent = _recent_voicemail_keys(conn, now)
    if not recent:
        return None
    # Names and sounds through the index; one more edit than a redirect allows by comparing
    # with the few prospects who just got a voicemail (in C: rapidfuzz).
    found = {c.id: c for c in heard_index.candidates(conn, heard_index.query_probes(typed))}
    spelled = [(spelling, pid) for pid, keys in recent.items() for spelling in keys.spelled()]
    close = extract(key, [s for s, _ in spelled], scorer=OSA.distance, score_cutoff=3, limit=None)
    ids = {spelled[index][1] for _match, _distance, index in close} - set(found)
    found.update((c.id, c) for c in heard_index.candidates_by_id(conn, ids))
    sounds = heard_index.typed_sounds(typed)
    ranked = sorted(
        (d, c.id)
        for c in found.values()
        if c.id in recent
        and c.active
        and (d := resolve.nearness(key, sounds, c, extra_edits=1)) is not None
    )
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def _recent_voicemail_keys(conn: Connection, now: datetime) -> dict[int, heard_index.NameKeys]:
    rows = conn.execute(
        select(Prospect.id, Prospect.slug_key, Prospect.first_key, Prospect.last_key).where(
            Prospect.id.in_(select(Voicemail.prospect_id).where(Voicemail.at >= now - RECENT))
        )
    )
    return {row[0]: heard_index.NameKeys(row[1], row[2], row[3]) for row in rows}


def claim_for(session: Session, prospect: Prospect, now: datetime | None = None) -> int:
    """Give a new or renamed prospect the recent misses that now resolve to them; how many."""
    keys = heard_index.keys_of(prospect.slug, prospect.first_name, prospect.last_name)
    sounds = heard_index.sounds_of(prospect.slug, prospect.first_name, prospect.last_name)
    session.flush()
    conn = session.connection()
    claimed = []
    for miss_id, path in _claimable(conn, now or utcnow()):
        if not _could_be(path, keys, sounds):
            continue  # the cheap test first: most misses are nowhere near this name
        key = slug_key(path)
        if key == keys.slug or resolve.near_match(conn, path).target_id == prospect.id:
            claimed.append(miss_id)
    _give(conn, {prospect.id: claimed})
    return len(claimed)


def claim_for_imported(
    session: Session,
    new: list[heard_index.Candidate],
    heard: list[dict],
    now: datetime | None = None,
) -> None:
    """claim_for, for a whole imported list at once (new: the new prospects, heard: their
    heard_key rows). A miss resolves to a new prospect only if it is near one (rule 3's
    nearness), which the new rows' own probes tell in memory: only such misses (a few
    hundred in 2,000, not every miss sharing a probe) are resolved against the database."""
    conn = session.connection()
    by_key = {c.keys.slug: c.id for c in new}
    by_id = {c.id: c for c in new}
    by_probe: dict[str, list[int]] = {}
    for row in heard:
        by_probe.setdefault(row["probe"], []).append(row["prospect_id"])
    owners: dict[str, int | None] = {}  # a path typed many times is resolved once
    # Read once for the whole list, not once a miss: each was a round trip of its own.
    website_keys, recent_days = website.keys(conn), resolve.company_recent_days(conn)

    def owner_of(path: str) -> int | None:
        key = slug_key(path)
        owner = by_key.get(key)
        if owner is None and key:
            probes = heard_index.query_probes(path)
            near = {i for probe in probes for i in by_probe.get(probe, ())}
            sounds = heard_index.typed_sounds(path) if near else frozenset()
            if any(resolve.nearness(key, sounds, by_id[i]) is not None for i in near):
                owner = resolve.near_match(
                    conn, path, recent_days=recent_days, website=website_keys, probes=probes
                ).target_id
        return owner

    claimed: dict[int, list[int]] = {}
    for miss_id, path in _claimable(conn, now or utcnow()):
        if path not in owners:
            owners[path] = owner_of(path)
        if owners[path] in by_id:
            claimed.setdefault(owners[path], []).append(miss_id)
    _give(conn, claimed)


def _claimable(conn: Connection, now: datetime) -> list[tuple[int, str]]:
    """The misses a new or renamed prospect may take: the last week's, nobody's yet, no bots,
    the newest CLAIM_LOOKBACK of them."""
    return conn.execute(
        select(MissedVisit.id, MissedVisit.path)
        .where(
            MissedVisit.at >= now - RECENT,
            MissedVisit.prospect_id.is_(None),
            MissedVisit.classification != BOT,
        )
        .order_by(MissedVisit.id.desc())
        .limit(CLAIM_LOOKBACK)
    ).all()


def _give(conn: Connection, claimed: dict[int, list[int]]) -> None:
    table = MissedVisit.__table__
    for owner, miss_ids in claimed.items():
        if miss_ids:
            conn.execute(
                update(table)
                .where(table.c.id.in_(miss_ids))
                .values(prospect_id=owner, why=RESOLVED)
            )


def about(session: Session, prospect: Prospect) -> list[int]:
    """Ids of every miss that was, or could have been, meant for prospect (any age or class;
    the path itself may name them): what forgetting them deletes."""
    keys = heard_index.keys_of(prospect.slug, prospect.first_name, prospect.last_name)
    sounds = heard_index.sounds_of(prospect.slug, prospect.first_name, prospect.last_name)
    rows = session.exec(
        select(MissedVisit.id, MissedVisit.path, MissedVisit.prospect_id).execution_options(
            yield_per=2000
        )
    )
    # A longer path that holds the whole name (/Rob-Mason-Acme) names them too.
    whole = [k for k in (keys.slug, keys.name) if len(k) >= 5]
    return [
        miss_id
        for miss_id, path, prospect_id in rows
        if prospect_id == prospect.id
        or _could_be(path, keys, sounds)
        or any(k in slug_key(path) for k in whole)
    ]


def _could_be(path: str, keys: heard_index.NameKeys, sounds: frozenset[str]) -> bool:
    key = slug_key(path)
    if not key:
        return False
    if key in (keys.first, keys.last) or heard_index.typed_sounds(path) & sounds:
        return True
    return any(OSA.distance(key, spelled, score_cutoff=2) <= 2 for spelled in keys.spelled())


@dataclass(frozen=True)
class Missed:
    """A miss shown to the rep: 'someone tried /Rob-Masen at 10:02, probably Rob Mason'."""

    visit: MissedVisit
    prospect: Prospect


def for_rep(
    session: Session, rep_id: int, now: datetime | None = None, prospect_id: int | None = None
) -> list[Missed]:
    """The rep's prospects' probable misses of the last 7 days, newest first."""
    now = now or utcnow()
    query = (
        select(MissedVisit, Prospect)
        .join(Prospect, Prospect.id == MissedVisit.prospect_id)
        .where(Prospect.rep_id == rep_id, MissedVisit.at >= now - RECENT)
        .order_by(MissedVisit.at.desc())
        .limit(50)
    )
    if prospect_id is not None:
        query = query.where(Prospect.id == prospect_id)
    return [Missed(visit, prospect) for visit, prospect in session.exec(query).all()]


def as_json(miss: MissedVisit) -> dict:
    return {
        "at": clock.iso(miss.at),
        "path": miss.path,
        "classification": miss.classification,
        "reason": miss.reason,
        "prospect_id": miss.prospect_id,
        "why": miss.why,
    }

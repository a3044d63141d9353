"""What a typed path means: the page, a redirect to the page it surely meant, or nothing.

The URL reaches the prospect by ear, once. In order:
1. the exact slug → the page;
2. the same key in another spelling (case, separators, dashes, accents) → 301 to the slug;
3. one prospect, and only one, near what was typed (one edit for keys up to 8 letters, two
   for longer, a neighbour swap counting as one; the same sound per name part; the first
   or last name alone, within 14 days of a voicemail to them; the name reversed) and
   nearer to it than any reserved word → 302;
4. anything else → the plain 404, which names no one.
Archived and do-not-contact prospects are never reached, yet they still count as near:
the typos meant for them must not land on somebody else's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne
from sqlalchemy import Connection, select

from landing.core.clock import utcnow
from landing.data.models import Prospect, Rep, RetiredSlug, Voicemail
from landing.urls import heard_index
from landing.urls.heard_index import Candidate, edits_allowed
from landing.urls.slugs import RESERVED, slug_key

NAME_ALONE_AFTER_VOICEMAIL = timedelta(days=14)


@dataclass(frozen=True)
class PageData:
    """The little a prospect's page needs, read with one query."""

    prospect_id: int
    slug: str
    first_name: str
    next_call_on: date
    rep_name: str
    rep_email: str
    rep_phone: str
    rep_booking_url: str
    rep_photo_url: str
    rep_title: str
    # What the rep tailored for this prospect; empty: the team's (or the rep's booking link).
    personal_note: str = ""
    video_url: str = ""
    offer_text: str = ""
    prospect_booking_url: str = ""
    language: str = ""  # empty: the company's

    @property
    def booking_url(self) -> str:
        return self.prospect_booking_url or self.rep_booking_url


@dataclass(frozen=True)
class NearMatch:
    """The prospects near what was typed, with how near, and the one it surely meant."""

    matched: tuple[tuple[Candidate, int], ...] = ()
    target: Candidate | None = None
    partial: bool = False  # the target matched by the first or the last name alone

    @property
    def target_id(self) -> int | None:
        return self.target.id if self.target else None


@dataclass(frozen=True)
class Resolution:
    page: PageData | None = None
    redirect_to: str | None = None  # canonical slug when the typed one differs
    permanent: bool = True  # 301 for the same key; a near match is only a guess: 302
    near: NearMatch | None = None  # on a miss, what was near (for the log of misses)


def load_page(conn: Connection, key: str) -> PageData | None:
    row = conn.execute(
        select(
            Prospect.id,
            Prospect.slug,
            Prospect.first_name,
            Prospect.next_call_on,
            Rep.name,
            Rep.email,
            Rep.phone,
            Rep.booking_url,
            Rep.photo_url,
            Rep.title,
            Prospect.personal_note,
            Prospect.video_url,
            Prospect.offer_text,
            Prospect.booking_url,
            Prospect.language,
        )
        .join(Rep, Rep.id == Prospect.rep_id)
        .where(
            Prospect.slug_key == key,
            Prospect.do_not_contact == False,  # noqa: E712
            Prospect.archived_at.is_(None),
        )
    ).first()
    return PageData(*row) if row else None


def resolve(
    typed: str,
    find: Callable[[str], PageData | None],
    near: Callable[[str], NearMatch] | None = None,
) -> Resolution:
    """The page, a redirect to the page meant, or nothing (see the rules above)."""
    key = slug_key(typed)
    if not key or key in RESERVED:
        return Resolution()
    page = find(key)
    if page is not None:
        if typed != page.slug:
            return Resolution(redirect_to=page.slug)
        return Resolution(page=page)
    if near is None:
        return Resolution()
    match = near(typed)
    if match.target is not None:
        return Resolution(redirect_to=match.target.slug, permanent=False, near=match)
    return Resolution(near=match)


def near_match(conn: Connection, typed: str, now: datetime | None = None) -> NearMatch:
    """Rule 3: the one prospect near what was typed, if there is exactly one. A first or
    last name alone only leads to someone who was left a voicemail lately: a listener types
    what they heard, and a stranger must not learn a full name from half of it."""
    found = heard_index.candidates(conn, heard_index.query_probes(typed))
    match = judge(typed, found)
    if match.target is None:
        return match
    if _retired_within(conn, slug_key(typed), match.matched[0][1]):
        return NearMatch(match.matched)  # the forgotten person's old URL, or a typo of it
    since = (now or utcnow()) - NAME_ALONE_AFTER_VOICEMAIL
    if match.partial and not _voicemail_since(conn, match.target.id, since):
        return NearMatch(match.matched)
    return match


def _voicemail_since(conn: Connection, prospect_id: int, since: datetime) -> bool:
    query = select(Voicemail.id).where(Voicemail.prospect_id == prospect_id, Voicemail.at >= since)
    return conn.execute(query.limit(1)).first() is not None


def judge(typed: str, candidates: list[Candidate], extra_edits: int = 0) -> NearMatch:
    key = slug_key(typed)
    typed_sounds = heard_index.typed_sounds(typed)
    matched = tuple(
        (c, d) for c in candidates if (d := nearness(key, typed_sounds, c, extra_edits)) is not None
    )
    if len(matched) != 1:
        return NearMatch(matched)  # nobody, or two or more: a guess could be someone else
    candidate, distance = matched[0]
    if not candidate.active or _reserved_within(key, distance):
        return NearMatch(matched)
    return NearMatch(matched, candidate, key in (candidate.keys.first, candidate.keys.last))


def nearness(
    key: str, typed_sounds: frozenset[str], candidate: Candidate, extra_edits: int = 0
) -> int | None:
    """How many edits what was typed is from the candidate, if near by any rule; else None.

    The first or last name alone, or the whole name reversed, count as 0; the same sound
    as 1 at most."""
    keys = candidate.keys
    if key in (keys.first, keys.last, keys.reversed):
        return 0
    best = None
    for spelled in keys.spelled():
        allowed = edits_allowed(len(spelled)) + extra_edits
        distance = OSA.distance(key, spelled, score_cutoff=allowed)
        if distance <= allowed and (best is None or distance < best):
            best = distance
    if typed_sounds & candidate.sounds:
        best = 1 if best is None else min(best, 1)
    return best


def _retired_within(conn: Connection, key: str, distance: int) -> bool:
    """Whether the slug of a forgotten prospect (landing prospect forget) is as near to what
    was typed as the match: within the retention window it leads to no one else."""
    retired = conn.execute(
        select(RetiredSlug.slug_key).where(RetiredSlug.until > utcnow())
    ).scalars()
    return extractOne(key, list(retired), scorer=OSA.distance, score_cutoff=distance) is not None


def _reserved_within(key: str, distance: int) -> bool:
    """Whether a word the app keeps for itself is as near to what was typed as the match."""
    return extractOne(key, RESERVED, scorer=OSA.distance, score_cutoff=distance) is not None

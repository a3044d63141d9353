"""What a typed path means: the page, a redirect to the page it surely meant, or nothing.

The URL reaches the prospect by ear, once. In order:
1. the exact slug → the page;
2. the same key in another spelling (case, separators, dashes, accents) → 301 to the slug;
3. one prospect, and only one, near what was typed (one edit for keys up to 8 letters, two
   for longer, a neighbour swap counting as one; the same sound per name part; the first
   or last name alone, after a voicemail to them; the name reversed) and nearer to it
   than any reserved word or path of the company's website → 302. A URL nobody said aloud
   cannot have been heard: when exactly one of the near prospects was left a voicemail in
   the company's window (heard_recent_days), it is the one, even if others never called
   are as near. Two edits, a sound alone or a name alone reach no one while anybody else
   is two edits away (a listener may have typed two mistakes for them);
4. anything else, and every path of the company's website (landing.urls.website), whatever
   prospect it might be near → the plain 404, which names no one (or, with the website
   behind landing, the website's answer: landing.web.website_proxy).
Archived and do-not-contact prospects are never reached, yet they still count as near:
the typos meant for them must not land on somebody else's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne
from sqlalchemy import Connection, and_, bindparam, func, select

from landing.core.clock import utcnow
from landing.data.models import Company, Prospect, Rep, RetiredSlug, Video, WebsitePath
from landing.urls import heard_index
from landing.urls.heard_index import Candidate, edits_allowed
from landing.urls.slugs import RESERVED, slug_key

# Half a name must not reveal the whole (issue 14.7): at most this long after a voicemail.
NAME_ALONE_AFTER_VOICEMAIL = timedelta(days=14)
RECENT_DAYS = 30  # the company's heard_recent_days until an admin sets it
SHADOW_EDITS = 2  # anyone this many edits away makes a loose guess unsafe


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
    # The rep's personal video for them, once ready (landing/videos/): its files' digest.
    video_digest: str | None = None
    video_width: int | None = None
    video_height: int | None = None

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


# The prospect's own personal video, else the team's default (landing/videos/library.py).
_shown_video = func.coalesce(
    Prospect.video_id, select(Company.default_video_id).limit(1).scalar_subquery()
)
# Built once: building the statement cost more than running it, on every first visit.
PAGE_QUERY = (
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
        Video.digest,
        Video.width,
        Video.height,
    )
    .join(Rep, Rep.id == Prospect.rep_id)
    .outerjoin(Video, and_(Video.id == _shown_video, Video.status == "ready"))
    .where(
        Prospect.slug_key == bindparam("key"),
        Prospect.do_not_contact == False,  # noqa: E712
        Prospect.archived_at.is_(None),
    )
)


def load_page(conn: Connection, key: str) -> PageData | None:
    row = conn.execute(PAGE_QUERY, {"key": key}).first()
    return page_of_row(row) if row else None


def page_of_row(row: tuple) -> PageData:
    """The page of a row of PAGE_QUERY."""
    return PageData(*row)


def resolve(
    typed: str,
    find: Callable[[str], PageData | None],
    near: Callable[[str], NearMatch] | None = None,
    website: frozenset[str] = frozenset(),
) -> Resolution:
    """The page, a redirect to the page meant, or nothing (see the rules above). website:
    the keys of the website's top-level paths, which lead to no prospect."""
    key = slug_key(typed)
    if not key or key in RESERVED or key in website:
        return Resolution()
    if "/" in typed.strip("/") and slug_key(typed.split("/", 1)[0]) in website:
        return Resolution()  # /blog/rob-mason is the website's blog
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


def near_match(
    conn: Connection,
    typed: str,
    now: datetime | None = None,
    recent_days: int | None = None,
    website: frozenset[str] | None = None,
    probes: set[str] | None = None,
) -> NearMatch:
    """Rule 3: the one prospect near what was typed, if there is exactly one, or exactly one
    of those a voicemail said the URL to lately (recent_days: the company's setting, read
    when not given; 0: voicemails are no evidence). A first or last name alone only leads
    to someone left a voicemail lately: a listener types what they heard, and a stranger
    must not learn a full name from half of it. website: the keys of the website's paths
    (landing.urls.website), read when not given: a guess as near to one is no guess.
    probes: query_probes(typed), when the caller has them already (a batch)."""
    now = now or utcnow()
    if website is None:
        website = frozenset(conn.execute(select(WebsitePath.key)).scalars())
    if recent_days is None:
        recent_days = company_recent_days(conn)
    since = now - timedelta(days=recent_days) if recent_days > 0 else None
    found = heard_index.candidates(conn, probes or heard_index.query_probes(typed))
    match = judge(typed, found, since=since, kept=website)
    if match.target is None:
        return match
    if _retired_within(conn, slug_key(typed), match.matched[0][1]):
        return NearMatch(match.matched)  # the forgotten person's old URL, or a typo of it
    alone = min(NAME_ALONE_AFTER_VOICEMAIL, now - since) if since else NAME_ALONE_AFTER_VOICEMAIL
    if match.partial and not _said_since(match.target, now - alone):
        return NearMatch(match.matched)
    return match


def company_recent_days(conn: Connection) -> int:
    """The company's heard_recent_days: RECENT_DAYS until an admin sets it."""
    days = conn.execute(select(Company.heard_recent_days).order_by(Company.id).limit(1))
    found = days.scalar()
    return RECENT_DAYS if found is None else found


def _said_since(candidate: Candidate, since: datetime | None) -> bool:
    """Whether a voicemail said the candidate's URL since then (never, with no window)."""
    return (
        since is not None and candidate.voicemail_at is not None and candidate.voicemail_at >= since
    )


def judge(
    typed: str,
    candidates: list[Candidate],
    extra_edits: int = 0,
    since: datetime | None = None,
    kept: frozenset[str] = frozenset(),
) -> NearMatch:
    key = slug_key(typed)
    typed_sounds = heard_index.typed_sounds(typed)
    matched = tuple(
        (c, d) for c in candidates if (d := nearness(key, typed_sounds, c, extra_edits)) is not None
    )
    said = [(c, d) for c, d in matched if _said_since(c, since)]
    if len(said) == 1 and all(d >= said[0][1] for _c, d in matched):
        chosen, by_ear = said[0], True  # the one who heard it; others were not called lately
    elif len(matched) == 1 and not said:
        chosen, by_ear = matched[0], False
    else:
        return NearMatch(matched)  # nobody, or two or more: a guess could be someone else
    candidate, distance = chosen
    if not candidate.active or _reserved_within(key, distance, kept):
        return NearMatch(matched)
    partial = key in (candidate.keys.first, candidate.keys.last)
    # Loose: a name alone, two edits, or only the sound; a guess that needs no rival near.
    loose = partial or not _spelled_within(key, candidate, SHADOW_EDITS - 1)
    # A guess at someone never called is unsafe beside anyone heard lately; a loose one,
    # beside anybody. After a voicemail to the target, only others also heard count.
    only_heard = by_ear or not loose
    if (loose or (since and not by_ear)) and _shadowed(
        key, candidate, candidates, only_heard, since
    ):
        return NearMatch(matched)
    return NearMatch(matched, candidate, partial)


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


def _shadowed(
    key: str,
    target: Candidate,
    candidates: list[Candidate],
    only_heard: bool,
    since: datetime | None,
) -> bool:
    """Whether someone else is two edits from what was typed (the same sound already makes
    them near): then two typos, half a name or a sound may as well have been meant for them.
    The wide probes fetch them, so the index finds what a comparison with everyone would."""
    for other in candidates:
        if other.id == target.id or (only_heard and not _said_since(other, since)):
            continue
        if _spelled_within(key, other, SHADOW_EDITS):
            return True
    return False


def _spelled_within(key: str, candidate: Candidate, edits: int) -> bool:
    spelled = candidate.keys.spelled()
    return any(OSA.distance(key, k, score_cutoff=edits) <= edits for k in spelled)


def _retired_within(conn: Connection, key: str, distance: int) -> bool:
    """Whether the slug of a forgotten prospect (landing prospect forget) is as near to what
    was typed as the match: within the retention window it leads to no one else."""
    retired = conn.execute(
        select(RetiredSlug.slug_key).where(RetiredSlug.until > utcnow())
    ).scalars()
    return extractOne(key, list(retired), scorer=OSA.distance, score_cutoff=distance) is not None


def _reserved_within(key: str, distance: int, kept: frozenset[str] = frozenset()) -> bool:
    """Whether a word the app keeps for itself, or a path of the website (kept), is as near
    to what was typed as the match."""
    for words in (RESERVED, kept):
        if words and extractOne(key, words, scorer=OSA.distance, score_cutoff=distance):
            return True
    return False

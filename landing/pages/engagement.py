"""What visitors do on a page: beacons that confirm a person, and the links and trap that
unmask a scanner. A hit is promoted from unconfirmed to engaged by its first beacon."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from landing.core.clock import utcnow
from landing.data.models import Engagement, Prospect, Rep, Visit
from landing.notify import notices
from landing.pages.visits import BOT, ENGAGED, UNCONFIRMED

# What page.js reports. Each is kept once per hit.
BEACON_KINDS = (
    "visible",
    "scroll",
    "video_play",
    "video_25",
    "video_50",
    "video_75",
    "video_100",
    # the same of the rep's personal video, above the team's on the page (landing/videos/)
    "personal_play",
    "personal_25",
    "personal_50",
    "personal_75",
    "personal_100",
    "click_call",
    "click_email",
    "click_booking",
    "click_offer",
)
LINK_KINDS = ("booking",)  # page links that pass through us on their way out
TRAP = "trap"
VISIT_GAP = timedelta(minutes=30)  # one visitor's hits closer than this are one visit
# What makes a person of a hit, and how soon at the earliest after page.js was given the
# hit's key (it asks as it starts): "visible" comes after 3 seconds on screen (a little is
# allowed for the clocks of several hosts); a tap takes a person a moment to make. Other
# beacons (scroll, video) are kept and count once the hit is a person's.
PROMOTES = {"visible": timedelta(seconds=2.5)} | {
    kind: timedelta(seconds=1) for kind in BEACON_KINDS if kind.startswith("click_")
}
BEACON_WINDOW = timedelta(hours=12)  # a page left open all day still reports; older, not
ALL_LINKS_WINDOW = timedelta(seconds=2)
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,32}")  # secrets.token_urlsafe's alphabet


class BeaconError(Exception):
    """A beacon or link we cannot take: code and message for the JSON body, HTTP status."""

    def __init__(self, code: str, message: str, status: int):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True)
class BeaconResult:
    stored: bool  # False when the same kind had already been reported for this hit
    engaged: bool  # the hit is engaged now
    notice_id: int | None  # the notice this beacon caused (the first of a new visit)


def find_hit(session: Session, token: str) -> Visit | None:
    # Only what new_token() makes is looked up: a stray byte (a NUL, which PostgreSQL
    # refuses in any string) is no page view, not a database error.
    if not TOKEN.fullmatch(token or ""):
        return None
    return session.exec(select(Visit).where(Visit.token == token)).first()


def record_beacon(
    session: Session,
    token: str,
    kind: str,
    channels: frozenset[str] = frozenset(),
    now: datetime | None = None,
    limits: notices.NoticeLimits | None = None,
    key_given: datetime | None = None,
) -> BeaconResult:
    """Keep what the visitor did, each kind once per hit. "visible" no sooner than page.js
    sends it, or a tap, makes a person of the hit (PROMOTES); what came before counts from
    then on. The first such hit of a new visit tells the rep (landing.notify.notices: how often).

    key_given: when page.js was given the hit's key (landing.pages.beacon_keys), which it asks for
    as it starts: its clock runs from about then. None: from the hit itself."""
    now = now or utcnow()
    if kind not in BEACON_KINDS:
        raise BeaconError("bad_kind", f"Kind must be one of: {', '.join(BEACON_KINDS)}.", 400)
    hit = _live_hit(session, token, now)
    soon = kind in PROMOTES and now - (key_given or hit.at) < PROMOTES[kind]
    if soon and kind == "visible":
        # Refused, not kept: the page's own "visible" must still be able to come.
        raise BeaconError("too_early", "The page has not been on screen that long.", 425)
    stored = _store(session, hit, kind, now)
    promoted = stored and kind in PROMOTES and not soon and _promote(session, hit, kind, now)
    notice_id = None
    if promoted and starts_a_visit(session, hit):
        prospect = session.get(Prospect, hit.prospect_id)
        rep = session.get(Rep, prospect.rep_id)
        notice = notices.notify_engaged_visit(session, rep, prospect, hit, channels, now, limits)
        notice_id = notice.id if notice else None
    session.commit()
    return BeaconResult(stored, hit.classification == ENGAGED or promoted, notice_id)


def record_trap(session: Session, token: str, now: datetime | None = None) -> None:
    """The hidden link no person sees was followed: whatever fetched the page is a bot."""
    now = now or utcnow()
    hit = _live_hit(session, token, now)
    _store(session, hit, TRAP, now)
    _mark_bot(session, hit, "followed the hidden trap link")
    session.commit()


def follow_link(
    session: Session, token: str, kind: str, links_on_page: int, now: datetime | None = None
) -> Visit:
    """Keep that a page link was followed; every link within 2 seconds is a scanner's sweep."""
    now = now or utcnow()
    if kind not in LINK_KINDS:
        raise BeaconError("bad_link", "No such link on this page.", 404)
    hit = _live_hit(session, token, now)
    _store(session, hit, f"link_{kind}", now)
    swept = session.exec(
        select(func.count(Engagement.id)).where(
            Engagement.visit_id == hit.id,
            Engagement.kind.startswith("link_"),
            Engagement.at <= hit.at + ALL_LINKS_WINDOW,
        )
    ).one()
    # A beacon already showed a person (who may well book at once): only a silent sweep counts.
    if links_on_page and swept >= links_on_page and hit.classification == UNCONFIRMED:
        _mark_bot(session, hit, "opened every link on the page within 2 seconds")
    session.commit()
    return hit


def starts_a_visit(session: Session, hit: Visit) -> bool:
    """Whether no other engaged hit of the same visitor is within 30 minutes of this one.

    Both sides count: beacons of a page opened earlier may arrive after a reload's."""
    earlier = session.exec(
        select(func.count(Visit.id)).where(
            Visit.prospect_id == hit.prospect_id,
            Visit.id != hit.id,
            Visit.classification == ENGAGED,
            Visit.at >= hit.at - VISIT_GAP,
            Visit.at <= hit.at + VISIT_GAP,
            _same_visitor(hit),
        )
    ).one()
    return earlier == 0


def _same_visitor(hit: Visit):
    if hit.visitor_id:
        return Visit.visitor_id == hit.visitor_id
    # No cookie (refused, or privacy signals): the same network and browser is our best guess.
    return and_(Visit.visitor_id == "", Visit.ip == hit.ip, Visit.user_agent == hit.user_agent)


def _live_hit(session: Session, token: str, now: datetime) -> Visit:
    hit = find_hit(session, token)
    if hit is None:
        raise BeaconError("unknown_hit", "No page view with that token.", 404)
    if now - hit.at > BEACON_WINDOW:
        raise BeaconError("expired", "That page view is too old to report on.", 410)
    return hit


def _store(session: Session, hit: Visit, kind: str, now: datetime) -> bool:
    """Insert the event unless this hit already has one of this kind; whether it did."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Whether a row came back, not rowcount: on PostgreSQL SQLAlchemy returns the new id
    # and then reports a rowcount of -1 whether or not a row went in.
    inserted = session.execute(
        insert(Engagement.__table__)
        .values(visit_id=hit.id, prospect_id=hit.prospect_id, kind=kind, at=now)
        .on_conflict_do_nothing(index_elements=["visit_id", "kind"])
        .returning(Engagement.__table__.c.id)
    ).first()
    return inserted is not None


def _promote(session: Session, hit: Visit, kind: str, now: datetime) -> bool:
    """unconfirmed → engaged, exactly once even when two beacons race; whether this one did."""
    result = session.execute(
        update(Visit.__table__)
        .where(Visit.id == hit.id, Visit.classification == UNCONFIRMED)
        .values(classification=ENGAGED, engaged_at=now, reason=f"beacon: {kind}")
    )
    if result.rowcount != 1:
        return False
    session.refresh(hit)
    return True


def _mark_bot(session: Session, hit: Visit, reason: str) -> None:
    session.execute(
        update(Visit.__table__)
        .where(Visit.id == hit.id, or_(Visit.classification != BOT, Visit.reason != reason))
        .values(classification=BOT, reason=reason)
    )

"""Tables. Input shapes (what forms, the CLI and the API accept) live with their services."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from landing.core.clock import utcnow
from landing.data.scanner_defaults import DEFAULT_RANGES

# The call-next score's weights a team starts with: the table's, settings' and ranking's.
SCORE_WEIGHTS = {
    "weight_visit": 10, "weight_repeat_visit": 5, "weight_video_play": 15, "weight_video_75": 20,
    "weight_contact_click": 30, "weight_forwarded": 15, "half_life_hours": 72,
}  # fmt: skip


class UTCDateTime(sa.types.TypeDecorator):
    """Stores UTC without a zone (SQLite has none) and hands back aware datetimes."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: landing stores timezone-aware UTC only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _when(nullable: bool = False, **kwargs) -> dict:
    return {"sa_type": UTCDateTime, "nullable": nullable, **kwargs}


def _default_scanner_ranges() -> str:
    return DEFAULT_RANGES


class Rep(SQLModel, table=True):
    """A sales rep who signs in; owns prospects."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    is_admin: bool = False
    active: bool = True
    phone: str = Field(default="", max_length=40)
    booking_url: str = Field(default="", max_length=500)
    photo_url: str = Field(default="", max_length=500)
    words_per_minute: int = 150  # the rep's speaking pace, for script length and Listen
    default_goal: str = Field(default="", max_length=16)  # empty: the team's default
    # How the rep hears of an engaged visit besides the app, and when not to be disturbed.
    notify_email: bool = True
    webhook_url: str = Field(default="", max_length=500)
    webhook_secret: str = Field(default="", max_length=200)  # signs webhooks (HMAC-SHA256)
    webhook_failures: int = 0  # failed deliveries in a row; at 20 the webhook is turned off
    webhook_disabled: bool = False
    timezone: str = Field(default="UTC", max_length=64)
    quiet_start: str = Field(default="", max_length=5)  # "20:00"; empty: never quiet
    quiet_end: str = Field(default="", max_length=5)  # "07:30"
    created_at: datetime = Field(default_factory=utcnow, **_when())

    # Flask-Login's user interface, kept here so the table is the session's user.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


class RepSession(SQLModel, table=True):
    """A signed-in browser. Its cookie holds a random token, this row only the token's
    SHA-256: signing out, a password change or deactivation deletes rows, which ends those
    sessions on the server whatever the browser still holds."""

    id: str = Field(primary_key=True, max_length=64)  # hex SHA-256 of the cookie's token
    rep_id: int = Field(foreign_key="rep.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, **_when())  # the absolute timeout
    last_seen_at: datetime = Field(default_factory=utcnow, **_when())  # the idle timeout


class ApiToken(SQLModel, table=True):
    """A rep's key to the JSON API. Shown once when made; only its SHA-256 is kept."""

    id: int | None = Field(default=None, primary_key=True)
    rep_id: int = Field(foreign_key="rep.id", index=True)
    name: str = Field(default="", max_length=80)  # what the rep calls it: "HubSpot sync"
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=12)  # the token's first characters, to tell tokens apart
    created_at: datetime = Field(default_factory=utcnow, **_when())
    last_used_at: datetime | None = Field(default=None, **_when(nullable=True))
    revoked_at: datetime | None = Field(default=None, **_when(nullable=True))


class Invite(SQLModel, table=True):
    """A single-use, expiring link an admin made: for a new rep to join, or (rep_id set) for
    a rep whose password the admin reset to choose a new one. Only the token's hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    email: str = Field(max_length=254)
    is_admin: bool = False
    rep_id: int | None = Field(default=None, foreign_key="rep.id")  # set: a password reset
    invited_by: int = Field(foreign_key="rep.id")
    created_at: datetime = Field(default_factory=utcnow, **_when())
    expires_at: datetime = Field(**_when())
    used_at: datetime | None = Field(default=None, **_when(nullable=True))


class Attempt(SQLModel, table=True):
    """A counted attempt (a failed sign-in, a missed page) in a bucket, so that limits hold
    across every worker and host. Buckets name keyed hashes, never an address or email."""

    __table_args__ = (sa.Index("ix_attempt_bucket_at", "bucket", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    bucket: str = Field(max_length=100)  # "signin-account:<hmac>", "miss-address:<hmac>"
    at: datetime = Field(default_factory=utcnow, index=True, **_when())


class RetiredSlug(SQLModel, table=True):
    """The slug of a forgotten prospect, given to no one else before `until`."""

    slug_key: str = Field(primary_key=True, max_length=60)
    until: datetime = Field(**_when())


class Company(SQLModel, table=True):
    """The one row of company-wide settings an admin edits; empty fields fall back to config."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=120)
    public_base_url: str = Field(default="", max_length=200)
    video_url: str = Field(default="", max_length=500)
    offer_text: str = Field(default="", max_length=4000)
    reference_1: str = Field(default="", max_length=120)
    reference_2: str = Field(default="", max_length=120)
    language: str = Field(default="en", max_length=8)  # prospects' pages unless theirs is set
    # How prospects' pages look: a layout ("classic" or "spotlight"), the logo, the brand
    # colour ("#1f6feb") and customers to name, one per line: "Name" or "Name | logo URL".
    page_layout: str = Field(default="classic", max_length=16)
    logo_url: str = Field(default="", max_length=500)
    brand_colour: str = Field(default="", max_length=7)
    customers: str = Field(default="", max_length=4000)
    default_goal: str = Field(default="visit", max_length=16)
    # How the page address is said: "forward slash" or "slash"; "hyphen" or "dash".
    url_slash: str = Field(default="forward slash", max_length=16)
    url_hyphen: str = Field(default="hyphen", max_length=16)
    # Where prospects write about their data (the privacy notice); empty: the rep's email.
    privacy_contact: str = Field(default="", max_length=254)
    # Product words ("the how") the linter warns about, one per line.
    how_words: str = Field(default="", max_length=2000)
    # Address ranges of email security scanners, one per line; their hits are bots.
    scanner_ranges: str = Field(default_factory=lambda: _default_scanner_ranges(), max_length=20000)
    # The call-next score: each event's weight, halved every half_life_hours.
    weight_visit: int = SCORE_WEIGHTS["weight_visit"]
    weight_repeat_visit: int = SCORE_WEIGHTS["weight_repeat_visit"]
    weight_video_play: int = SCORE_WEIGHTS["weight_video_play"]
    weight_video_75: int = SCORE_WEIGHTS["weight_video_75"]
    weight_contact_click: int = SCORE_WEIGHTS["weight_contact_click"]
    weight_forwarded: int = SCORE_WEIGHTS["weight_forwarded"]
    half_life_hours: int = SCORE_WEIGHTS["half_life_hours"]


class Prospect(SQLModel, table=True):
    """A person a rep is about to call, with the speakable slug of their page."""

    id: int | None = Field(default=None, primary_key=True)
    rep_id: int = Field(foreign_key="rep.id", index=True)
    first_name: str = Field(max_length=80)
    last_name: str = Field(default="", max_length=80)
    company: str = Field(default="", max_length=120)
    title: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    outcome: str = Field(default="", max_length=200)
    # Display slug as spoken and linked; the key (lowercase letters and digits) is unique.
    slug: str = Field(max_length=60)
    slug_key: str = Field(max_length=60, unique=True, index=True)
    # The names' keys, for heard-URL matching (kept by landing.urls.heard_index).
    first_key: str = Field(default="", max_length=80)
    last_key: str = Field(default="", max_length=80)
    next_call_on: date
    goal: str = Field(default="", max_length=16)  # empty: the rep's or team's default
    name_spelling: str = Field(default="", max_length=200)  # "Siobhan, S I O B H A N"
    language: str = Field(default="", max_length=16)  # "de"; empty: the company's
    # What the rep tailored for this person; empty fields show the team's (or the rep's).
    personal_note: str = Field(default="", max_length=500)  # "Rob, we met at LogiMAT"
    video_url: str = Field(default="", max_length=500)
    offer_text: str = Field(default="", max_length=4000)
    booking_url: str = Field(default="", max_length=500)
    voicemails_left: int = 0  # the next voicemail is attempt voicemails_left + 1
    do_not_contact: bool = False  # never on the call-next list, never notified about
    # Archived: off every list and never resolved to, but its slug stays taken and its
    # near-misses stay ambiguous, so no one else gets the typos meant for this person.
    archived_at: datetime | None = Field(default=None, **_when(nullable=True))
    # Engagement before this moment no longer counts for the score (a call connected).
    score_since: datetime | None = Field(default=None, **_when(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, **_when())

    @property
    def next_attempt(self) -> int:
        return self.voicemails_left + 1

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class HeardKey(SQLModel, table=True):
    """A probe that finds a prospect from a misheard URL without reading every row.

    Pieces of the slug's key (any string one or two edits away shares one with it), the
    first and last names alone, and the name's sound. Kept by landing.urls.heard_index."""

    probe: str = Field(primary_key=True, max_length=80)
    prospect_id: int = Field(foreign_key="prospect.id", primary_key=True, index=True)


class MissedVisit(SQLModel, table=True):
    """A miss: a request for a page that does not exist, kept like a visit, with whose it
    probably was."""

    __tablename__ = "orphanvisit"  # its name before "misses" was the word; kept, no migration
    __table_args__ = (sa.Index("ix_orphanvisit_prospect_at", "prospect_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True, **_when())
    path: str = Field(max_length=200)  # as typed, cut to 200 characters
    ip: str = Field(default="", max_length=64)  # truncated, like a visit's
    user_agent: str = Field(default="", max_length=512)
    classification: str = Field(max_length=16)
    reason: str = Field(default="", max_length=200)
    # Whose page it probably was: it resolves to them now, or was near a recent voicemail.
    prospect_id: int | None = Field(default=None, foreign_key="prospect.id")
    why: str = Field(default="", max_length=16)  # "resolved" or "near"


class Visit(SQLModel, table=True):
    """One request for a prospect's page (a hit), kept whatever it was, with its class.

    bot, unconfirmed (a plausible browser, no beacon yet), engaged (a beacon arrived), or rep
    (the rep's own view). Hits of one visitor within 30 minutes make one visit when counted.
    """

    __table_args__ = (
        sa.Index("ix_visit_prospect_at", "prospect_id", "at"),
        # The call-next list reads only engaged hits, a sixth of all: this index holds them
        # with everything the list needs from the row but the cookieless fallback.
        sa.Index(
            "ix_visit_engaged",
            "prospect_id",
            "at",
            "visitor_id",
            "ip",
            sqlite_where=sa.text("classification = 'engaged'"),
            postgresql_where=sa.text("classification = 'engaged'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(foreign_key="prospect.id")
    at: datetime = Field(default_factory=utcnow, **_when())
    ip: str = Field(default="", max_length=64)  # truncated to /24 or /48, never the full address
    user_agent: str = Field(default="", max_length=512)
    referrer: str = Field(default="", max_length=512)
    method: str = Field(default="GET", max_length=10)
    classification: str = Field(max_length=16)
    reason: str = Field(default="", max_length=200)
    visitor_id: str = Field(default="", max_length=32)  # the first-party visitor cookie
    # Random, in the page this hit was answered with: beacons and links name their hit by it.
    token: str | None = Field(default=None, max_length=32, unique=True)
    engaged_at: datetime | None = Field(default=None, **_when(nullable=True))
    # More hits this row stands for: past the per-minute limit of one address or visitor,
    # hits are counted here instead of stored one by one (landing.pages.visit_gate).
    repeats: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Engagement(SQLModel, table=True):
    """Something a visitor did on the page (a beacon) or a link of the page being followed."""

    __table_args__ = (
        sa.UniqueConstraint("visit_id", "kind", name="uq_engagement_visit_kind"),
        sa.Index("ix_engagement_prospect_at", "prospect_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id")
    prospect_id: int = Field(foreign_key="prospect.id")
    kind: str = Field(max_length=24)  # visible, scroll, video_play, video_75, click_booking...
    at: datetime = Field(default_factory=utcnow, **_when())


class Notice(SQLModel, table=True):
    """Something the rep is told: an engaged visit (one per visit), or a webhook turned off."""

    __table_args__ = (
        sa.Index("ix_notice_rep_id_id", "rep_id", "id"),
        # How long since a prospect's last notice (one per quiet spell).
        sa.Index("ix_notice_prospect_at", "prospect_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rep_id: int = Field(foreign_key="rep.id")
    prospect_id: int | None = Field(default=None, foreign_key="prospect.id")
    visit_id: int | None = Field(default=None, foreign_key="visit.id", unique=True)
    kind: str = Field(max_length=24)  # engaged_visit or webhook_disabled
    text: str = Field(max_length=500)
    at: datetime = Field(default_factory=utcnow, **_when())
    read_at: datetime | None = Field(default=None, **_when(nullable=True))


class OutboxMessage(SQLModel, table=True):
    """A notice on its way by email or webhook; written with the notice, sent by the worker."""

    __table_args__ = (sa.Index("ix_outbox_status_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    rep_id: int = Field(foreign_key="rep.id")
    channel: str = Field(max_length=16)  # email or webhook
    status: str = Field(default="pending", max_length=16)  # pending, sent, or dropped
    attempts: int = 0
    due_at: datetime = Field(default_factory=utcnow, **_when())  # not before quiet hours end
    locked_until: datetime | None = Field(default=None, **_when(nullable=True))
    last_error: str = Field(default="", max_length=500)
    sent_at: datetime | None = Field(default=None, **_when(nullable=True))


class ScriptTemplate(SQLModel, table=True):
    """A voicemail and follow-up email written by an admin (team) or by a rep (personal)."""

    id: int | None = Field(default=None, primary_key=True)
    owner_rep_id: int | None = Field(default=None, foreign_key="rep.id", index=True)  # None: team
    name: str = Field(max_length=80)
    goal: str = Field(max_length=16)
    attempt: int | None = None  # None: any attempt of the series
    voicemail: str = Field(max_length=2000)
    email_subject: str = Field(max_length=200)
    email_body: str = Field(max_length=4000)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, **_when())


class RetiredBuiltin(SQLModel, table=True):
    """A built-in template an admin took out of the team's rotation."""

    key: str = Field(primary_key=True, max_length=60)


class Voicemail(SQLModel, table=True):
    """A voicemail a rep left: which attempt, goal and template, so results can be compared."""

    __table_args__ = (
        sa.Index("ix_voicemail_prospect_at", "prospect_id", "at"),
        sa.Index("ix_voicemail_at", "at"),  # who got a voicemail lately (misses)
    )

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(foreign_key="prospect.id")
    rep_id: int = Field(foreign_key="rep.id", index=True)
    attempt: int
    goal: str = Field(max_length=16)
    template_key: str = Field(max_length=60, index=True)
    at: datetime = Field(default_factory=utcnow, **_when())


class CallOutcome(SQLModel, table=True):
    """Something that came of the calling: the prospect called back, a meeting was booked."""

    __table_args__ = (sa.Index("ix_calloutcome_prospect_at", "prospect_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(foreign_key="prospect.id")
    rep_id: int = Field(foreign_key="rep.id")
    kind: str = Field(max_length=24)
    at: datetime = Field(default_factory=utcnow, **_when())

"""The people who sign in: reps, their sessions, API tokens, invites, and sign-in attempts."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from landing.core.clock import utcnow
from landing.data.models.columns import utc_column


class Rep(SQLModel, table=True):
    """A sales rep who signs in; owns prospects."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=120)
    title: str = Field(default="", max_length=120)  # "Account Executive", under the name
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
    created_at: datetime = Field(default_factory=utcnow, **utc_column())

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
    created_at: datetime = Field(default_factory=utcnow, **utc_column())  # the absolute timeout
    last_seen_at: datetime = Field(default_factory=utcnow, **utc_column())  # the idle timeout


class ApiToken(SQLModel, table=True):
    """A rep's key to the JSON API. Shown once when made; only its SHA-256 is kept."""

    id: int | None = Field(default=None, primary_key=True)
    rep_id: int = Field(foreign_key="rep.id", index=True)
    name: str = Field(default="", max_length=80)  # what the rep calls it: "HubSpot sync"
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=12)  # the token's first characters, to tell tokens apart
    created_at: datetime = Field(default_factory=utcnow, **utc_column())
    last_used_at: datetime | None = Field(default=None, **utc_column(nullable=True))
    revoked_at: datetime | None = Field(default=None, **utc_column(nullable=True))


class Invite(SQLModel, table=True):
    """A single-use, expiring link an admin made: for a new rep to join, or (rep_id set) for
    a rep whose password the admin reset to choose a new one. Only the token's hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    email: str = Field(max_length=254)
    is_admin: bool = False
    rep_id: int | None = Field(default=None, foreign_key="rep.id")  # set: a password reset
    invited_by: int = Field(foreign_key="rep.id")
    created_at: datetime = Field(default_factory=utcnow, **utc_column())
    expires_at: datetime = Field(**utc_column())
    used_at: datetime | None = Field(default=None, **utc_column(nullable=True))


class Attempt(SQLModel, table=True):
    """A counted attempt (a failed sign-in, a missed page) in a bucket, so that limits hold
    across every worker and host. Buckets name keyed hashes, never an address or email."""

    __table_args__ = (sa.Index("ix_attempt_bucket_at", "bucket", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    bucket: str = Field(max_length=100)  # "signin-account:<hmac>", "miss-address:<hmac>"
    at: datetime = Field(default_factory=utcnow, index=True, **utc_column())

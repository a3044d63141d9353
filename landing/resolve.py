"""What a typed path means: the page itself, a redirect to its canonical slug, or nothing."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import Connection, select

from landing.models import Prospect, Rep
from landing.slugs import slug_key

T = TypeVar("T")


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


@dataclass(frozen=True)
class Resolution:
    page: PageData | None = None
    redirect_to: str | None = None  # canonical slug when the typed one differs


class TTLCache:
    """A per-worker memo whose entries expire: other workers may rename or archive meanwhile."""

    def __init__(self, seconds: float, max_items: int = 10_000):
        self.seconds = seconds
        self.max_items = max_items
        self._items: dict[str, tuple[float, object]] = {}

    def get(self, key: str, load: Callable[[], T]) -> T:
        now = time.monotonic()
        found = self._items.get(key)
        if found and found[0] > now:
            return found[1]  # type: ignore[return-value]
        value = load()
        if value is not None and self.seconds > 0:
            if len(self._items) >= self.max_items:
                self._items.clear()
            self._items[key] = (now + self.seconds, value)
        return value

    def clear(self) -> None:
        self._items.clear()


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
        )
        .join(Rep, Rep.id == Prospect.rep_id)
        .where(Prospect.slug_key == key, Prospect.do_not_contact == False)  # noqa: E712
    ).first()
    return PageData(*row) if row else None


def resolve(typed: str, find: Callable[[str], PageData | None]) -> Resolution:
    """Exact slug → page; same key in another spelling → redirect; anything else → nothing."""
    key = slug_key(typed)
    page = find(key) if key else None
    if page is None:
        return Resolution()
    if typed != page.slug:
        return Resolution(redirect_to=page.slug)
    return Resolution(page=page)

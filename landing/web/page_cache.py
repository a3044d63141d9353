"""Each worker's cache of prospects' pages, and the one place it is cleared: when a
transaction that wrote rows a page shows commits.

What the cache holds (for PAGE_CACHE_SECONDS): a slug's page data (a Prospect row joined
with its Rep, see resolve.load_page), the company's settings (the Company row), each page
rendered from them, and the fast path's replays of those pages (landing.web.fast_path). So
any INSERT, UPDATE or DELETE of `prospect`, `rep` or `company` may change what a page shows:
a voicemail moves the call day ("Dana will call you again on Tuesday"), a rename or an
archive moves or ends the page, the company's settings change every page.

How: three listeners on the app's engine, which every write of this app goes through.
- `after_execute` notes the Connection when a statement writing one of those tables ran on
  it. That one hook sees ORM flushes, ORM bulk statements (`session.execute(update(...))`)
  and Core statements on a bare Connection (`engine.begin()` in team.py, outbox_queue.py) alike,
  so no caller has to remember anything, and no statement escapes because it took the
  other road (Session events alone would miss the Core ones).
- `commit` clears the cache when the Connection it ends was noted.
- `rollback` forgets the note: nothing changed, the cached pages stay.
Why on the engine and not on Session: each app has its own engine, so the listener knows
its cache without an app context (the CLI, the worker, tests building many apps), and one
mechanism covers sessions and connections.

Limits, on purpose:
- The cache is per worker process. Other workers (and other hosts) catch up within
  PAGE_CACHE_SECONDS; the visit gate already refuses an archived, forgotten or
  do-not-contact prospect's hit in every worker at once (landing.pages.visit_gate).
- The clear runs as COMMIT is sent, not after it: each gunicorn worker serves one request
  at a time, so nothing in it reads the old row in between. A threaded server could keep
  the old page one PAGE_CACHE_SECONDS longer, as other workers do.
- Writes as SQL text (`text("UPDATE prospect ...")`, migrations) are not recognised: the
  app writes these tables only through SQLAlchemy statements.
- A change that was never cached is cleared all the same: the cache only costs a page
  render per page to refill, a missed clear costs a wrong page.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine, event

from landing.data.models import Company, Prospect, Rep, Video, WebsitePath

if TYPE_CHECKING:
    from flask import Flask

T = TypeVar("T")
KEY = "landing.web.page_cache"
# The tables whose rows a prospect's page, its 404 and the replays show (the website's
# paths decide which paths are pages at all).
PAGE_TABLES = frozenset(
    model.__table__.name for model in (Prospect, Rep, Company, Video, WebsitePath)
)


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
        if value is not None:
            self.put(key, value)
        return value

    def peek(self, key: str) -> object | None:
        """The live entry for key, or None; never loads."""
        found = self._items.get(key)
        return found[1] if found and found[0] > time.monotonic() else None

    def put(self, key: str, value: object) -> None:
        if self.seconds > 0:
            if len(self._items) >= self.max_items:
                self._items.clear()
            self._items[key] = (time.monotonic() + self.seconds, value)

    def clear(self) -> None:
        self._items.clear()


def of(app: Flask) -> TTLCache:
    """The app's page cache, made on first use: PAGE_CACHE_SECONDS is read then, so a test
    may still change it after create_app."""
    if KEY not in app.extensions:
        app.extensions[KEY] = TTLCache(app.config["PAGE_CACHE_SECONDS"])
    return app.extensions[KEY]


def forget(app: Flask) -> None:
    """Drop this worker's pages and replays at once. Only for what no commit here tells:
    the database refused a cached page's hit, so another worker or host changed it."""
    cache = app.extensions.get(KEY)
    if cache is not None:
        cache.clear()


def writes_page_rows(statement: object) -> bool:
    """Whether statement inserts, updates or deletes rows of a table pages show."""
    if not getattr(statement, "is_dml", False):
        return False  # a SELECT, DDL, or SQL text
    return getattr(statement.table, "name", None) in PAGE_TABLES  # type: ignore[attr-defined]


def init_app(app: Flask) -> None:
    """Clear app's page cache whenever a transaction on its engine that wrote page rows
    commits (see the module's docstring)."""
    listen(app.extensions["landing.engine"], lambda: forget(app))


def listen(engine: Engine, clear: Callable[[], None]) -> None:
    # Connections with an uncommitted write to page rows; weak, so a connection dropped
    # without COMMIT or ROLLBACK (its process ending) is not kept alive by this set.
    pending: weakref.WeakSet[Connection] = weakref.WeakSet()

    def noted(conn: Connection, statement, *_args) -> None:
        if writes_page_rows(statement):
            pending.add(conn)

    def committed(conn: Connection) -> None:
        if conn in pending:
            pending.discard(conn)
            clear()

    def rolled_back(conn: Connection) -> None:
        pending.discard(conn)

    event.listen(engine, "after_execute", noted)
    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", rolled_back)

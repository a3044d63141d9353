"""The commonest request of all, a prospect's plain GET of their own page, answered without
Flask's request machinery: the page and headers the view itself produced for the same path
moments ago, with a new hit token, the visit stored by the same single INSERT, and the same
request log line.

A WSGI layer in front of the app. Only what the view says may be replayed is: an exact page
for a prospect (not a redirect, a miss, a rep's view or a preview), remembered in the page
cache (landing.web.page_cache) as long as the view's own entries: PAGE_CACHE_SECONDS, or until a
commit changes rows a page shows. A request goes to Flask as before whenever the answer
could differ: another method, a query string, a session or rep-browser cookie, a path not
answered within that time, or a new day (the page names the callback day).

Why: the view costs twice the per-request CPU of a bare Flask app, most of it in request
context, hooks and headers that give the same result for every such hit (bench/
page_vs_hello.py measures it).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_cookie

from landing.core import clock
from landing.data import attempts, held_reads
from landing.pages import previews, privacy, visitor_cookie
from landing.pages.visits import Hit, new_token, prefetch_header, record_visit
from landing.urls.resolve import PAGE_QUERY, page_of_row
from landing.urls.slugs import RESERVED, slug_key
from landing.web import page_cache, page_shapes, request_log, videos

if TYPE_CHECKING:
    from flask import Flask

log = logging.getLogger("landing.web.public")
ROUTE = "/<path:typed>"
# A path that can only be a prospect's slug as spoken: no other route looks like it.
_SLUG_PATH = re.compile(r"/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
# Headers of the view's response that belong to that one response, not to the page.
OWN_HEADERS = {"content-length", "set-cookie"}


@dataclass(frozen=True)
class ReplayablePage:
    """What the view answered for a prospect's plain GET, to answer the next ones alike."""

    prospect_id: int
    pieces: list[str]  # the page around its hit tokens
    scanner_networks: tuple
    today: date
    headers: tuple[tuple[str, str], ...] = ()


def offer(environ: dict, page: ReplayablePage) -> None:
    """Called by the view: this response may be replayed for the same request."""
    environ["landing.replayable"] = page


class PageFastPath:
    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.session_cookie = app.config["SESSION_COOKIE_NAME"]
        self.gate = app.extensions["landing.pages.visit_gate"]
        self.logging = bool(app.config.get("LOG_REQUESTS", True))
        # Personal videos on this disk (not in a bucket) are answered here too: a player's
        # seeks are many small requests (landing/web/videos.py).
        local = app.config.get("VIDEO_STORAGE", "local") == "local"
        self.video_folder = Path(app.instance_path) / "media" / "videos" if local else None

    def __call__(self, environ: dict, start_response):
        started = time.perf_counter()
        if self.video_folder and environ.get("PATH_INFO", "").startswith(videos.PREFIX):
            return self._video(environ, start_response, started)
        key = _key(environ)
        cookies = None
        if key is not None:
            cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
            if self.session_cookie in cookies or previews.REP_BROWSER_COOKIE in cookies:
                key = None  # a rep, perhaps: the view decides
            elif environ.get("REMOTE_ADDR", "") in attempts.blocked_here(self.app.extensions):
                key = None  # past the miss limit: the view answers 429, hit or miss
        cache = self.app.extensions.get(page_cache.KEY)
        if key is None:
            return self.wsgi_app(environ, start_response)
        page = cache.peek(key) if cache is not None else None  # made by the first view
        if cache is not None and (page is None or page.today != clock.today()):
            # Not kept as a replay of its own: filling the skeleton again costs microseconds,
            # a page kept for each of thousands of prospects cost the worker's memory.
            page = self._first_visit(environ, cache)
        if page is not None:
            return self._replay(page, environ, cookies, start_response, started)
        return self._remembering(key, environ, start_response)

    def _first_visit(self, environ: dict, cache: page_cache.TTLCache) -> ReplayablePage | None:
        """A prospect's page this worker has not answered yet, from the skeleton of a page of
        the same shape it has (landing.web.page_shapes); None when the view must answer: a
        redirect, a miss, a shape not rendered yet, or the database out of reach."""
        path = environ.get("PATH_INFO", "")
        if not _SLUG_PATH.fullmatch(path):
            return None
        typed = path[1:]
        key = slug_key(typed)
        settings = cache.peek("company")
        if key in RESERVED or settings is None:
            return None
        page = cache.peek("p:" + key)
        if page is None:
            try:
                engine = self.app.extensions["landing.engine"]
                row = held_reads.first_row(engine, PAGE_QUERY, {"key": key})
            except SQLAlchemyError:
                return None  # the view answers as it does when the database is away
            if row is None:
                return None
            page = page_of_row(row)
            cache.put("p:" + key, page)
        if page.slug != typed:
            return None
        today = clock.today()
        shape = page_shapes.key(page, settings, today, environ.get("SCRIPT_NAME", ""))
        rendered = cache.peek(shape)
        headers = cache.peek(page_shapes.headers_key(shape, environ))
        if rendered is None or rendered[1] is None or headers is None:
            return None
        pieces = rendered[1].fill(page.first_name)
        return ReplayablePage(page.prospect_id, pieces, settings.scanner_networks, today, headers)

    def _video(self, environ: dict, start_response, started: float):
        said = []

        def start(status: str, headers: list, exc_info=None):
            said.append(int(status[:3]))
            return start_response(status, headers, exc_info)

        answer = videos.fast(environ, start, self.video_folder)
        if answer is None:
            return self.wsgi_app(environ, start_response)
        if self.logging:
            request_log.write({
                "event": "request", "method": environ["REQUEST_METHOD"],
                "route": videos.PREFIX + "<name>", "status": said[0],
                "ms": round((time.perf_counter() - started) * 1000, 2),
            })  # fmt: skip
        return answer

    def _remembering(self, key: str, environ: dict, start_response):
        """Flask's answer; remembered when the view offered it and it went out as a 200."""

        def start(status: str, headers: list, exc_info=None):
            page = environ.get("landing.replayable")
            cache = self.app.extensions.get(page_cache.KEY)
            if page is not None and cache is not None and status.startswith("200 "):
                kept = tuple((n, v) for n, v in headers if n.lower() not in OWN_HEADERS)
                cache.put(key, replace(page, headers=kept))
                shape = environ.get(page_shapes.ENVIRON_KEY)
                if shape is not None:
                    cache.put(page_shapes.headers_key(shape, environ), kept)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)

    def _replay(self, page: ReplayablePage, environ: dict, cookies, start_response, started):
        sent = cookies.get(visitor_cookie.NAME, "")
        header = _header_getter(environ)
        # Honoured here as in the view, so such browsers keep the fast path: no cookie.
        private = privacy.wants_privacy(header)
        visitor = "" if private else visitor_cookie.visitor_id(sent)
        token = new_token()
        hit = Hit(
            method="GET",
            user_agent=environ.get("HTTP_USER_AGENT", ""),
            ip=environ.get("REMOTE_ADDR", ""),
            referrer=environ.get("HTTP_REFERER", ""),
            visitor_id=visitor,
            prefetch=prefetch_header(header),
            private=private,
        )
        try:
            stored = record_visit(
                self.app.extensions["landing.engine"],
                page.prospect_id,
                hit,
                None,
                page.scanner_networks,
                token,
                self.gate,
            )
        except SQLAlchemyError:
            # The prospect still gets their page; the lost visit must be loud in the logs.
            log.exception("visit NOT recorded for prospect %s", page.prospect_id)
            stored = "unknown"
        if stored is None:
            # The database says no: archived or forgotten by another worker or host, or the
            # address went past the miss limit there. This page is stale here; the view
            # answers (404 or 429) from the database.
            page_cache.forget(self.app)
            return self.wsgi_app(environ, start_response)
        body = token.join(page.pieces).encode()
        response_headers = [*page.headers, ("Content-Length", str(len(body)))]
        if visitor and visitor != sent:
            secure = environ["wsgi.url_scheme"] == "https"
            response_headers.append(
                ("Set-Cookie", visitor_cookie.set_cookie_header(visitor, secure))
            )
        start_response("200 OK", response_headers)
        if self.logging:
            request_log.page_hit(
                "GET", ROUTE, 200, (time.perf_counter() - started) * 1000, page.prospect_id
            )
        return [body]


def _key(environ: dict) -> str | None:
    """The page-cache key of a request that could be a replay, else None."""
    if environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING"):
        return None
    return "replay:{}://{}{}{}".format(
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
    )


def _header_getter(environ: dict) -> Callable[[str], str | None]:
    """A request header by its name, as the view's request.headers.get gives it."""
    return lambda name: environ.get(_wsgi_name(name))


@lru_cache(maxsize=32)
def _wsgi_name(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")

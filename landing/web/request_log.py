"""One structured log line per request: what was asked, how it ended, how long it took.

A JSON line on stderr (what gunicorn and hosting platforms collect). No personal data
beyond the visit log's: the route pattern, never the path (a prospect's path is their
name), no address, no user agent; a prospect page says hit, redirect or miss, and the
prospect id.

Written straight to the stream, not through the logging module: on the prospect's page,
making a LogRecord cost more than all else the line needs (bench/page_vs_hello.py). One
write() per line keeps lines from different workers whole.
"""

from __future__ import annotations

import json
import sys
import time

from flask import Flask, Response, g, request


def write(fields: dict) -> None:
    """One line: {"level": "info", **fields} as compact JSON."""
    sys.stderr.write(json.dumps({"level": "info", **fields}, separators=(",", ":")) + "\n")


def note_page(outcome: str, prospect_id: int | None = None) -> None:
    """What a prospect-page request came to: hit, redirect, miss or limited (the line says it)."""
    g.log_page = {"page": outcome, **({"prospect": prospect_id} if prospect_id else {})}


def page_hit(method: str, route: str, status: int, ms: float, prospect_id: int) -> None:
    """The line of a prospect page answered outside Flask (landing.web.fast_path)."""
    write({"event": "request", "method": method, "route": route, "status": status,
           "ms": round(ms, 2), "page": "hit", "prospect": prospect_id})  # fmt: skip


def _start() -> None:
    g.log_started = time.perf_counter()


def _finish(response: Response) -> Response:
    started = g.pop("log_started", None)
    if started is None:
        return response
    fields = {
        "event": "request",
        "method": request.method,
        "route": request.url_rule.rule if request.url_rule else None,
        "status": response.status_code,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        **g.pop("log_page", {}),
    }
    write(fields)
    return response


def init_app(app: Flask) -> None:
    if not app.config.get("LOG_REQUESTS", True):
        return
    app.before_request(_start)
    app.after_request(_finish)

"""One structured log line per request: what was asked, how it ended, how long it took.

JSON on the `landing.requests` logger (stderr under gunicorn). No personal data beyond the
visit log's: the route pattern, never the path (a prospect's path is their name), no
address, no user agent; a prospect page says hit, redirect or miss, and the prospect id."""

from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, Response, g, request

log = logging.getLogger("landing.requests")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None) or {"message": record.getMessage()}
        return json.dumps({"level": record.levelname.lower(), **fields}, separators=(",", ":"))


def note_page(outcome: str, prospect_id: int | None = None) -> None:
    """What a prospect-page request came to: hit, redirect or miss (the line says it)."""
    g.log_page = {"page": outcome, **({"prospect": prospect_id} if prospect_id else {})}


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
    log.info("request", extra={"fields": fields})
    return response


def init_app(app: Flask) -> None:
    if not app.config.get("LOG_REQUESTS", True):
        return
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLines())
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    app.before_request(_start)
    app.after_request(_finish)

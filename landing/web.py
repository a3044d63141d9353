"""Cross-cutting web concerns: CSRF, proxies, template helpers, security headers."""

from __future__ import annotations

from datetime import UTC, datetime

import humanize
from flask import Flask, Response
from flask_wtf.csrf import CSRFProtect
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix

from landing import goals
from landing.validate import display_phone

csrf = CSRFProtect()


def ago(moment: datetime | None) -> str:
    """`5 minutes ago`."""
    if moment is None:
        return "never"
    elapsed = datetime.now(UTC) - moment
    return "just now" if elapsed.total_seconds() < 60 else humanize.naturaltime(elapsed)


def paragraphs(text: str) -> Markup:
    """Plain text with blank-line paragraphs as escaped <p> elements."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(b) for b in blocks)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def init_app(app: Flask) -> None:
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    csrf.init_app(app)
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["phone"] = display_phone
    app.jinja_env.globals["goal_choices"] = [(g, goals.LABELS[g]) for g in goals.GOALS]
    app.after_request(_security_headers)

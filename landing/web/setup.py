"""Cross-cutting web concerns: CSRF, proxies, template helpers, security headers."""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlsplit

import humanize
from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFProtect
from markupsafe import Markup
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter

from landing.core import clock, languages
from landing.core.ids import parse_id
from landing.core.validate import display_phone
from landing.pages import visit_gate
from landing.scripts import goals
from landing.web import body_limits, locale, page_cache, request_log, trusted_proxies, website_proxy
from landing.web.fast_path import PageFastPath
from landing.web.images import share_card_url
from landing.web.security_headers import add_security_headers

csrf = CSRFProtect()
log = logging.getLogger(__name__)


def ago(moment: datetime | None) -> str:
    """`5 minutes ago`."""
    if moment is None:
        return "never"
    elapsed = clock.utcnow() - moment
    return "just now" if elapsed.total_seconds() < 60 else humanize.naturaltime(elapsed)


def site_name(url: str) -> str:
    """acme.com for https://www.acme.com/: a website as people say it."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def paragraphs(text: str) -> Markup:
    """Plain text with blank-line paragraphs as escaped <p> elements."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(b) for b in blocks)


def _security_headers(response: Response) -> Response:
    return add_security_headers(response, request)


def database_unavailable(exc: OperationalError):
    """The database is down or locked past its timeout: say so plainly, and come back by
    itself (the pool reconnects on the next request). Never a stack trace."""
    log.error("database unavailable: %s", str(exc.orig or exc).splitlines()[0][:200])
    headers = {"Retry-After": "30", "Cache-Control": "no-store"}
    wants_json = request.path.startswith(("/_/", "/api/", "/app/live")) or (
        request.accept_mimetypes.best == "application/json"
    )
    if wants_json:
        body = {"error": {"code": "unavailable", "message": "The database is unavailable."}}
        return jsonify(body), 503, headers
    return render_template("unavailable.html"), 503, headers


class IdConverter(BaseConverter):
    """`<int:...>` in every route: digits only, and a number no row can have answers 404
    (not the next rule: the pages' catch-all would take /app/prospects/9…9 for a name)."""

    regex = r"[0-9]+"
    part_isolating = True

    def to_python(self, value: str) -> int:
        try:
            return parse_id(value)
        except ValueError:
            raise NotFound() from None

    def to_url(self, value: int) -> str:
        return str(int(value))


def init_app(app: Flask) -> None:
    # Before any blueprint adds its rules: every `<int:...>` is then a database id.
    app.url_map.converters["int"] = IdConverter
    visit_gate.init_app(app)
    page_cache.init_app(app)
    # Inside ProxyFix: replays see the client's address and scheme as the view does.
    app.wsgi_app = PageFastPath(app, app.wsgi_app)
    website_proxy.init_app(app)  # in front of the fast path, inside ProxyFix
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        fixed = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
        app.wsgi_app = trusted_proxies.only_from(app, fixed, app.wsgi_app)
    body_limits.init_app(app)  # before CSRF, which reads the form
    csrf.init_app(app)
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["phone"] = display_phone
    app.jinja_env.filters["site_name"] = site_name
    app.jinja_env.globals["share_card_url"] = share_card_url
    locale.init_app(app)  # gettext in templates, the catalogs of landing/translations
    app.jinja_env.filters["and_list"] = locale.and_list
    app.jinja_env.globals["goal_choices"] = [(g, goals.LABELS[g]) for g in goals.GOALS]
    app.jinja_env.globals["language_choices"] = languages.choices()
    app.after_request(_security_headers)
    app.register_error_handler(OperationalError, database_unavailable)
    request_log.init_app(app)

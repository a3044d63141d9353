"""What prospects see: their page at /<slug>, and a site root that names no one."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import Blueprint, current_app, redirect, render_template, request, session
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from landing import company as company_settings
from landing.db import get_engine, read_connection
from landing.resolve import TTLCache, load_page, resolve
from landing.scripts import callback_day
from landing.visits import Hit, record_visit

bp = Blueprint("public", __name__)
log = logging.getLogger(__name__)
NOINDEX = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store"}


def _cache() -> TTLCache:
    ext = current_app.extensions
    if "landing.page_cache" not in ext:
        ext["landing.page_cache"] = TTLCache(current_app.config["PAGE_CACHE_SECONDS"])
    return ext["landing.page_cache"]


@bp.route("/")
def home():
    settings = _company()
    return render_template("page/home.html", company=settings), 200, NOINDEX


@bp.route("/robots.txt")
def robots():
    body = "User-agent: *\nAllow: /$\nDisallow: /\n"
    return body, 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/<path:typed>", methods=["GET", "HEAD"])
def prospect_page(typed: str):
    cache = _cache()
    with read_connection(get_engine()) as conn:
        found = resolve(typed, lambda key: cache.get("p:" + key, lambda: load_page(conn, key)))
    if found.redirect_to:
        return redirect("/" + found.redirect_to, 301)
    if found.page is None:
        return not_found()
    page = found.page
    _record(page.prospect_id)
    settings = _company()
    today = datetime.now(UTC).date()
    html = render_template(
        "page/prospect.html",
        page=page,
        company=settings,
        video=settings.video,
        callback_day=callback_day(page.next_call_on, today),
    )
    return html, 200, NOINDEX


def not_found():
    """The same plain 404 for every miss: it must not tell who is, or was, a prospect."""
    return render_template("page/404.html", company=_company()), 404, NOINDEX


def _record(prospect_id: int) -> None:
    hit = Hit(
        method=request.method,
        user_agent=request.headers.get("User-Agent", ""),
        ip=request.remote_addr or "",
        referrer=request.headers.get("Referer", ""),
    )
    viewer = session.get("_user_id")  # a signed-in rep; Flask-Login keeps the id here
    try:
        with get_engine().begin() as conn:
            record_visit(conn, prospect_id, hit, int(viewer) if viewer else None)
    except SQLAlchemyError:
        # The prospect still gets their page; the lost visit must be loud in the logs.
        log.exception("visit NOT recorded for prospect %s", prospect_id)


def _company() -> company_settings.CompanySettings:
    def load():
        with read_connection(get_engine()) as conn:
            return company_settings.current(Session(bind=conn), current_app.config)

    return _cache().get("company", load)

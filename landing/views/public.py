"""What prospects see: their page at /<slug>, and a site root that names no one."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime

from flask import (
    Blueprint,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from landing import company as company_settings
from landing import orphans, previews, request_log
from landing.db import get_engine, read_connection
from landing.resolve import Resolution, TTLCache, load_page, near_match, resolve
from landing.scripts import callback_day
from landing.visits import Hit, new_token, prefetch_header, record_visit

bp = Blueprint("public", __name__)
log = logging.getLogger(__name__)
NOINDEX = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store"}
VISITOR_COOKIE = "lv"  # first-party: tells one person's repeat visits from a forward
VISITOR_COOKIE_DAYS = 365


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


@bp.route("/favicon.ico")
def favicon():
    # Browsers ask on every page; answering here keeps those out of the misses.
    return "", 204, {"Cache-Control": "public, max-age=86400"}


@bp.route("/<path:typed>", methods=["GET", "HEAD"])
def prospect_page(typed: str):
    cache = _cache()
    with read_connection(get_engine()) as conn:
        found = resolve(
            typed,
            lambda key: cache.get("p:" + key, lambda: load_page(conn, key)),
            lambda heard: near_match(conn, heard),
        )
    if found.redirect_to:
        request_log.note_page("redirect")
        return redirect("/" + found.redirect_to, 301 if found.permanent else 302)
    settings = _company()
    visitor = _visitor_id()
    if found.page is None:
        request_log.note_page("miss")
        _record_miss(typed, found, visitor, settings)
        return not_found()
    page = found.page
    request_log.note_page("hit", page.prospect_id)
    viewer = _viewer_rep_id(page.prospect_id)
    token = None if viewer else new_token()
    _record(page.prospect_id, visitor, viewer, settings, token)
    today = datetime.now(UTC).date()
    html = render_template(
        "page/prospect.html",
        page=page,
        company=settings,
        video=settings.video,
        callback_day=callback_day(page.next_call_on, today),
        hit_token=token,
        preview=viewer is not None and "preview" in request.args,
        booking_href=(
            url_for("beacons.follow", token=token, kind="booking")
            if token and page.rep_booking_url
            else page.rep_booking_url
        ),
    )
    response = make_response(html, 200, NOINDEX)
    if visitor != request.cookies.get(VISITOR_COOKIE):
        response.set_cookie(
            VISITOR_COOKIE, visitor, max_age=VISITOR_COOKIE_DAYS * 86400,
            httponly=True, samesite="Lax", secure=request.is_secure,
        )  # fmt: skip
    return response


def not_found():
    """The same plain 404 for every miss: it must not tell who is, or was, a prospect."""
    return render_template("page/404.html", company=_company()), 404, NOINDEX


def _visitor_id() -> str:
    found = request.cookies.get(VISITOR_COOKIE, "")
    if len(found) == 16 and all(c in "0123456789abcdef" for c in found):
        return found
    return secrets.token_hex(8)


def _viewer_rep_id(prospect_id: int) -> int | None:
    """The rep looking at the page: signed in, through a preview link, or in a browser
    they have signed in with before. Their views never count."""
    signed_in = session.get("_user_id")  # Flask-Login keeps the signed-in rep's id here
    if signed_in:
        return int(signed_in)
    preview = previews.rep_of_preview(request.args.get("preview", ""), prospect_id)
    if preview is not None:
        return preview
    return previews.rep_of_browser(request.cookies.get(previews.REP_BROWSER_COOKIE, ""))


def _record(
    prospect_id: int,
    visitor: str,
    viewer: int | None,
    settings: company_settings.CompanySettings,
    token: str | None,
) -> None:
    try:
        with get_engine().begin() as conn:
            record_visit(conn, prospect_id, _hit(visitor), viewer, settings.scanner_networks, token)
    except SQLAlchemyError:
        # The prospect still gets their page; the lost visit must be loud in the logs.
        log.exception("visit NOT recorded for prospect %s", prospect_id)


def _record_miss(
    typed: str, found: Resolution, visitor: str, settings: company_settings.CompanySettings
) -> None:
    signed_in = session.get("_user_id")
    viewer = int(signed_in) if signed_in else None
    try:
        with get_engine().begin() as conn:
            orphans.record(
                conn, typed, _hit(visitor), found.near, viewer, settings.scanner_networks
            )
    except SQLAlchemyError:
        log.exception("miss NOT recorded for /%s", typed[:80])


def _hit(visitor: str) -> Hit:
    return Hit(
        method=request.method,
        user_agent=request.headers.get("User-Agent", ""),
        ip=request.remote_addr or "",
        referrer=request.headers.get("Referer", ""),
        visitor_id=visitor,
        prefetch=prefetch_header(request.headers),
    )


def _company() -> company_settings.CompanySettings:
    def load():
        with read_connection(get_engine()) as conn:
            return company_settings.current(Session(bind=conn), current_app.config)

    return _cache().get("company", load)

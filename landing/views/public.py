"""What prospects see: their page at /<slug>, and a site root that names no one."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, date, datetime

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from werkzeug.datastructures import MultiDict

from landing import company as company_settings
from landing import orphans, page_fast_path, previews, request_log, visitor_cookie
from landing.db import get_engine, read_connection
from landing.resolve import PageData, Resolution, TTLCache, load_page, near_match, resolve
from landing.scripts import callback_day
from landing.visits import Hit, new_token, prefetch_header, record_visit

bp = Blueprint("public", __name__)
log = logging.getLogger(__name__)
NOINDEX = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store"}
# Stands in for the hit token in a page rendered once for many hits: URL- and HTML-safe
# like the tokens themselves, and random so no prospect's text can contain it.
_TOKEN_SLOT = "hit" + secrets.token_hex(16)


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
    found = _resolve(typed)
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
    if token:
        pieces = _page_for_prospects(page, settings, today)
        html = token.join(pieces)
        replayable = page_fast_path.ReplayablePage(
            page.prospect_id, pieces, settings.scanner_networks, today
        )
        page_fast_path.offer(request.environ, replayable)
    else:
        html = _render_page(page, settings, today, None, preview="preview" in request.args)
    response = current_app.response_class(html, 200, NOINDEX)
    if visitor != _sent(request.cookies, visitor_cookie.NAME):
        response.headers.add(
            "Set-Cookie", visitor_cookie.set_cookie_header(visitor, request.is_secure)
        )
    return response


def _resolve(typed: str) -> Resolution:
    """What typed means, from this worker's cache when it can: a connection only when not."""
    cache = _cache()
    conn = None

    def connection():
        nonlocal conn
        if conn is None:
            conn = read_connection(get_engine())
        return conn

    try:
        return resolve(
            typed,
            lambda key: cache.get("p:" + key, lambda: load_page(connection(), key)),
            lambda heard: near_match(connection(), heard),
        )
    finally:
        if conn is not None:
            conn.close()


def _page_for_prospects(
    page: PageData, settings: company_settings.CompanySettings, today: date
) -> list[str]:
    """The page every prospect's hit gets, in pieces to join with the hit's own token:
    rendered once per cache window (rendering took a third of each hit's time)."""
    environ = request.environ  # links start with SCRIPT_NAME; a YouTube embed names the host
    origin = (
        f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST')}" if settings.video_url else ""
    )
    # The entry holds page and settings, so their ids stand for them alone while it lives.
    key = f"page:{id(page)}:{id(settings)}:{today}:{origin}{environ.get('SCRIPT_NAME', '')}"

    def render() -> tuple:
        html = _render_page(page, settings, today, _TOKEN_SLOT, preview=False)
        return page, settings, html.split(_TOKEN_SLOT)

    return _cache().get(key, render)[2]


def _render_page(
    page: PageData,
    settings: company_settings.CompanySettings,
    today: date,
    token: str | None,
    preview: bool,
) -> str:
    return render_template(
        "page/prospect.html",
        page=page,
        company=settings,
        video=settings.video,
        callback_day=callback_day(page.next_call_on, today),
        hit_token=token,
        preview=preview,
        booking_href=(
            url_for("beacons.follow", token=token, kind="booking")
            if token and page.rep_booking_url
            else page.rep_booking_url
        ),
    )


def not_found():
    """The same plain 404 for every miss: it must not tell who is, or was, a prospect."""
    return render_template("page/404.html", company=_company()), 404, NOINDEX


def _visitor_id() -> str:
    return visitor_cookie.visitor_id(_sent(request.cookies, visitor_cookie.NAME))


def _viewer_rep_id(prospect_id: int) -> int | None:
    """The rep looking at the page: signed in, through a preview link, or in a browser
    they have signed in with before. Their views never count."""
    cookies = request.cookies
    if current_app.config["SESSION_COOKIE_NAME"] in cookies:  # no cookie, nobody signed in
        signed_in = session.get("_user_id")  # Flask-Login keeps the signed-in rep's id here
        if signed_in:
            return int(signed_in)
    preview = previews.rep_of_preview(_sent(request.args, "preview"), prospect_id)
    if preview is not None:
        return preview
    return previews.rep_of_browser(_sent(cookies, previews.REP_BROWSER_COOKIE))


def _sent(values: MultiDict, name: str) -> str:
    """values[name], or "" when not sent (MultiDict.get raises and catches KeyError then)."""
    return values[name] if name in values else ""


def _record(
    prospect_id: int,
    visitor: str,
    viewer: int | None,
    settings: company_settings.CompanySettings,
    token: str | None,
) -> None:
    try:
        record_visit(
            get_engine(), prospect_id, _hit(visitor), viewer, settings.scanner_networks, token
        )
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
    headers = request.headers
    return Hit(
        method=request.method,
        user_agent=headers.get("User-Agent", ""),
        ip=request.remote_addr or "",
        referrer=headers.get("Referer", ""),
        visitor_id=visitor,
        prefetch=prefetch_header(headers.get),
    )


def _company() -> company_settings.CompanySettings:
    def load():
        with read_connection(get_engine()) as conn:
            return company_settings.current(Session(bind=conn), current_app.config)

    return _cache().get("company", load)

"""What prospects see: their page at /<slug>, and a site root that names no one."""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from datetime import date

from flask import (
    Blueprint,
    current_app,
    redirect,
    request,
    url_for,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from werkzeug.datastructures import MultiDict

from landing.core import clock
from landing.data import attempts
from landing.data.db import get_engine, read_connection
from landing.pages import brand, misses, posters, previews, privacy, visitor_cookie
from landing.pages.videos import Video, parse_video
from landing.pages.visits import Hit, new_token, prefetch_header, record_visit
from landing.scripts.render import callback_day
from landing.team import company as company_settings
from landing.team import reps
from landing.urls.resolve import PageData, Resolution, load_page, near_match, resolve
from landing.web import (
    fast_path,
    locale,
    miss_limit,
    page_cache,
    page_shapes,
    request_log,
    website_proxy,
)  # fmt: skip
from landing.web.auth import signed_in_rep_id

bp = Blueprint("public", __name__)
log = logging.getLogger(__name__)
NOINDEX = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store"}
# Stands in for the hit token in a page rendered once for many hits: URL- and HTML-safe
# like the tokens themselves, and random so no prospect's text can contain it.
_TOKEN_SLOT = "hit" + secrets.token_hex(16)


@bp.route("/")
def home():
    settings = _company()
    language = locale.browser_language(settings.language)
    return locale.render_in(language, "page/home.html", company=settings), 200, NOINDEX


@bp.route("/robots.txt")
def robots():
    body = "User-agent: *\nAllow: /$\nDisallow: /\n"
    return body, 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/favicon.ico")
def favicon():
    # Browsers ask on every page; answering here keeps those out of the misses.
    return "", 204, {"Cache-Control": "public, max-age=86400"}


@bp.route("/brand.css")
def brand_stylesheet():
    """The team's colour as custom properties: CSP allows no inline style. Pages link it with
    ?v= from the colour, so it is cached for good; an old v gets today's, revalidated."""
    colour = _company().brand_colour
    response = current_app.response_class(brand.stylesheet(colour), 200, mimetype="text/css")
    response.set_etag(brand.version(colour))
    fresh = request.args.get("v") == brand.version(colour)
    response.headers["Cache-Control"] = (
        "public, max-age=31536000, immutable" if fresh else "public, no-cache"
    )
    return response.make_conditional(request)


@bp.route("/privacy")
def privacy_notice():
    """What a visit stores and for how long, linked from every page (before the catch-all):
    in the page's language (?lang=, which a prospect's page adds), else the browser's."""
    settings = _company()
    language = locale.shipped(request.args.get("lang")) or locale.browser_language(
        settings.language
    )
    html = locale.render_in(
        language,
        "page/privacy.html",
        company=settings,
        contact=settings.privacy_contact or _first_admin_email(),
        retention_days=current_app.config["VISIT_RETENTION_DAYS"],
    )
    return html, 200, NOINDEX


def _first_admin_email() -> str:
    with read_connection(get_engine()) as conn:
        admin = reps.first_admin(Session(bind=conn))
    return admin.email if admin else ""


@bp.route("/<path:typed>", methods=["GET", "HEAD"])
def prospect_page(typed: str):
    refused_here = (request.remote_addr or "") in attempts.blocked_here(current_app.extensions)
    if refused_here and miss_limit.too_many():
        return _to_website() or too_many_requests()
    found = _resolve(typed)
    if found.page is None and not refused_here and miss_limit.too_many():
        # Misses and guesses are what the limit counts. A page's own hit needs no query for
        # it: the visit's INSERT is gated on the same count (landing.pages.visit_gate).
        return _to_website() or too_many_requests()
    if found.redirect_to:
        request_log.note_page("redirect")
        if not found.permanent:
            # A guess from a near match names someone: probing for names with guesses is
            # limited like probing with misses.
            miss_limit.count_one()
            # Beside a website, a page it has at this path wins over the guess.
            request.environ[website_proxy.GUESS] = True
        return redirect("/" + found.redirect_to, 301 if found.permanent else 302)
    settings = _company()
    visitor = _visitor_id()
    if found.page is None:
        request_log.note_page("miss")
        _record_miss(typed, found, visitor, settings)
        return _to_website() or not_found()
    page = found.page
    request_log.note_page("hit", page.prospect_id)
    viewer = _viewer_rep_id(page.prospect_id)
    token = None if viewer else new_token()
    if not _record(page.prospect_id, visitor, viewer, settings, token):
        # This worker's page was stale: the database no longer shows it to this address.
        page_cache.forget(current_app)
        return _to_website() or (too_many_requests() if miss_limit.too_many() else not_found())
    today = clock.today()
    if token:
        pieces = _page_for_prospects(page, settings, today)
        html = token.join(pieces)
        replayable = fast_path.ReplayablePage(
            page.prospect_id, pieces, settings.scanner_networks, today
        )
        fast_path.offer(request.environ, replayable)
    else:
        # Only a rep (signed in, by preview link or in their own browser) gets here.
        html = _render_page(page, settings, today, None, preview=True)
    response = current_app.response_class(html, 200, NOINDEX)
    if visitor and visitor != _sent(request.cookies, visitor_cookie.NAME):
        response.headers.add(
            "Set-Cookie", visitor_cookie.set_cookie_header(visitor, request.is_secure)
        )
    return response


def _resolve(typed: str) -> Resolution:
    """What typed means, from this worker's cache when it can: a connection only when not."""
    cache = page_cache.of(current_app)
    conn = None
    website = website_proxy.website_keys(current_app)

    def connection():
        nonlocal conn
        if conn is None:
            conn = read_connection(get_engine())
        return conn

    try:
        return resolve(
            typed,
            lambda key: cache.get("p:" + key, lambda: load_page(connection(), key)),
            lambda heard: near_match(
                connection(), heard, recent_days=_company().heard_recent_days, website=website
            ),
            website,
        )
    finally:
        if conn is not None:
            conn.close()


def _to_website():
    """With the website behind landing (LANDING_WEBSITE_UPSTREAM), what is no prospect's
    page is the website's: the proxy answers instead (landing.web.website_proxy). An
    address past the miss limit gets the website's answer for every path, so it learns
    nothing about who is a prospect. None when landing answers itself."""
    if not request.environ.get(website_proxy.FALLBACK):
        return None
    request.environ[website_proxy.TO_WEBSITE] = True
    return "", 404, NOINDEX


def _page_for_prospects(
    page: PageData, settings: company_settings.CompanySettings, today: date
) -> list[str]:
    """The page every prospect's hit gets, in pieces to join with the hit's own token.

    Rendered once per shape of page and cache window (see landing.web.page_shapes): the
    prospects of one rep with nothing tailored share one render."""
    environ = request.environ  # links start with SCRIPT_NAME
    key = page_shapes.key(page, settings, today, environ.get("SCRIPT_NAME", ""))
    environ[page_shapes.ENVIRON_KEY] = key  # the fast path keeps the headers it goes out with

    def render(first_name: str) -> str:
        named = replace(page, first_name=first_name)
        return _render_page(named, settings, today, _TOKEN_SLOT, preview=False)

    cache = page_cache.of(current_app)
    skeleton = cache.get(key, lambda: (settings, page_shapes.build(render, _TOKEN_SLOT)))[1]
    if skeleton is not None:
        return skeleton.fill(page.first_name)
    # The template does more with the name than print it: one render per prospect.
    own = ("page", page, key)
    return cache.get(own, lambda: (settings, render(page.first_name).split(_TOKEN_SLOT)))[1]


def _render_page(
    page: PageData,
    settings: company_settings.CompanySettings,
    today: date,
    token: str | None,
    preview: bool,
) -> str:
    language = page.language or settings.language
    video = _video(page.video_url) if page.video_url else settings.video
    return locale.render_in(
        language,
        "page/prospect.html",
        page=page,
        rep_initials=brand.initials(page.rep_name),
        company=settings,
        video=video,
        poster=posters.poster_url(current_app.instance_path, video, settings),
        personal_video=_personal_video(page),
        offer_text=page.offer_text or settings.offer_text,
        callback_day=callback_day(page.next_call_on, today, language),
        hit_token=token,
        preview=preview,
        booking_href=(
            url_for("beacons.follow", token=token, kind="booking")
            if token and page.booking_url
            else page.booking_url
        ),
    )


def _personal_video(page: PageData) -> dict | None:
    """The rep's own video for this prospect, shown above the team's (landing/videos/)."""
    if not page.video_digest:
        return None
    root = url_for("video_files.video_file", name=page.video_digest)
    return {
        "src": root + ".mp4",
        "poster": root + ".jpg",
        "tall": (page.video_height or 0) > (page.video_width or 0),
        "width": page.video_width,
        "height": page.video_height,
    }


def _video(url: str) -> Video | None:
    try:
        return parse_video(url)
    except ValueError:
        return None  # saved through check_video_url, so only a hand-edited database gets here


def not_found():
    """The same plain 404 for every miss: it must not tell who is, or was, a prospect. In
    the visitor's browser language, which is theirs whatever path they typed."""
    settings = _company()
    language = locale.browser_language(settings.language)
    return locale.render_in(language, "page/404.html", company=settings), 404, NOINDEX


def too_many_requests():
    """What an address past the miss limit gets for every prospect path."""
    request_log.note_page("limited")
    minutes = current_app.config["MISS_WINDOW_MINUTES"]
    headers = {
        **NOINDEX,
        "Retry-After": str(minutes * 60),
        "Content-Type": "text/plain; charset=utf-8",
    }
    return f"Too many requests. Try again in {minutes} minutes.\n", 429, headers


def _visitor_id() -> str:
    """The visitor cookie's id, or "" for a browser that asked not to be tracked."""
    if privacy.wants_privacy(request.headers.get):
        return ""
    return visitor_cookie.visitor_id(_sent(request.cookies, visitor_cookie.NAME))


def _viewer_rep_id(prospect_id: int) -> int | None:
    """The rep looking at the page: signed in, or in a browser they have signed in with
    before. Their views never count. Nothing in the address counts: a link can be
    forwarded to anyone (see previews)."""
    cookies = request.cookies
    signed_in = signed_in_rep_id()
    if signed_in is not None:
        return signed_in
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
) -> bool:
    """Store the hit; whether the page may be answered (the gate in landing.pages.visit_gate)."""
    try:
        stored = record_visit(
            get_engine(),
            prospect_id,
            _hit(visitor),
            viewer,
            settings.scanner_networks,
            token,
            current_app.extensions["landing.pages.visit_gate"],
        )
    except SQLAlchemyError:
        # The prospect still gets their page; the lost visit must be loud in the logs.
        log.exception("visit NOT recorded for prospect %s", prospect_id)
        return True
    return stored is not None


def _record_miss(
    typed: str, found: Resolution, visitor: str, settings: company_settings.CompanySettings
) -> None:
    viewer = signed_in_rep_id()
    try:
        with get_engine().begin() as conn:
            misses.record(conn, typed, _hit(visitor), found.near, viewer, settings.scanner_networks)
            miss_limit.count_one(conn)
    except SQLAlchemyError:
        log.exception("miss NOT recorded for /%r", typed[:80])  # repr: no raw ESC in logs


def _hit(visitor: str) -> Hit:
    headers = request.headers
    return Hit(
        method=request.method,
        user_agent=headers.get("User-Agent", ""),
        ip=request.remote_addr or "",
        referrer=headers.get("Referer", ""),
        visitor_id=visitor,
        prefetch=prefetch_header(headers.get),
        private=privacy.wants_privacy(headers.get),
    )


def _company() -> company_settings.CompanySettings:
    def load():
        with read_connection(get_engine()) as conn:
            return company_settings.current(Session(bind=conn), current_app.config)

    return page_cache.of(current_app).get("company", load)

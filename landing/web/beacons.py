"""What page.js and the page's links report, under /_/: beacons, outgoing links, the trap.

No session and no CSRF token here: the page's random hit token is what a report must name,
and it only ever says something about that one page view."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, request
from sqlmodel import select

from landing.core.clock import utcnow
from landing.data.db import get_session
from landing.data.models import Prospect, Rep
from landing.notify.notices import EMAIL, NoticeLimits
from landing.pages import beacon_keys, engagement
from landing.pages.engagement import BeaconError
from landing.web.setup import csrf

bp = Blueprint("beacons", __name__, url_prefix="/_")
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


def _error(exc: BeaconError):
    return jsonify(error={"code": exc.code, "message": exc.message}), exc.status, NO_STORE


def channels() -> frozenset[str]:
    """Where notices can go from this installation: the app always, email when configured."""
    return frozenset({EMAIL}) if current_app.config.get("SMTP_HOST") else frozenset()


def _sent() -> dict | None:
    """The form or JSON object posted, or None."""
    data = request.form if request.form else request.get_json(silent=True)
    return data if isinstance(data, dict) else None


@bp.route("/b", methods=["POST"])
@csrf.exempt
def beacon():
    """navigator.sendBeacon posts t (the hit token), k (what happened) and s (the hit's key
    from /_/b/key), form-encoded."""
    data = _sent()
    if data is None:
        message = "Send t (the page view token), k (what happened) and s (its key)."
        return _error(BeaconError("bad_body", message, 400))
    token, kind = str(data.get("t", "")), str(data.get("k", ""))
    given = beacon_keys.given_at(current_app.config["SECRET_KEY"], token, str(data.get("s", "")))
    if given is None:
        return _error(BeaconError("bad_key", "Send s, the key the page's script was given.", 403))
    try:
        engagement.record_beacon(
            get_session(), token, kind, channels(), key_given=given,
            limits=NoticeLimits.of(current_app.config),
        )  # fmt: skip
    except BeaconError as exc:
        return _error(exc)
    return "", 204, NO_STORE


@bp.route("/b/key", methods=["POST"])
@csrf.exempt
def beacon_key():
    """The key page.js sends its beacons with: asked for by the script, never in the page."""
    data = _sent()
    token = str(data.get("t", "")) if data is not None else ""
    if not engagement.TOKEN.fullmatch(token):
        return _error(BeaconError("bad_body", "Send t, the page view token.", 400))
    key = beacon_keys.key_for(current_app.config["SECRET_KEY"], token, utcnow())
    return jsonify(key=key), 200, NO_STORE


@bp.route("/t/<token>")
def trap(token: str):
    """The page's hidden link: people never see it, link scanners follow it."""
    try:
        engagement.record_trap(get_session(), token)
    except BeaconError:
        abort(404)
    return "", 204, NO_STORE


@bp.route("/go/<token>/<kind>")
def follow(token: str, kind: str):
    """A page link on its way out: noted (scanners open every link at once), then followed."""
    session = get_session()
    hit = engagement.find_hit(session, token)
    if hit is None or kind not in engagement.LINK_KINDS:
        abort(404)
    links = session.exec(
        select(Prospect.booking_url, Rep.booking_url).join(Prospect, Prospect.rep_id == Rep.id)
        .where(Prospect.id == hit.prospect_id)
    ).first()  # fmt: skip
    target = links and (links[0] or links[1])  # the prospect's own link, else the rep's
    if not target:
        abort(404)
    try:
        engagement.follow_link(session, token, kind, links_on_page=len(engagement.LINK_KINDS))
    except BeaconError:
        pass  # a page left open for days: the link still works, it just is not counted
    return redirect(target, 302), NO_STORE

"""Pictures from our own origin: GET /_/img/<hash>.webp, the logos and photos uploaded
(landing/pages/images.py), /_/poster/<hash>.webp, videos' posters (landing/pages/posters.py),
and /_/card/<hash>.png, the picture chat apps show for a forwarded
link (landing/pages/share_card.py). A name is a hash of what the file shows, so a file never
changes under its name: browsers and proxies may keep it a year without asking again, and a
new upload or look is a new URL."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request, send_file, url_for
from sqlmodel import Session

from landing.data.db import get_engine, read_connection
from landing.pages import images, posters
from landing.pages import share_card as share_cards
from landing.team import company as company_settings

bp = Blueprint("images", __name__)
FOREVER = "public, max-age=31536000, immutable"


@bp.route("/_/img/<path:name>")
def image(name: str):
    # <path:> so that a name with slashes reaches this view (and its 404) rather than the
    # prospect pages' catch-all; stored_image looks up only names of the hash pattern.
    data = images.stored_image(get_engine(), name)
    if data is None:
        abort(404)
    response = current_app.response_class(data, mimetype="image/webp")
    response.set_etag(name)
    response.headers["Cache-Control"] = FOREVER
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


@bp.route("/_/poster/<path:name>")
def poster(name: str):
    """A video's poster (landing/pages/posters.py), kept on disk under its hash."""
    path = posters.stored_path(current_app.instance_path, name)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/webp", conditional=True, etag=True, max_age=None)
    response.headers["Cache-Control"] = FOREVER
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/_/card/<name>.png")
def share_card(name: str):
    """The Open Graph picture for the company's look today. A card for an older look (a name
    since renamed, a chat app's stale link) gets today's, not kept for long."""
    with read_connection(get_engine()) as conn:
        settings = company_settings.current(Session(bind=conn), current_app.config)
    look = (settings.name, settings.brand_colour, settings.logo_url)
    path = share_cards.card(get_engine(), current_app.instance_path, *look)
    response = send_file(path, mimetype="image/png", conditional=True, etag=True, max_age=None)
    current = name == share_cards.version(*look)
    response.headers["Cache-Control"] = FOREVER if current else "public, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def share_card_url(settings) -> str:
    """The absolute URL chat apps fetch the card from (og:image must be absolute)."""
    name = share_cards.version(settings.name, settings.brand_colour, settings.logo_url)
    base = settings.public_base_url or request.host_url.rstrip("/")
    return base + url_for("images.share_card", name=name)

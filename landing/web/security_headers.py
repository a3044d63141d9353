"""The headers every response carries: what the browser may load, run, frame and send.

The Content-Security-Policy allows our own scripts and styles only (no inline code, so an
injected `<script>` or `onerror=` does nothing even if escaping were ever missed), images
and .mp4 demos from any https host (rep photos, company videos), and frames from the video
players landing/pages/videos.py embeds. Nobody may frame our pages (clickjacking).

Every value is the same for every request of one scheme and host: landing/web/fast_path.py
replays the headers of a prospect page to the next visitors of it.
"""

from __future__ import annotations

from flask import Request, Response

# The players of landing/pages/videos.py: it embeds youtube-nocookie.com and player.vimeo.com; the
# YouTube player loads its inner frames from www.youtube.com.
VIDEO_FRAME_HOSTS = (
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
)

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        # blob: plays back a recording in the rep's own browser before it is kept.
        "media-src 'self' https: blob:",
        "frame-src " + " ".join(VIDEO_FRAME_HOSTS),
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    # Not no-referrer: the YouTube player refuses to play (error 153) without one.
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

# Once a browser has seen this over https it never tries plain http on this host for a year.
# Never sent over http, where an attacker in the middle could add or strip it anyway.
HSTS = "max-age=31536000"


def add_security_headers(response: Response, request: Request) -> Response:
    """The headers above, unless the view chose its own value for one of them."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response

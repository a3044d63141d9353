"""Demo video links (YouTube, Vimeo, .mp4) to embeds built from the video's id alone.

The page shows no player until the visitor taps the poster (landing/pages/posters.py makes
it): play_src is what page.js then loads, watch_url where the poster and the plain link below
it go without JavaScript or when a network blocks the player."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from landing.core import validate

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{4,12}$")
YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "youtube-nocookie.com", "music.youtube.com"}


@dataclass(frozen=True)
class Video:
    kind: str  # youtube, vimeo or mp4
    src: str  # the iframe or <video> source; never the URL as the admin typed it, for embeds
    video_id: str = ""  # YouTube's or Vimeo's id; "" for an .mp4

    @property
    def play_src(self) -> str:
        """The player page.js puts in place of the poster: it starts at once (the tap was the
        visitor's choice to play)."""
        return self.src if self.kind == "mp4" else self.src + "&autoplay=1"

    @property
    def watch_url(self) -> str:
        """The video on its own site: for the poster without JavaScript and the plain link."""
        if self.kind == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        if self.kind == "vimeo":
            return f"https://vimeo.com/{self.video_id}"
        return self.src

    @property
    def site(self) -> str:
        """Where the plain link goes, in words: "YouTube", "Vimeo", or "" for an .mp4."""
        return {"youtube": "YouTube", "vimeo": "Vimeo"}.get(self.kind, "")


def parse_video(url: str) -> Video:
    """The embed for a YouTube, Vimeo or https .mp4 link; ValueError with a message otherwise."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme not in ("https", "http") or not host:
        raise ValueError("Paste a YouTube, Vimeo or https .mp4 link.")
    if host == "youtu.be" and segments:
        return _youtube(segments[0])
    if host in YOUTUBE_HOSTS:
        if segments[:1] == ["watch"]:
            return _youtube(parse_qs(parts.query).get("v", [""])[0])
        if len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            return _youtube(segments[1])
        raise ValueError("That YouTube link has no video id; use the video's Share link.")
    if host in ("vimeo.com", "player.vimeo.com"):
        numeric = [s for s in segments if VIMEO_ID.match(s)]
        if not numeric:
            raise ValueError("That Vimeo link has no video number.")
        return Video("vimeo", f"https://player.vimeo.com/video/{numeric[0]}?dnt=1", numeric[0])
    if parts.path.lower().endswith(".mp4"):
        if parts.scheme != "https":
            raise ValueError("An .mp4 link must use https://.")
        return Video("mp4", url.strip())
    raise ValueError("Paste a YouTube, Vimeo or https .mp4 link.")


def _youtube(video_id: str) -> Video:
    if not YOUTUBE_ID.match(video_id):
        raise ValueError("That YouTube link has no valid video id.")
    # The privacy-enhanced host sets no cookies until the visitor plays the video.
    # enablejsapi lets page.js hear play and progress; page.js adds the page's origin, which
    # the player needs to post to it. Vimeo's player answers postMessage without a flag.
    return Video(
        "youtube", f"https://www.youtube-nocookie.com/embed/{video_id}?enablejsapi=1", video_id
    )


def check_video_url(url: str) -> str:
    """The URL unchanged when it parses, for settings forms; ValueError otherwise."""
    # Embeds are built from the id alone, but the link is shown back to admins as typed:
    # it must be a link like any other (https, one line, fits its column).
    url = validate.https_url(url)
    if url:
        parse_video(url)
    return url

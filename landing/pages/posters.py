"""A video's poster: its own thumbnail, fetched once by our server and served from our origin,
so a prospect's page makes no request to YouTube or Vimeo until the visitor taps play.

When: after a video link is saved in the app (a few seconds at most, and a failure only
logged), and for every configured video still without one when `landing worker` starts.
Never while a prospect's page is answered: the page then shows a placeholder on the brand
colour (templates/page/_video.html), and the poster from the next render on. An admin may
upload a poster for the company's video instead (the only way for an .mp4 to have one): that
one is stored in the database like the logo (Company.video_poster), so backups hold it.

The thumbnail's address is built from the video's id alone (YouTube's i.ytimg.com; Vimeo's
oEmbed answer names one on i.vimeocdn.com, the only host taken from it). The download has a
short timeout, a size cap, follows no redirect and must say it is a JPEG, PNG or WebP; then
landing/pages/images.py decodes it and writes fresh pixels (WebP, no metadata), kept in
instance/posters/ by their hash and served at /_/poster/<hash>.webp with long cache headers
(landing/web/images.py). instance/posters/<kind>-<id> records which is that video's poster.
On disk, not in the database like uploaded logos: a thumbnail is fetched again when lost.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import os
import re
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, select

from landing.core.validate import InputError
from landing.data.models import Company, Prospect
from landing.pages import images
from landing.pages.videos import Video, parse_video

log = logging.getLogger(__name__)

YOUTUBE_THUMBNAIL = "https://i.ytimg.com/vi/{id}/hqdefault.jpg"
VIMEO_OEMBED = "https://vimeo.com/api/oembed.json?width=640&url=https%3A%2F%2Fvimeo.com%2F{id}"
VIMEO_THUMBNAIL_PREFIXES = ("https://i.vimeocdn.com/",)
TIMEOUT = 3.0  # seconds per request: an admin is waiting for the settings page
MAX_IMAGE_BYTES = 1024 * 1024  # thumbnails are tens of KB
MAX_JSON_BYTES = 64 * 1024
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
FOLDER = "posters"
PREFIX = "/_/poster/"
OWN_URL_RE = re.compile(re.escape(PREFIX) + images.NAME_RE.pattern)
USER_AGENT = "landing-poster/1 (+the video's thumbnail, fetched once)"

Getter = Callable[[str, tuple[str, ...], int], bytes]


class PosterError(ValueError):
    """Why a video's thumbnail could not be had, in words for a log line."""


def key(video: Video) -> str:
    """The poster's record name: the video's id, or a hash of an .mp4's link."""
    if video.video_id:
        return f"{video.kind}-{video.video_id}"
    return "mp4-" + hashlib.sha256(video.src.encode()).hexdigest()[:24]


def fetchable(video: Video | None) -> bool:
    """YouTube and Vimeo give a thumbnail; an .mp4's poster can only be uploaded."""
    return video is not None and video.kind in ("youtube", "vimeo")


def poster_url(instance_path: str | Path, video: Video | None, company=None) -> str:
    """The poster's path for this video, or "" while there is none: the one uploaded for the
    company's video (given company settings), else its thumbnail fetched here."""
    if video is None:
        return ""
    if company is not None and company.video_poster and company.video == video:
        return company.video_poster
    name = key(video)
    try:
        url = (Path(instance_path) / FOLDER / name).read_text().strip()
    except OSError:
        return ""
    stored = OWN_URL_RE.fullmatch(url) and stored_path(instance_path, url.removeprefix(PREFIX))
    return url if stored else ""


def stored_path(instance_path: str | Path, name: str) -> Path | None:
    """The file for a served name, or None: only names of the hash pattern are looked up,
    so no path (.., /, %2f) ever reaches the file system."""
    if not images.NAME_RE.fullmatch(name):
        return None
    path = Path(instance_path) / FOLDER / name
    return path if path.is_file() else None


def _store(instance_path: str | Path, data: bytes, filename: str = "") -> str:
    """The picture re-encoded as a poster and written under its hash; its URL. InputError
    (under video_url) when it is refused."""
    encoded = images.encode(data, "poster", filename)
    folder = Path(instance_path) / FOLDER
    folder.mkdir(mode=images.FOLDER_MODE, parents=True, exist_ok=True)
    name = images.hashed_name(encoded)
    images.write_once(folder / name, encoded)
    return PREFIX + name


def fetch_poster(instance_path: str | Path, video: Video, get: Getter | None = None) -> str:
    """Download this video's thumbnail, store it re-encoded and record it as its poster; the
    poster's URL. PosterError when the host did not give a usable image."""
    get = get or _get
    name = key(video)
    if not fetchable(video):
        raise PosterError("An .mp4 link has no thumbnail to fetch.")
    if video.kind == "youtube":
        source = YOUTUBE_THUMBNAIL.format(id=video.video_id)
    else:
        answer = get(VIMEO_OEMBED.format(id=video.video_id), ("application/json",), MAX_JSON_BYTES)
        try:
            source = str(json.loads(answer).get("thumbnail_url") or "")
        except (ValueError, AttributeError):
            raise PosterError("Vimeo's oEmbed answer was not JSON.") from None
        if not source.startswith(VIMEO_THUMBNAIL_PREFIXES):
            raise PosterError(f"Vimeo named an unexpected thumbnail: {source[:100]!r}")
    data = get(source, IMAGE_TYPES, MAX_IMAGE_BYTES)
    try:
        url = _store(instance_path, data)
    except InputError as exc:
        raise PosterError(" ".join(exc.errors.values())) from None
    _record(Path(instance_path) / FOLDER / name, url)
    return url


def ensure(instance_path: str | Path, url: str, get: Getter | None = None) -> str:
    """The poster for a video link just saved, fetched now if it has none yet; "" when the
    link has no thumbnail or the fetch failed (logged: the page shows its placeholder)."""
    try:
        video = parse_video(url) if url else None
    except ValueError:
        return ""
    if not fetchable(video):
        return ""
    found = poster_url(instance_path, video)
    if found:
        return found
    try:
        return fetch_poster(instance_path, video, get)
    except PosterError as exc:
        log.warning("poster for %s not fetched: %s", key(video), exc)
        return ""


def configured_videos(session: Session) -> list[str]:
    """Every video link a page may show: the company's and the ones tailored for prospects."""
    urls = [row.video_url for row in session.exec(select(Company)).all()]
    urls += session.exec(select(Prospect.video_url).where(Prospect.video_url != "")).all()
    return sorted({url for url in urls if url})


def fetch_missing(
    instance_path: str | Path, session: Session, get: Getter | None = None
) -> dict[str, int]:
    """The posters of every configured video without one, fetched: what `landing worker`
    does when it starts. Counts of those fetched and those that failed."""
    counts = {"fetched": 0, "failed": 0}
    for url in configured_videos(session):
        try:
            video = parse_video(url)
        except ValueError:
            continue
        if not fetchable(video) or poster_url(instance_path, video):
            continue
        counts["fetched" if ensure(instance_path, url, get) else "failed"] += 1
    return counts


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None  # the 30x is then an HTTPError: we ask exact addresses only


_OPENER = urllib.request.build_opener(_NoRedirects)


def _get(url: str, types: tuple[str, ...], limit: int) -> bytes:
    """The body at url, when it is one of these content types and at most limit bytes."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        # The address is one of the constants above with an id of [A-Za-z0-9_-] filled in,
        # or Vimeo's answer checked against VIMEO_THUMBNAIL_PREFIXES.
        with _OPENER.open(request, timeout=TIMEOUT) as response:  # nosec B310
            kind = response.headers.get_content_type()
            if kind not in types:
                raise PosterError(f"{url} answered {kind}, not {' or '.join(types)}.")
            if int(response.headers.get("Content-Length") or 0) > limit:
                raise PosterError(f"{url} is larger than {limit:,} bytes.")
            body = response.read(limit + 1)
    except PosterError:
        raise
    except (OSError, ValueError, http.client.HTTPException) as exc:  # URLError is an OSError
        raise PosterError(f"{url}: {exc}") from None
    if len(body) > limit:
        raise PosterError(f"{url} is larger than {limit:,} bytes.")
    return body


def _record(path: Path, url: str) -> None:
    """Which stored image is the poster, replaced in one step (a reader sees old or new)."""
    path.parent.mkdir(mode=images.FOLDER_MODE, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".poster-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as file:
            file.write(url + "\n")
        os.chmod(temporary, images.FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

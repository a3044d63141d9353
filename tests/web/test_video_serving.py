"""Personal videos served from our origin with range requests, so Safari and Chrome can
start and seek, under a content-hashed name cached for a year (landing/web/videos.py)."""

from __future__ import annotations

from landing.videos import library
from tests.videos.conftest import add_video, video_file  # noqa: F401  (fixtures)


def test_the_mp4_is_served_whole_with_long_cache_headers(client, add_video, video_file):  # noqa: F811
    video = add_video(video_file())
    answer = client.get(f"/_/video/{video.digest}.mp4")
    assert answer.status_code == 200
    assert answer.mimetype == "video/mp4"
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert answer.headers["Accept-Ranges"] == "bytes"
    assert answer.data[4:8] == b"ftyp"


def test_safari_probe_and_seeks_get_206_with_the_bytes_asked(client, add_video, video_file):  # noqa: F811
    video = add_video(video_file(seconds=2))
    url = f"/_/video/{video.digest}.mp4"
    whole = client.get(url).data
    probe = client.get(url, headers={"Range": "bytes=0-1"})
    assert probe.status_code == 206
    assert probe.data == whole[:2]
    assert probe.headers["Content-Range"] == f"bytes 0-1/{len(whole)}"
    for start in (len(whole) // 2, 100, len(whole) - 10):
        seek = client.get(url, headers={"Range": f"bytes={start}-"})
        assert seek.status_code == 206
        assert seek.data == whole[start:]
    etag = probe.headers["ETag"]
    same = client.get(url, headers={"Range": "bytes=10-19", "If-Range": etag})
    assert (same.status_code, same.data) == (206, whole[10:20])
    changed = client.get(url, headers={"Range": "bytes=10-19", "If-Range": '"another"'})
    assert (changed.status_code, changed.data) == (200, whole)
    several = client.get(url, headers={"Range": "bytes=0-1, 5-9"})
    assert (several.status_code, several.data) == (200, whole)
    beyond = client.get(url, headers={"Range": f"bytes={len(whole) + 5}-"})
    assert beyond.status_code == 416


def test_poster_and_thumbnails(app, client, add_video, video_file):  # noqa: F811
    video = add_video(video_file())
    poster = client.get(f"/_/video/{video.digest}.jpg")
    assert (poster.status_code, poster.mimetype) == (200, "image/jpeg")
    base = client.get(f"/_/video/{video.digest}.gif")
    with app.app_context():
        robs = library.urls(video, "", "Rob")["thumbnail_url"]
    named = client.get(robs)
    assert (named.status_code, named.mimetype) == (200, "image/gif")
    assert named.data != base.data  # "Rob, this is for you" is drawn on it
    # Only a name of a prospect shown the video is drawn.
    with app.app_context():
        other = library.urls(video, "", "Mallory")["thumbnail_url"]
    assert client.get(other).status_code == 404


def test_unknown_and_malformed_names_are_404(client):
    assert client.get("/_/video/" + "a" * 64 + ".mp4").status_code == 404
    assert client.get("/_/video/../../secret_key").status_code == 404
    assert client.get("/_/video/abc.mp4").status_code == 404


def test_revalidation_and_head(client, add_video, video_file):  # noqa: F811
    video = add_video(video_file())
    url = f"/_/video/{video.digest}.mp4"
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    head = client.head(url)
    assert head.status_code == 200
    assert head.headers["Content-Length"] == str(len(first.data))

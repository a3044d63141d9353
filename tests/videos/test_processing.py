"""`landing worker` makes a received video playable, or refuses it with a reason a rep
understands, leaving no partial file and the prospect's earlier video in place
(landing/videos/processing.py, landing/videos/transcode.py)."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import av
import pytest
from PIL import Image

from landing.data.db import get_session
from landing.data.models import Prospect, Video
from landing.videos import library, processing, storage, transcode
from tests.videos.conftest import make_sparse_video, media_files


def test_a_recording_becomes_an_mp4_with_poster_and_animated_thumbnail(app, add_video, video_file):
    video = add_video(video_file("take.webm", seconds=2))
    assert video.status == "ready", video.error
    assert (video.width, video.height, video.error) == (160, 96, "")
    assert 1900 <= video.duration_ms <= 2100
    folder = storage.LocalStorage(f"{app.instance_path}/media/videos")
    mp4 = folder.path(f"{video.digest}.mp4").read_bytes()
    assert mp4.find(b"moov") < mp4.find(b"mdat"), "fast start: the index comes first"
    with av.open(io.BytesIO(mp4)) as played:
        assert [s.codec_context.name for s in played.streams] == ["h264", "aac"]
    poster = Image.open(folder.path(f"{video.digest}.jpg"))
    assert poster.format == "JPEG" and poster.size == (160, 96)
    thumb = Image.open(folder.path(f"{video.digest}.gif"))
    assert thumb.format == "GIF" and thumb.n_frames > 1  # animated
    # Only the finished files remain: no upload, no temporary folder.
    assert media_files(app) == sorted(
        f"videos/{video.digest}.{ext}" for ext in ("jpg", "mp4", "gif")
    )
    with app.app_context():
        status = library.status_of(video, "https://acme.com")
    assert status["status"] == "ready"
    assert status["video_url"] == f"https://acme.com/_/video/{video.digest}.mp4"


@pytest.mark.parametrize(("rotation", "top_is"), [(90, "blue"), (270, "red")])
def test_a_phone_video_is_turned_upright(app, add_video, video_file, rotation, top_is):
    # Filmed with the phone upright: the sensor's frames lie on their side, and the display
    # matrix says so. With 90°, the left (red) half of the sensor's frame is the bottom;
    # held the other way up (270°), the top.
    video = add_video(video_file("portrait.mp4", size=(160, 96), rotation=rotation))
    assert (video.width, video.height) == (96, 160)
    poster = Image.open(f"{app.instance_path}/media/videos/{video.digest}.jpg").convert("RGB")
    colours = {
        "red": lambda c: c[0] > 150 and c[2] < 80,
        "blue": lambda c: c[2] > 150 and c[0] < 80,
    }
    bottom_is = {"blue": "red", "red": "blue"}[top_is]
    top, bottom = poster.getpixel((48, 20)), poster.getpixel((60, 140))
    assert colours[top_is](top), top
    assert colours[bottom_is](bottom), bottom


def test_a_video_without_sound_is_ready_with_a_note(app, add_video, video_file):
    video = add_video(video_file("silent.mp4", audio=False))
    assert video.status == "ready"
    assert library.status_of(video)["note"].startswith("Ready, but it has no sound")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            lambda tmp, vf: _write(tmp / "notes.mp4", b"These are my notes, not a video." * 10),
            "not a video we can read",
        ),
        (lambda tmp, vf: _write(tmp / "empty.webm", b""), "The file is empty"),
        (lambda tmp, vf: vf("sound.mp4", picture=False), "sound but no picture"),
        (lambda tmp, vf: vf("long.mp4", seconds=8), "the limit is 5 s"),
        # a few kilobytes that say they last 10 hours: refused before any decoding
        (
            lambda tmp, vf: make_sparse_video(tmp / "ten-hours.mp4", [0, 1, 36_000]),
            "This video is 10 h 00 min long; the limit is 5 s",
        ),
        # as a browser records: no duration in the header, so it is told while decoding
        (
            lambda tmp, vf: make_sparse_video(
                tmp / "no-duration.webm", [i / 2 for i in range(30)], container="webm"
            ),
            "longer than the limit of 5 s",
        ),
        (
            lambda tmp, vf: make_sparse_video(
                tmp / "ten-hours.webm", [0, 1, 36_000], container="webm"
            ),
            "longer than the limit of 5 s",
        ),
        (lambda tmp, vf: _cut(vf("cut.webm", seconds=4, size=(320, 240))), "incomplete"),
        # a phone's MP4 has its index at the end: cut off, it does not open at all
        (lambda tmp, vf: _cut(vf("cut.mp4", seconds=2)), "damaged or incomplete"),
    ],
    ids=[
        "not-video",
        "empty",
        "no-picture",
        "too-long",
        "ten-hours",
        "webm-no-duration",
        "webm-ten-hours-no-duration",
        "truncated",
        "truncated-mp4",
    ],  # fmt: skip
)
def test_bad_input_fails_in_words_and_the_prospect_keeps_the_earlier_video(
    app, add_video, video_file, tmp_path, make, words
):
    app.config["VIDEO_MAX_SECONDS"] = 5
    earlier = add_video(video_file("earlier.mp4"))
    before = media_files(app)
    video = add_video(make(tmp_path, video_file))
    assert video.status == "failed"
    assert words in video.error
    assert media_files(app) == before  # no upload, no partial file
    with app.app_context():
        rob = get_session().exec(__import__("sqlmodel").select(Prospect)).one()
        assert rob.video_id == earlier.id
        assert get_session().get(Video, earlier.id).status == "ready"


def test_a_disk_that_fills_during_processing_leaves_nothing_behind(
    app, add_video, video_file, monkeypatch
):
    def full(self, name, source):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.LocalStorage, "put_file", full)
    video = add_video(video_file())
    assert video.status == "failed"
    assert "ran out of disk space" in video.error
    assert media_files(app) == []


def test_a_disk_that_fills_while_encoding_keeps_the_earlier_video_and_no_partial_file(
    app, add_video, video_file, monkeypatch
):
    earlier = add_video(video_file("earlier.mp4"))
    before = media_files(app)

    def fills_up(source, target, max_seconds):
        target.write_bytes(b"half an mp4")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(transcode, "convert", fills_up)
    video = add_video(video_file("next.mp4"))
    assert (video.status, video.error) == ("failed", processing.DISK_FULL)
    assert media_files(app) == before
    with app.app_context():
        rob = get_session().exec(__import__("sqlmodel").select(Prospect)).one()
        assert rob.video_id == earlier.id


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _cut(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def test_the_sweep_deletes_stored_files_no_video_names_once_an_hour_old(app, add_video, video_file):
    import os
    import time

    video = add_video(video_file())
    folder = storage.LocalStorage(f"{app.instance_path}/media/videos")
    stray = "f" * 64 + ".mp4"
    folder.put_bytes(stray, b"left by a worker that died")
    with app.app_context():
        library.sweep(get_session(), app.config, app.instance_path)
        assert folder.path(stray) is not None  # it may be a video being recorded right now
        hour_ago = time.time() - 3700
        os.utime(folder.path(stray), (hour_ago, hour_ago))
        library.sweep(get_session(), app.config, app.instance_path)
    assert folder.path(stray) is None
    assert folder.path(f"{video.digest}.mp4") is not None


class _OneCycle:
    """A stop event for processing.run that lets one pass of its loop run."""

    def __init__(self):
        self.passes = 0

    def is_set(self) -> bool:
        self.passes += 1
        return self.passes > 1

    def wait(self, seconds: float) -> None:
        pass


def test_the_worker_removes_uploads_abandoned_for_a_day_on_its_own(app):
    import os
    import time

    from landing.data.db import get_engine
    from landing.videos import uploads

    instance = app.instance_path
    abandoned = uploads.create(instance, 1, "left.webm", 10, 1 << 20)
    uploads.append(abandoned, 0, b"\x1a\x45\xdf\xa3")
    going_on = uploads.create(instance, 1, "now.webm", 10, 1 << 20)
    crashed = Path(instance) / "media" / "incoming" / "tmpab12cd"
    crashed.parent.mkdir(parents=True)
    crashed.write_bytes(b"an API upload whose request died")
    day_ago = time.time() - uploads.ABANDONED_AFTER - 60
    for path in (abandoned.data, abandoned.folder / "meta.json", crashed):
        os.utime(path, (day_ago, day_ago))
    with app.app_context():
        processing.run(get_engine(), instance, app.config, _OneCycle())
    assert not abandoned.folder.exists() and not crashed.exists()
    assert uploads.get(instance, 1, going_on.id).offset == 0  # still resumable

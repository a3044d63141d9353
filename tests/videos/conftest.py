"""Small test videos made with PyAV in a moment: a coloured picture that changes every frame
and a tone, so every test has a real recording to refuse or accept."""

from __future__ import annotations

import io
import math
from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image


def make_video(
    path: Path,
    seconds: float = 1.5,
    size: tuple[int, int] = (160, 96),
    *,
    fps: int = 10,
    audio: bool = True,
    picture: bool = True,
    rotation: int = 0,
    container: str = "mp4",
) -> Path:
    """Write a test video: `rotation` is the display matrix a phone would set (degrees
    counter-clockwise); the stored frames are then as the sensor saw them."""
    codec = {"mp4": "libx264", "webm": "libvpx"}[container]
    audio_codec = {"mp4": "aac", "webm": "libopus"}[container]
    out = av.open(str(path), "w", format=container)
    video = None
    if picture:
        video = out.add_stream(codec, rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        if rotation:
            video.set_display_rotation(rotation)
    sound = out.add_stream(audio_codec, rate=48000) if audio else None
    if sound is not None:
        sound.layout = "mono"
    frames = int(seconds * fps)
    for i in range(frames if video is not None else 0):
        # the left half red, the right half blue: a test can tell which way is up
        image = Image.new("RGB", size, (200, 30, 30))
        image.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
        image.paste((i * 20 % 255, 200, 0), (0, 0, 16, 16))
        frame = av.VideoFrame.from_image(image)
        frame.pts = i
        frame.time_base = Fraction(1, fps)
        out.mux(video.encode(frame))
    if video is not None:
        out.mux(video.encode())
    if sound is not None:
        samples = int(seconds * 48000)
        chunk = 960
        for start in range(0, samples, chunk):
            values = [
                int(8000 * math.sin(2 * math.pi * 440 * (start + n) / 48000)) for n in range(chunk)
            ]
            frame = av.AudioFrame(format="s16", layout="mono", samples=chunk)
            frame.planes[0].update(b"".join(v.to_bytes(2, "little", signed=True) for v in values))
            frame.sample_rate = 48000
            frame.pts = start
            frame.time_base = Fraction(1, 48000)
            out.mux(sound.encode(frame))
        out.mux(sound.encode())
    out.close()
    return path


class _Pipe(io.RawIOBase):
    """A stream that cannot seek back, as a browser's MediaRecorder writes: the muxer then
    leaves the WebM's duration out."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def write(self, chunk) -> int:
        self.data += chunk
        return len(chunk)


def make_sparse_video(path: Path, seconds: list[float], *, container: str = "mp4") -> Path:
    """A tiny video whose frames are shown at these moments: a frame at 0 and one at 36000
    make a "10-hour" file of a few kilobytes. A WebM is written as a browser records, with
    no duration in its header."""
    codec = {"mp4": "libx264", "webm": "libvpx"}[container]
    pipe = _Pipe() if container == "webm" else None
    out = av.open(pipe if pipe is not None else str(path), "w", format=container)
    video = out.add_stream(codec, rate=1)
    video.width, video.height = 64, 48
    video.pix_fmt = "yuv420p"
    video.codec_context.time_base = Fraction(1, 10)
    for i, moment in enumerate(seconds):
        frame = av.VideoFrame.from_image(Image.new("RGB", (64, 48), (200, 20 * i % 255, 30)))
        frame.pts, frame.time_base = round(moment * 10), Fraction(1, 10)
        out.mux(video.encode(frame))
    out.mux(video.encode())
    out.close()
    if pipe is not None:
        path.write_bytes(bytes(pipe.data))
    return path


@pytest.fixture
def video_file(tmp_path):
    """A maker of test videos in the test's folder: video_file("name.mp4", seconds=2, ...)."""

    def make(name: str = "take.mp4", **options) -> Path:
        if name.endswith(".webm"):
            options.setdefault("container", "webm")
        return make_video(tmp_path / name, **options)

    return make


@pytest.fixture
def add_video(app, make_rep, make_prospect):
    """Receive a file for a prospect (made once: Rob Mason of Dana Reyes) and run the worker's
    processing on it, as `landing worker` would; the video row as it ended."""
    from landing.data.db import get_engine, get_session
    from landing.data.models import Prospect, Rep, Video
    from landing.videos import library, processing

    made = {}

    def add(path: Path, slug: str = "Rob-Mason", process: bool = True) -> Video:
        if not made:
            made["rep"] = make_rep()
            made["rob"] = make_prospect(made["rep"])
        with app.app_context():
            session = get_session()
            rep = session.get(Rep, made["rep"].id)
            prospect = session.exec(
                __import__("sqlmodel").select(Prospect).where(Prospect.slug == slug)
            ).one()
            video = library.receive(session, app.instance_path, rep, path, path.name, [prospect])
            if process:
                processing.process_waiting(get_engine(), app.instance_path, app.config)
            session.expire_all()
            return session.get(Video, video.id)

    return add


def media_files(app) -> list[str]:
    """Every file under instance/media/, relative names: what processing left behind."""
    root = Path(app.instance_path) / "media"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

"""From what a rep sent to an MP4 every browser plays: PyAV (FFmpeg inside its wheel, no
system ffmpeg) probes the container and its streams, decodes once, turns phone video upright,
scales to at most 720p and writes H.264/AAC with the index (moov) first, so playback starts
before the whole file arrived. The same pass keeps the frames the poster and the animated
thumbnail are made of (landing/videos/pictures.py).

Everything a rep can cause ends as VideoRefused with a sentence for them; the caller
(landing/videos/processing.py) keeps no partial file."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image

MAX_WIDTH, MAX_HEIGHT = 1280, 720  # what a face-to-camera message needs; 1080p doubles CPU
FPS_CAP = 30
THUMB_SECONDS = 3
THUMB_FPS = 8
THUMB_WIDTH = 480
POSTER_AT = 1.0  # seconds in: the rep has looked up by then, and it is not a black frame
AUDIO_RATE = 48000
# A container that promises more than this share of its duration and ends early is cut off.
COMPLETE_SHARE = 0.9


class VideoRefused(Exception):
    """A file we cannot make a video of, with the reason in words for the rep."""


@dataclass
class Converted:
    duration_ms: int
    width: int
    height: int
    has_audio: bool
    poster: Image.Image | None = None
    thumb_frames: list[Image.Image] = field(default_factory=list)


def convert(source: Path, target: Path, max_seconds: int) -> Converted:
    """Write `target` (MP4) from `source`, or raise VideoRefused. OSError (a full disk) is
    the caller's to word."""
    try:
        container = av.open(str(source), metadata_errors="ignore")
    except av.error.InvalidDataError:
        if _looks_like_video(source):
            raise VideoRefused(
                "This video is damaged or incomplete: it cannot be opened (was the upload cut "
                "off?)."
            ) from None
        raise VideoRefused("This file is not a video we can read (MP4, MOV or WebM).") from None
    except av.FFmpegError as exc:
        raise VideoRefused(f"This file could not be read as a video ({_said(exc)}).") from None
    with container:
        return _convert(container, target, max_seconds)


def _convert(container, target: Path, max_seconds: int) -> Converted:
    if not container.streams.video:
        if container.streams.audio:
            raise VideoRefused("This file has sound but no picture: record with the camera on.")
        raise VideoRefused("This file is not a video: it has no picture.")
    src_video = container.streams.video[0]
    src_audio = container.streams.audio[0] if container.streams.audio else None
    declared = _declared_seconds(container)
    if declared and declared > max_seconds + 1:
        raise VideoRefused(
            f"This video is {_minutes(declared)} long; the limit is {_minutes(max_seconds)}."
        )
    src_video.thread_type = "AUTO"
    rate = src_video.guessed_rate or src_video.average_rate or Fraction(30)
    rate = min(Fraction(rate).limit_denominator(1001), Fraction(FPS_CAP))
    out = av.open(str(target), "w", format="mp4", options={"movflags": "+faststart"})
    try:
        return _encode(container, out, src_video, src_audio, rate, declared, max_seconds)
    finally:
        out.close()


def _encode(container, out, src_video, src_audio, rate, declared, max_seconds) -> Converted:
    video_out = audio_out = None
    # MP4 wants every stream before the first packet, and the picture's size is known from
    # its first (upright) frame: sound decoded before it waits here.
    waiting_audio: list = []
    if src_audio is not None:
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=AUDIO_RATE)
    result = Converted(0, 0, 0, has_audio=False)
    frame_step = 1 / float(rate)
    next_frame_at = 0.0
    next_thumb_at = 0.0
    last_time = 0.0
    frames = 0
    streams = [s for s in (src_video, src_audio) if s is not None]
    try:
        for packet in container.demux(*streams):
            for frame in packet.decode():
                seconds = float(frame.time) if frame.time is not None else last_time
                if seconds > max_seconds + 1:
                    raise VideoRefused(
                        f"This video is longer than the limit of {_minutes(max_seconds)}."
                    )
                if packet.stream is src_audio:
                    result.has_audio = True
                    for resampled in resampler.resample(frame):
                        resampled.pts = None
                        if audio_out is None:
                            waiting_audio.append(resampled)
                        else:
                            out.mux(audio_out.encode(resampled))
                    continue
                last_time = max(last_time, seconds)
                if seconds + 1e-6 < next_frame_at:
                    continue  # over the frame-rate cap: dropped
                next_frame_at = max(next_frame_at + frame_step, seconds)
                upright = _upright(frame)
                if video_out is None:
                    video_out = _video_stream(out, upright.width, upright.height, rate)
                    result.width, result.height = video_out.width, video_out.height
                    if src_audio is not None:
                        audio_out = out.add_stream("aac", rate=AUDIO_RATE)
                        audio_out.bit_rate = 128_000
                        for waiting in waiting_audio:
                            out.mux(audio_out.encode(waiting))
                        waiting_audio.clear()
                if seconds < THUMB_SECONDS and seconds >= next_thumb_at:
                    next_thumb_at += 1 / THUMB_FPS
                    result.thumb_frames.append(_picture(upright, THUMB_WIDTH))
                if result.poster is None and seconds >= min(POSTER_AT, (declared or 2) / 2):
                    result.poster = _picture(upright, MAX_WIDTH)
                scaled = upright.reformat(video_out.width, video_out.height, format="yuv420p")
                scaled.pts = frames
                scaled.time_base = video_out.codec_context.time_base
                frames += 1
                out.mux(video_out.encode(scaled))
    except av.FFmpegError as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise OSError(errno.ENOSPC, "No space left on device") from exc
        raise VideoRefused(
            f"This video is damaged or incomplete: it stops after {_minutes(last_time)} "
            "(was the upload cut off?)."
        ) from None
    if video_out is None:
        raise VideoRefused("This video has no picture we can decode: it is empty or damaged.")
    out.mux(video_out.encode())
    if audio_out is not None:
        for resampled in resampler.resample(None):
            out.mux(audio_out.encode(resampled))
        out.mux(audio_out.encode())
    duration = frames * frame_step
    if declared and duration < declared * COMPLETE_SHARE and declared - duration > 1:
        raise VideoRefused(
            f"This video is incomplete: it should last {_minutes(declared)} but stops after "
            f"{_minutes(duration)} (was the upload cut off?)."
        )
    if result.poster is None:
        result.poster = result.thumb_frames[-1] if result.thumb_frames else None
    result.duration_ms = round(duration * 1000)
    return result


def _video_stream(out, width: int, height: int, rate: Fraction):
    scale = min(1.0, MAX_WIDTH / max(width, height), MAX_HEIGHT / min(width, height))
    stream = out.add_stream("libx264", rate=rate)
    stream.width = max(2, round(width * scale / 2) * 2)
    stream.height = max(2, round(height * scale / 2) * 2)
    stream.pix_fmt = "yuv420p"
    stream.codec_context.time_base = 1 / rate
    # veryfast + crf 23: a talking head at 720p in about a third of real time on one core,
    # a few MB a minute; "main" plays on every phone of the last ten years.
    stream.options = {"preset": "veryfast", "crf": "23", "profile": "main"}
    stream.thread_type = "AUTO"
    return stream


def _upright(frame):
    """The frame as the phone that filmed it showed it: the display matrix applied."""
    rotation = round(frame.rotation or 0) % 360
    if rotation == 0:
        return frame
    turn = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
            270: Image.Transpose.ROTATE_270}.get(rotation)  # fmt: skip
    if turn is None:
        return frame
    image = frame.to_image().transpose(turn)
    upright = av.VideoFrame.from_image(image)
    upright.pts, upright.time_base = frame.pts, frame.time_base
    return upright


def _picture(frame, width: int) -> Image.Image:
    image = frame.to_image()
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width / 2) * 2))
    return image


def _looks_like_video(source: Path) -> bool:
    """An MP4/MOV (an ftyp box) or WebM (EBML) by its first bytes: one that does not open
    was cut off or damaged, where other bytes are simply not video."""
    with source.open("rb") as f:
        head = f.read(12)
    return head[4:8] == b"ftyp" or head.startswith(b"\x1aE\xdf\xa3")


def _declared_seconds(container) -> float:
    """What the container says it lasts; 0 when it does not say (a browser's WebM)."""
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    return 0.0


def _minutes(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return (
            f"{seconds // 60} min {seconds % 60:02d} s" if seconds % 60 else f"{seconds // 60} min"
        )
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def _said(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc)[:100]

"""CPU seconds per second of video that `landing worker` spends making a recording playable:
a generated 60-second 720p30 recording with sound (a moving picture, a tone) is converted as
the worker does it (landing/videos/transcode.py, then the poster and animated thumbnail).
Target: 1.0 or less (faster than real time on one core). Stops by itself.
Usage: .venv/bin/python bench/video_processing.py [--seconds 60] [--height 720]"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import av  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from landing.videos import pictures, transcode  # noqa: E402


def recording(path: Path, seconds: int, height: int, fps: int = 30) -> Path:
    """A browser-like recording: VP8/Opus WebM, as MediaRecorder makes in Chrome."""
    width = height * 16 // 9
    out = av.open(str(path), "w", format="webm")
    video = out.add_stream("libvpx", rate=fps)
    video.width, video.height, video.pix_fmt = width, height, "yuv420p"
    video.options = {"deadline": "realtime", "cpu-used": "8"}
    video.bit_rate = 2_500_000
    sound = out.add_stream("libopus", rate=48000)
    sound.layout = "mono"
    backdrop = Image.new("RGB", (width, height), (40, 60, 90))
    for i in range(seconds * fps):
        image = backdrop.copy()
        draw = ImageDraw.Draw(image)
        x = int((math.sin(i / 20) + 1) / 2 * (width - height // 2))
        draw.ellipse((x, height // 4, x + height // 2, height * 3 // 4), fill=(220, 180, 150))
        frame = av.VideoFrame.from_image(image)
        frame.pts, frame.time_base = i, Fraction(1, fps)
        out.mux(video.encode(frame))
    out.mux(video.encode())
    chunk = 960
    tone = b"".join(
        int(6000 * math.sin(2 * math.pi * 220 * n / 48000)).to_bytes(2, "little", signed=True)
        for n in range(chunk)
    )
    for start in range(0, seconds * 48000, chunk):
        frame = av.AudioFrame(format="s16", layout="mono", samples=chunk)
        frame.planes[0].update(tone)
        frame.sample_rate, frame.pts, frame.time_base = 48000, start, Fraction(1, 48000)
        out.mux(sound.encode(frame))
    out.mux(sound.encode())
    out.close()
    return path


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--height", type=int, default=720)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = recording(Path(folder) / "take.webm", args.seconds, args.height)
        size = source.stat().st_size
        started_cpu, started = cpu(), time.perf_counter()
        done = transcode.convert(source, Path(folder) / "out.mp4", max_seconds=600)
        pictures.poster_jpeg(done.poster)
        pictures.animated_thumb(done.thumb_frames)
        used, wall = cpu() - started_cpu, time.perf_counter() - started
        out = (Path(folder) / "out.mp4").stat().st_size
    video_seconds = done.duration_ms / 1000
    print(f"source: {args.seconds} s {args.height}p WebM (VP8/Opus), {size / 1e6:.1f} MB")
    print(f"output: {done.width}x{done.height} H.264/AAC MP4, {out / 1e6:.1f} MB")
    ratio = used / video_seconds
    print(f"CPU: {used:.1f} s for {video_seconds:.0f} s of video = {ratio:.2f} CPU s per video s")
    print(f"(target <= 1.0); wall {wall:.1f} s")


if __name__ == "__main__":
    main()

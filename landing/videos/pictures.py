"""The pictures of a personal video, drawn with Pillow: the poster the page shows until the
prospect taps play (the rep's face, a JPEG), and for the email a 3-second animated GIF with a
play button, and, in each prospect's copy, their first name ("Rob, this is for you"). GIF,
not WebP: Outlook shows no WebP, and every mail client shows at least a GIF's first frame."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)
FRAME_MS = 125  # transcode.THUMB_FPS frames a second
NAME_CHARS = 24


def poster_jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def animated_thumb(frames: list[Image.Image], name: str = "") -> bytes:
    """The email's thumbnail: the first seconds, looping, with a play button and, when given,
    the prospect's first name. Email clients that show no animation show the first frame,
    which has both too."""
    if not frames:
        raise ValueError("no frames")
    drawn = [_decorated(frame.convert("RGB"), name) for frame in frames]
    return _gif(drawn)


def named_thumb(base: bytes, name: str) -> bytes:
    """A prospect's copy of the stored thumbnail (which has the button, not the name)."""
    frames = []
    with Image.open(io.BytesIO(base)) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frames.append(image.convert("RGB"))
    drawn = [_name(frame, name) for frame in frames]
    return _gif(drawn)


def _gif(frames: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    # One palette for every frame: no flicker between them, and a smaller file.
    palette = frames[len(frames) // 2].quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    still = [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]
    still[0].save(
        out, "GIF", save_all=True, append_images=still[1:], duration=FRAME_MS, loop=0,
        optimize=False, disposal=1,
    )  # fmt: skip
    return out.getvalue()


def _decorated(image: Image.Image, name: str) -> Image.Image:
    draw = ImageDraw.Draw(image, "RGBA")
    w, h = image.size
    r = max(12, min(w, h) // 8)
    # Below the middle: a rep looking into the camera has their face there.
    cx, cy = w // 2, round(h * 0.6)
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r),
        fill=(0, 0, 0, 150),
        outline=(255, 255, 255, 230),
        width=max(2, r // 10),
    )
    t = r // 2
    draw.polygon(
        [(cx - t * 0.7, cy - t), (cx - t * 0.7, cy + t), (cx + t, cy)], fill=(255, 255, 255, 240)
    )
    return _name(image, name) if name else image


def _name(image: Image.Image, name: str) -> Image.Image:
    name = name.strip()[:NAME_CHARS]
    if not name:
        return image
    image = image.copy()
    draw = ImageDraw.Draw(image, "RGBA")
    w, h = image.size
    font = _font(max(14, h // 9))
    text = f"{name}, this is for you"
    box = draw.textbbox((0, 0), text, font=font)
    tw, th = box[2] - box[0], box[3] - box[1]
    pad = max(6, h // 40)
    top = h - th - 3 * pad
    draw.rectangle((0, top, w, h), fill=(0, 0, 0, 140))
    draw.text(((w - tw) / 2, top + pad - box[1]), text, font=font, fill=(255, 255, 255, 255))
    return image


def _font(size: int):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)

"""The picture chat apps show when a prospect forwards their link (Open Graph): the company's
name, and its logo when it was uploaded here, on the brand colour; nothing about the prospect.

Drawn once per look with Pillow and stored under instance/cards/ by a hash of what it shows,
so a new name, colour or logo is a new URL and an old one can be cached for good. A logo
given as a link elsewhere is left out: pages never make the server fetch what a setting names
while a prospect (or a chat app's crawler) waits."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import Engine

from landing.pages import brand, images

SIZE = (1200, 630)  # what Facebook, LinkedIn, Slack and WhatsApp show at full width
DEFAULT_COLOUR = "#0b5fff"  # page.css's accent
FOLDER = "cards"
LOOK = "card-1"  # bump when the drawing changes: every card gets a new URL


def version(name: str, colour: str, logo_url: str) -> str:
    """The hash naming the card for this look."""
    look = "\n".join((LOOK, name, colour or DEFAULT_COLOUR, _own_logo(logo_url)))
    return hashlib.sha256(look.encode()).hexdigest()[:20]


def card(engine: Engine, instance_path: str | Path, name: str, colour: str, logo_url: str) -> Path:
    """The card's PNG file, drawn on first use and kept on this server's disk."""
    path = Path(instance_path) / FOLDER / f"{version(name, colour, logo_url)}.png"
    if not path.exists():
        path.parent.mkdir(mode=images.FOLDER_MODE, parents=True, exist_ok=True)
        logo = images.stored_image(engine, _own_logo(logo_url).removeprefix(images.PREFIX))
        images.write_once(path, draw(name, colour or DEFAULT_COLOUR, logo))
    return path


def draw(name: str, colour: str, logo: bytes | None) -> bytes:
    """PNG bytes: the logo on a white panel above the name, both centred on the colour."""
    canvas = Image.new("RGB", SIZE, colour)
    pen = ImageDraw.Draw(canvas)
    ink = brand.text_on(colour)
    text_top = 60
    if logo is not None:
        with Image.open(io.BytesIO(logo)) as source:
            mark = source.convert("RGBA")
        mark.thumbnail((560, 180))
        panel = (600 - mark.width // 2 - 40, 90, 600 + mark.width // 2 + 40, 130 + mark.height)
        pen.rounded_rectangle(panel, radius=24, fill="#ffffff")
        canvas.paste(mark, (600 - mark.width // 2, 110), mark)
        text_top = panel[3] + 40
    font, lines = _fitted(pen, name, width=1040, height=SIZE[1] - text_top - 60)
    line_height = font.size * 1.2
    y = text_top + (SIZE[1] - text_top - 60 - line_height * len(lines)) / 2
    for line in lines:
        # A stroke of the text's own colour: the bundled font has no bold.
        stroke = max(1, font.size // 40)
        pen.text(
            (600, y), line, font=font, fill=ink, anchor="ma", stroke_width=stroke, stroke_fill=ink
        )
        y += line_height
    out = io.BytesIO()
    canvas.save(out, "PNG", optimize=True)
    return out.getvalue()


def _fitted(pen: ImageDraw.ImageDraw, text: str, width: int, height: int):
    """The largest font (and the lines, at most three) in which the name fits the box."""
    for size in range(110, 27, -6):
        font = ImageFont.load_default(size=size)
        lines = _wrapped(pen, text, font, width)
        if len(lines) <= 3 and len(lines) * size * 1.2 <= height:
            return font, lines
    font = ImageFont.load_default(size=28)
    return font, _wrapped(pen, text, font, width)[:3]


def _wrapped(pen: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and pen.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _own_logo(logo_url: str) -> str:
    return logo_url if images.OWN_URL_RE.fullmatch(logo_url or "") else ""

"""A QR code of a prospect's page URL, as SVG, for print and event follow-ups."""

from __future__ import annotations

import io

import segno

# Eight pixels a module prints sharply at any size (SVG scales); medium error correction
# survives a smudge or a fold without making the code dense.
SCALE = 8
ERROR = "m"


def code(url: str) -> segno.QRCode:
    # make_qr, never segno's Micro QR for short text: most phone cameras cannot read it.
    return segno.make_qr(url, error=ERROR)


def svg(url: str) -> str:
    """A standalone SVG document of url's QR code, titled with the URL."""
    out = io.BytesIO()
    code(url).save(out, kind="svg", scale=SCALE, light="#fff", title=url, xmldecl=True, nl=True)
    return out.getvalue().decode()

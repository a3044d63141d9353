"""A stand-in for YouTube's and Vimeo's thumbnail hosts on 127.0.0.1 (there is no internet
here): each path answers what a test put in `answers`, and `asked` keeps what was asked."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image, ImageDraw, ImageFilter

from landing.pages import posters


def thumbnail(size=(480, 360), exif: bool = True) -> bytes:
    """A JPEG like YouTube's hqdefault: 4:3 with black bars around a 16:9 picture, with
    detail enough to weigh what a real one does, and EXIF that must not survive."""
    image = Image.effect_noise(size, 60).convert("RGB")
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    draw = ImageDraw.Draw(image)
    bar = (size[1] - size[0] * 9 // 16) // 2
    draw.rectangle((0, 0, size[0], bar), fill="black")
    draw.rectangle((0, size[1] - bar, size[0], size[1]), fill="black")
    draw.ellipse((150, 110, 330, 250), fill=(220, 120, 40))
    out = io.BytesIO()
    info = Image.Exif()
    info[0x010F] = "PhoneMaker"
    image.save(out, "JPEG", quality=85, **({"exif": info.tobytes()} if exif else {}))
    return out.getvalue()


class ThumbnailHost:
    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, str, bytes]] = {}
        self.asked: list[str] = []
        self.delay = 0.0
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def _handler(self):
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                host.asked.append(self.path)
                time.sleep(host.delay)
                status, kind, body = host.answers.get(self.path, (404, "text/plain", b"no"))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                if status in (301, 302):
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        return Handler


@contextmanager
def thumbnail_host(monkeypatch) -> Iterator[ThumbnailHost]:
    """The host running, and landing/pages/posters.py pointed at it."""
    host = ThumbnailHost()
    thread = threading.Thread(target=host.server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(posters, "YOUTUBE_THUMBNAIL", host.url + "/vi/{id}/hqdefault.jpg")
    monkeypatch.setattr(posters, "VIMEO_OEMBED", host.url + "/oembed/{id}.json")
    monkeypatch.setattr(posters, "VIMEO_THUMBNAIL_PREFIXES", (host.url + "/vimeo/",))
    try:
        yield host
    finally:
        host.server.shutdown()
        host.server.server_close()

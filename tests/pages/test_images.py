"""Uploaded logos and photos (landing/pages/images.py): sniffed from their bytes, refused
when not a PNG, JPEG or WebP of sane size, stored resized and without their metadata."""

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image, ImageFile
from sqlalchemy import func, select
from sqlmodel import Session

from landing.core.validate import InputError
from landing.data.db import make_engine
from landing.data.models import StoredImage
from landing.pages import images


def picture(fmt="PNG", size=(800, 600), colour=(200, 30, 30), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, fmt, **save)
    return out.getvalue()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 22.0, 1.0)  # latitude
    gps[3], gps[4] = "E", (4.0, 53.0, 2.0)
    return exif.tobytes()


class Store:
    """store_image with a session of its own, committed as a settings save commits it."""

    def __init__(self, engine):
        self.engine = engine

    def store_image(self, data: bytes, kind: str, filename: str = "") -> str:
        with Session(self.engine) as session:
            url = images.store_image(session, data, kind, filename)
            session.commit()
            return url


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def stored(engine, url: str) -> bytes:
    assert images.OWN_URL_RE.fullmatch(url), url
    return images.stored_image(engine, url.removeprefix(images.PREFIX))


def opened(engine, url: str) -> Image.Image:
    return Image.open(io.BytesIO(stored(engine, url)))


def count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(StoredImage)).scalar_one()


def refused(engine, data: bytes, kind="photo", filename="") -> str:
    with pytest.raises(InputError) as caught:
        Store(engine).store_image(data, kind, filename)
    assert list(caught.value.errors) == [images.FIELDS[kind]]
    assert count(engine) == 0  # nothing stored
    return caught.value.errors[images.FIELDS[kind]]


def test_a_photo_is_cropped_square_and_stored_as_webp_under_its_hash(engine):
    url = Store(engine).store_image(picture("JPEG", (1200, 800)), "photo", "me.jpg")
    photo = opened(engine, url)
    assert photo.format == "WEBP" and photo.size == (256, 256)
    name = url.removeprefix(images.PREFIX)
    assert name == hashlib.sha256(stored(engine, url)).hexdigest()[:32] + ".webp"
    # The same upload again is the same name (and no second row).
    assert Store(engine).store_image(picture("JPEG", (1200, 800)), "photo") == url
    assert count(engine) == 1
    other = Store(engine).store_image(picture("JPEG", (1200, 800), (0, 0, 200)), "photo")
    assert other != url and count(engine) == 2


def test_a_logo_fits_480_by_160_and_keeps_its_transparency(engine):
    data = picture("PNG", (2000, 400), (10, 20, 30, 0), mode="RGBA")
    image = opened(engine, Store(engine).store_image(data, "logo", "logo.png"))
    assert image.size == (480, 96) and image.mode == "RGBA"
    assert image.getpixel((5, 5))[3] == 0
    small = opened(engine, Store(engine).store_image(picture("WEBP", (120, 40)), "logo"))
    assert small.size == (120, 40)  # never enlarged


def test_exif_and_gps_are_dropped_and_the_photo_turned_upright(engine):
    data = picture("JPEG", (600, 300), exif=gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload has GPS
    image = opened(engine, Store(engine).store_image(data, "photo"))
    assert not image.getexif() and "exif" not in image.info and "xmp" not in image.info
    (raw,) = [stored(engine, url) for url in [Store(engine).store_image(data, "photo")]]
    assert b"EXIF" not in raw and b"PhoneMaker" not in raw


def test_text_named_png_is_refused(engine):
    message = refused(engine, b"hello, this is not an image\n" * 10, filename="cat.png")
    assert message.startswith("This file is not a PNG, JPEG or WebP image.")


def test_a_jpeg_named_png_is_refused_as_a_lying_extension(engine):
    message = refused(engine, picture("JPEG"), filename="photo.png")
    assert "named .png but holds a JPEG image" in message


def test_more_than_5_mb_is_refused_before_it_is_decoded(engine):
    message = refused(engine, picture("PNG", (10, 10)) + b"\0" * (6 * 1024 * 1024))
    assert "at most 5 MB" in message


def test_a_png_claiming_10000_by_10000_is_refused_from_its_header(engine, monkeypatch):
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 10000, 10000, 8, 2, 0, 0, 0)
    # A few bytes of data for a 300 MB image: decoding it would be the attack.
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded it"))
    message = refused(engine, bomb, filename="big.png")
    assert "10000×10000 pixels; at most 40 megapixels" in message


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
    ],
)
def test_svg_is_refused_with_a_message_asking_for_png_jpeg_or_webp(engine, svg):
    message = refused(engine, svg, kind="logo", filename="logo.svg")
    assert message == (
        "SVG images are not accepted (they can carry scripts). Upload a PNG, JPEG or WebP image."
    )


def test_a_damaged_image_and_an_empty_file_are_refused(engine):
    assert "could not be read" in refused(engine, picture("PNG")[:200])
    assert "empty" in refused(engine, b"")


def test_the_stored_fields_take_an_https_link_or_exactly_our_own_image_path():
    own = "/_/img/" + "a" * 32 + ".webp"
    assert images.image_url(f" {own} ") == own
    assert images.image_url("https://cdn.example/me.png") == "https://cdn.example/me.png"
    assert images.image_url("") == ""
    for bad in (own + "x", "/_/img/../secret_key", "/_/img/" + "A" * 32 + ".webp",
                "//evil.example/" + "a" * 32 + ".webp", "http://cdn.example/me.png"):  # fmt: skip
        with pytest.raises(ValueError):
            images.image_url(bad)


def test_only_hash_names_are_looked_up(engine):
    url = Store(engine).store_image(picture("PNG", (10, 10)), "logo")
    name = url.removeprefix(images.PREFIX)
    for other in ("../" + name, name.upper(), name + "/../x", "x.webp", name[:-5]):
        assert images.stored_image(engine, other) is None


def _icc_swapping_red_and_blue() -> bytes:
    """A minimal ICC v2 RGB profile whose red primary is sRGB's blue and blue primary sRGB's
    red: a photo tagged with it and shown without converting would have the two swapped."""

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    text = b"swapped\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 8 + b"\0" * 70
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"  # gamma 2.2
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.1431, 0.0606, 0.7141)),  # sRGB's blue
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.4361, 0.2225, 0.0139)),  # sRGB's red
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size) + b"\0" * 4 + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
        + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
        + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48
    )  # fmt: skip
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def test_a_photo_in_another_colour_space_is_converted_to_srgb(engine):
    data = picture("PNG", (300, 300), (220, 0, 0), icc_profile=_icc_swapping_red_and_blue())
    red, green, blue = opened(engine, Store(engine).store_image(data, "photo")).getpixel((128, 128))
    assert blue > 150 and red < 80, (red, green, blue)  # the colour meant, not the bytes
    plain = picture("PNG", (300, 300), (220, 0, 0))
    assert opened(engine, Store(engine).store_image(plain, "photo")).getpixel((128, 128))[0] > 200

"""Logos and reps' photos uploaded rather than linked: checked, resized and re-encoded here,
stored in the database (StoredImage) under a hash of their bytes, and served from our own
origin at /_/img/<hash>.webp (landing/web/images.py). In the database rather than a folder, a
backup holds them and every app server of a team serves them; they are small (a photo is 256
pixels square), and browsers keep each for a year. `landing purge` deletes those nothing
shows any more.

Why re-encode rather than keep what was sent: the file a rep uploads is read by every
prospect's browser. Decoding it once with Pillow and writing fresh pixels drops what should
not travel (EXIF with GPS positions, the camera, comments; a polyglot's trailing script) and
makes a 6000-pixel phone photo a 256-pixel one. The format is sniffed from the bytes, never
taken from the file's name. SVG is refused for now: it is a document that can carry script.

Everything is stored as WebP (every current browser shows it): lossy for photos, lossless
for logos, whose flat colours and text edges lossy coding would smear, and whose
transparency WebP keeps, so one format serves both.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy import Engine, select
from sqlmodel import Session

from landing.core import validate
from landing.core.validate import InputError
from landing.data.db import read_connection
from landing.data.models import StoredImage

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
PHOTO_SIZE = (256, 256)  # square, cropped to the middle
LOGO_BOX = (480, 160)  # fitted inside, never enlarged
# A video's poster (landing/pages/posters.py): 16:9, cropped to the middle (YouTube's
# thumbnails are 4:3 with black bars), small enough for a slow phone's first screen.
POSTER_SIZE = (480, 270)
QUALITY = {"photo": 85, "poster": 72}
FORMATS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg", ".jpe"), "WEBP": (".webp",)}
FIELDS = {"photo": "photo_url", "logo": "logo_url", "poster": "video_url"}
PREFIX = "/_/img/"
NAME_RE = re.compile(r"[0-9a-f]{32}\.webp")
OWN_URL_RE = re.compile(re.escape(PREFIX) + NAME_RE.pattern)
FILE_MODE = 0o644  # public by nature: any visitor of a page may fetch it
FOLDER_MODE = 0o755  # cached files derived from them (share cards)
ASK = "Upload a PNG, JPEG or WebP image."
SRGB = ImageCms.createProfile("sRGB")


def store_image(session: Session, data: bytes, kind: str, filename: str = "") -> str:
    """The image's own URL path (/_/img/<hash>.webp), added to the session: it is stored when
    the settings that show it are saved with it, and never when they are refused. InputError
    under the form's field (photo_url or logo_url) when the file is refused."""
    encoded = encode(data, kind, filename)
    name = hashed_name(encoded)
    # The same picture uploaded twice is one row; its first upload's date stays.
    if session.get(StoredImage, name) is None:
        session.add(StoredImage(name=name, data=encoded))
    return PREFIX + name


def encode(data: bytes, kind: str, filename: str = "") -> bytes:
    """The picture as fresh WebP bytes (photo, logo or video poster); InputError under the
    form's field when the file is refused."""
    try:
        pixels = _prepared(data, kind, filename)
    except ValueError as exc:
        raise InputError({FIELDS[kind]: str(exc)}) from None
    out = io.BytesIO()
    if kind in QUALITY:
        pixels.save(out, "WEBP", quality=QUALITY[kind], method=6)
    else:
        pixels.save(out, "WEBP", lossless=True, method=6)
    return out.getvalue()


def hashed_name(encoded: bytes) -> str:
    """A stored picture's name: a hash of its bytes, so it never changes under its name."""
    return hashlib.sha256(encoded).hexdigest()[:32] + ".webp"


def _prepared(data: bytes, kind: str, filename: str) -> Image.Image:
    """The image decoded, upright, resized and without metadata; ValueError saying why not."""
    if len(data) > MAX_BYTES:
        raise ValueError(f"The file is {len(data) / 2**20:.1f} MB; at most 5 MB. {ASK}")
    if not data:
        raise ValueError(f"The file is empty. {ASK}")
    with warnings.catch_warnings():
        # Pillow's own bomb check warns or raises at its limit; ours below is lower.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError):
            raise ValueError(_not_an_image(data)) from None
        suffix = Path(filename or "").suffix.lower()
        if suffix and suffix not in FORMATS[image.format]:
            raise ValueError(
                f"The file is named {suffix} but holds a {image.format} image; rename it or "
                "export it again."
            )
        width, height = image.size  # from the header: nothing decoded yet
        if width * height > MAX_PIXELS:
            raise ValueError(
                f"The image is {width}×{height} pixels; at most 40 megapixels. "
                "Make it smaller and upload it again."
            )
        if image.format == "JPEG":
            image.draft(None, (512, 512))  # decode at reduced scale
        try:
            image.load()
            image = ImageOps.exif_transpose(image)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise ValueError(f"The image could not be read (is it damaged?). {ASK}") from None
    image = _in_srgb(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if kind in ("photo", "poster"):
        image = _flattened(image) if has_alpha else image.convert("RGB")
        size = PHOTO_SIZE if kind == "photo" else POSTER_SIZE
        image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    else:
        image = image.convert("RGBA" if has_alpha else "RGB")
        image.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
    # Fresh pixels only: no EXIF, XMP, ICC profile or comment rides along.
    clean = Image.new(image.mode, image.size)
    clean.frombytes(image.tobytes())
    return clean


def _in_srgb(image: Image.Image) -> Image.Image:
    """The pixels converted to sRGB when the file names another colour space (an iPhone's
    Display P3, Adobe RGB): the profile is dropped with the rest of the metadata, and pixels
    read as sRGB without converting would show washed out or too vivid. A profile that
    cannot be read leaves the pixels as they are."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(
            image, source, SRGB, outputMode=image.mode, renderingIntent=ImageCms.Intent.PERCEPTUAL
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted or image


def _flattened(image: Image.Image) -> Image.Image:
    """A transparent photo on white: a round cut-out shows as on the page's card."""
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")


def _not_an_image(data: bytes) -> str:
    head = data[:1024].lstrip().lower()
    if b"<svg" in head or head.startswith(b"<?xml"):
        return f"SVG images are not accepted (they can carry scripts). {ASK}"
    return f"This file is not a PNG, JPEG or WebP image. {ASK}"


def write_once(path: Path, data: bytes) -> None:
    """Into a temporary file beside it, then renamed: a reader never sees half an image,
    and a name already there holds these very bytes (the name is their hash)."""
    if path.exists():
        return
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def stored_image(engine: Engine, name: str) -> bytes | None:
    """The bytes for a served name, or None: only names of the hash pattern are looked up."""
    if not NAME_RE.fullmatch(name):
        return None
    with read_connection(engine) as conn:
        return conn.execute(select(StoredImage.data).where(StoredImage.name == name)).scalar()


def own_image_url(value: str | None) -> str:
    """One of our own stored images' paths (exactly), or ""."""
    text = (value or "").strip()
    if text and not OWN_URL_RE.fullmatch(text):
        raise ValueError("Upload the picture; a link is not taken here.")
    return text


def image_url(value: str | None) -> str:
    """What a photo_url or logo_url may hold: an https link, one of our own stored images'
    paths (exactly), or ""."""
    text = (value or "").strip()
    if OWN_URL_RE.fullmatch(text):
        return text
    return validate.https_url(text)

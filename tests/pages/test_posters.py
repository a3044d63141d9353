"""A video's poster (landing/pages/posters.py): its thumbnail fetched once from the video
host, re-encoded, stored under instance/ and served from our origin; anything odd refused."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from landing.pages import posters
from landing.pages.videos import parse_video
from tests.pages.thumbnail_host import thumbnail, thumbnail_host

YOUTUBE = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
VIMEO = "https://vimeo.com/76979871"
JPEG = "image/jpeg"


def stored(instance, url: str) -> Image.Image:
    assert posters.OWN_URL_RE.fullmatch(url), url
    return Image.open(instance / "posters" / url.removeprefix(posters.PREFIX))


def test_a_youtube_thumbnail_is_fetched_once_and_stored_as_ours(tmp_path, monkeypatch):
    with thumbnail_host(monkeypatch) as host:
        host.answers["/vi/aqz-KE-bpKQ/hqdefault.jpg"] = (200, JPEG, thumbnail())
        assert posters.poster_url(tmp_path, parse_video(YOUTUBE)) == ""
        url = posters.ensure(tmp_path, YOUTUBE)
        # Saved again, or another link to the same video: nothing fetched again.
        assert posters.ensure(tmp_path, "https://youtu.be/aqz-KE-bpKQ") == url
        assert host.asked == ["/vi/aqz-KE-bpKQ/hqdefault.jpg"]
    image = stored(tmp_path, url)
    # 16:9 without YouTube's black bars, WebP, and nothing of the original's metadata.
    assert (image.format, image.size) == ("WEBP", (480, 270))
    assert not image.getexif() and "exif" not in image.info
    assert image.getpixel((240, 2)) != (0, 0, 0)
    assert posters.poster_url(tmp_path, parse_video(YOUTUBE)) == url
    assert (tmp_path / "posters" / url.removeprefix(posters.PREFIX)).stat().st_size < 30_000


def test_vimeo_names_its_thumbnail_in_oembed(tmp_path, monkeypatch):
    with thumbnail_host(monkeypatch) as host:
        oembed = json.dumps({"thumbnail_url": host.url + "/vimeo/76979871_640.jpg"}).encode()
        host.answers["/oembed/76979871.json"] = (200, "application/json", oembed)
        host.answers["/vimeo/76979871_640.jpg"] = (200, JPEG, thumbnail((640, 360)))
        url = posters.ensure(tmp_path, VIMEO)
    assert stored(tmp_path, url).size == (480, 270)


@pytest.mark.parametrize(
    "answer, says",
    [
        ((200, "text/html", b"<html>consent wall</html>"), "text/html, not image/jpeg"),
        ((200, JPEG, b"\xff\xd8" + b"x" * (posters.MAX_IMAGE_BYTES + 10)), "larger than"),
        ((200, JPEG, b"not really a jpeg"), "not a PNG, JPEG or WebP"),
        ((302, "text/plain", b"http://127.0.0.1:9/elsewhere.jpg"), "302"),
        ((404, "text/plain", b"gone"), "404"),
    ],
)
def test_what_is_not_a_sane_image_is_refused_and_nothing_stored(
    tmp_path, monkeypatch, answer, says
):
    video = parse_video(YOUTUBE)
    with thumbnail_host(monkeypatch) as host:
        host.answers["/vi/aqz-KE-bpKQ/hqdefault.jpg"] = answer
        with pytest.raises(posters.PosterError, match=says):
            posters.fetch_poster(tmp_path, video)
        assert posters.ensure(tmp_path, YOUTUBE) == ""  # logged; the page keeps its placeholder
    assert posters.poster_url(tmp_path, video) == ""
    assert not list(tmp_path.glob("posters/*.webp"))


def test_a_slow_host_is_given_up_on(tmp_path, monkeypatch):
    monkeypatch.setattr(posters, "TIMEOUT", 0.2)
    with thumbnail_host(monkeypatch) as host:
        host.answers["/vi/aqz-KE-bpKQ/hqdefault.jpg"] = (200, JPEG, thumbnail())
        host.delay = 1.0
        with pytest.raises(posters.PosterError, match="timed out"):
            posters.fetch_poster(tmp_path, parse_video(YOUTUBE))


def test_vimeo_may_only_name_its_own_image_host(tmp_path, monkeypatch):
    with thumbnail_host(monkeypatch) as host:
        oembed = json.dumps({"thumbnail_url": "http://169.254.169.254/latest/meta-data"})
        host.answers["/oembed/76979871.json"] = (200, "application/json", oembed.encode())
        with pytest.raises(posters.PosterError, match="unexpected thumbnail"):
            posters.fetch_poster(tmp_path, parse_video(VIMEO))
        assert host.asked == ["/oembed/76979871.json"]


def test_an_mp4_has_no_thumbnail_and_a_tampered_record_is_ignored(tmp_path):
    assert posters.ensure(tmp_path, "https://cdn.acme.com/demo.mp4") == ""
    assert posters.poster_url(tmp_path, parse_video("https://cdn.acme.com/demo.mp4")) == ""
    (tmp_path / "posters").mkdir()
    (tmp_path / "posters" / "youtube-aqz-KE-bpKQ").write_text("https://evil.example/x.webp")
    assert posters.poster_url(tmp_path, parse_video(YOUTUBE)) == ""


def test_the_worker_fetches_what_is_missing(app, make_rep, make_prospect, monkeypatch):
    from landing.data.db import get_session
    from landing.team import company

    rep = make_rep()
    prospect = make_prospect(rep)
    with app.app_context(), thumbnail_host(monkeypatch) as host:
        session = get_session()
        company.save(
            session, name="Acme", public_base_url="", video_url=YOUTUBE, offer_text="",
            reference_1="", reference_2="",
        )  # fmt: skip
        prospect = session.merge(prospect)
        prospect.video_url = "https://youtu.be/BaW_jenozKc"
        session.add(prospect)
        session.commit()
        host.answers["/vi/aqz-KE-bpKQ/hqdefault.jpg"] = (200, JPEG, thumbnail())
        counts = posters.fetch_missing(app.instance_path, session)
        assert counts == {"fetched": 1, "failed": 1}
        host.answers["/vi/BaW_jenozKc/hqdefault.jpg"] = (200, JPEG, thumbnail())
        assert posters.fetch_missing(app.instance_path, session) == {"fetched": 1, "failed": 0}
        assert posters.fetch_missing(app.instance_path, session) == {"fetched": 0, "failed": 0}

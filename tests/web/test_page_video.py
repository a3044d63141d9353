"""The video on a prospect's page: a poster of ours and a plain link, no player before a tap
(page.js; tests/browser/test_page_engagement.py taps it)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy import select

from landing.data.db import get_session
from landing.data.models import StoredImage
from landing.team import company
from tests.pages.thumbnail_host import thumbnail, thumbnail_host

YOUTUBE = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
THUMBNAIL = "/vi/aqz-KE-bpKQ/hqdefault.jpg"


class _Sources(HTMLParser):
    """Every address the browser loads with the page (src, srcset, link href)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        self.loaded += [attrs[name] for name in ("src", "srcset", "poster") if attrs.get(name)]
        if tag == "link":
            self.loaded.append(attrs.get("href", ""))


def loaded(html: str) -> list[str]:
    parser = _Sources()
    parser.feed(html)
    return parser.loaded


def video_section(html: str) -> str:
    return re.search(r'<section class="video".*?</section>\s*<p class="video-elsewhere">.*?</p>',
                     html, re.S).group(0)  # fmt: skip


def test_the_saved_video_shows_our_poster_and_loads_nothing_of_youtube(
    app, auth, make_rep, make_prospect, prospect_client, monkeypatch
):
    make_prospect(make_rep(admin=True))
    auth.login()
    with thumbnail_host(monkeypatch) as host:
        host.answers[THUMBNAIL] = (200, "image/jpeg", thumbnail())
        saved = auth.post("/app/company", {"video_url": YOUTUBE}, "/app/company")
        assert saved.status_code == 302
        assert host.asked == [THUMBNAIL]  # when the link was saved, not when a page is seen

        html = prospect_client.get("/Rob-Mason").get_data(as_text=True)
        assert host.asked == [THUMBNAIL]
    section = video_section(html)
    poster = re.search(r'<img src="(/_/poster/[0-9a-f]{32}\.webp)" alt=""', section).group(1)
    assert 'aria-label="Play the video from Acme"' in section
    assert f'href="{YOUTUBE}"' in section  # the poster without JavaScript, and the plain link
    assert ">Watch on YouTube</a>" in section
    player = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?enablejsapi=1&amp;autoplay=1"
    assert f'data-src="{player}"' in section
    assert "<iframe" not in html and "<video" not in html
    assert all(url.startswith("/") and not url.startswith("//") for url in loaded(html))

    image = prospect_client.get(poster)
    assert image.status_code == 200 and image.mimetype == "image/webp"
    assert image.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_until_the_poster_is_there_a_placeholder_on_the_brand_colour(
    app, auth, make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep(admin=True))
    auth.login()
    # No thumbnail host answers (tests/conftest.py): the save still succeeds.
    saved = auth.post("/app/company", {"video_url": YOUTUBE}, "/app/company")
    assert saved.status_code == 302
    html = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    section = video_section(html)
    assert 'class="video-poster video-placeholder"' in section
    assert "Watch the video" in section and "<img" not in section
    assert ">Watch on YouTube</a>" in section


def test_a_tailored_vimeo_video_and_an_mp4(app, auth, make_rep, make_prospect, prospect_client):
    rep = make_rep(admin=True)
    found = make_prospect(rep)
    auth.login()
    tailored = {
        "personal_note": "", "offer_text": "", "booking_url": "",
        "video_url": "https://vimeo.com/76979871",
    }  # fmt: skip
    saved = auth.post(f"/app/prospects/{found.id}/page", tailored, f"/app/prospects/{found.id}")
    assert saved.status_code == 302
    section = video_section(prospect_client.get("/Rob-Mason").get_data(as_text=True))
    assert 'data-src="https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1"' in section
    assert 'href="https://vimeo.com/76979871"' in section and "Watch on Vimeo" in section

    with app.app_context():
        company.save(
            get_session(), name="Acme", public_base_url="", offer_text="", reference_1="",
            reference_2="", video_url="https://cdn.acme.com/demo.mp4",
        )  # fmt: skip
    other = make_prospect(rep, first_name="Ann", last_name="Lee")
    html = prospect_client.get(f"/{other.slug}").get_data(as_text=True)
    section = video_section(html)
    assert 'data-video="mp4"' in section and "<video" not in html
    assert '<a href="https://cdn.acme.com/demo.mp4" rel="noopener">Open the video</a>' in section


def test_an_admin_uploads_a_poster_for_the_company_video(
    app, auth, make_rep, make_prospect, prospect_client, monkeypatch
):
    from tests.web.test_image_uploads import picture, upload

    make_prospect(make_rep(admin=True))
    client = auth.client
    auth.login()
    mp4 = "https://cdn.acme.com/demo.mp4"
    saved = upload(
        client, "/app/company", "video_poster_file", picture("JPEG", (1280, 960)), "still.jpg",
        video_url=mp4,
    )  # fmt: skip
    assert saved.status_code == 302, saved.get_data(as_text=True)
    section = video_section(prospect_client.get("/Rob-Mason").get_data(as_text=True))
    poster = re.search(r'<img src="(/_/img/[0-9a-f]{32}\.webp)"', section).group(1)
    assert "video-placeholder" not in section
    # The form shows it; saving again without a file keeps it.
    form = client.get("/app/company").get_data(as_text=True)
    assert f'<img src="{poster}" alt="" class="upload-preview"' in form
    assert auth.post("/app/company", {"video_url": mp4}, "/app/company").status_code == 302
    assert poster in prospect_client.get("/Rob-Mason").get_data(as_text=True)
    # Stored in the database like the logo: backups hold it, any server serves it.
    with app.app_context():
        names = get_session().execute(select(StoredImage.name)).scalars().all()
    assert names == [poster.removeprefix("/_/img/")]
    assert prospect_client.get(poster).status_code == 200
    # Another video: the poster was that one's, not this one's.
    other = "https://cdn.acme.com/other.mp4"
    assert auth.post("/app/company", {"video_url": other}, "/app/company").status_code == 302
    assert poster not in prospect_client.get("/Rob-Mason").get_data(as_text=True)

    # A YouTube video with an uploaded poster: its thumbnail is not fetched.
    with thumbnail_host(monkeypatch) as host:
        saved = upload(
            client, "/app/company", "video_poster_file", picture("PNG", (640, 360)), "p.png",
            video_url=YOUTUBE,
        )  # fmt: skip
        assert saved.status_code == 302 and host.asked == []


def test_a_refused_poster_changes_nothing(app, auth, make_rep, make_prospect, prospect_client):
    from tests.web.test_image_uploads import upload

    make_prospect(make_rep(admin=True))
    client = auth.client
    auth.login()
    assert auth.post("/app/company", {"video_url": YOUTUBE}, "/app/company").status_code == 302
    page = upload(
        client, "/app/company", "video_poster_file", b"<svg onload=alert(1)>", "p.svg",
        video_url="https://vimeo.com/76979871",
    )  # fmt: skip
    assert page.status_code == 400
    assert "SVG images are not accepted" in page.get_data(as_text=True)
    assert "Watch on YouTube" in prospect_client.get("/Rob-Mason").get_data(as_text=True)
    page = upload(
        client, "/app/company", "video_poster_file", thumbnail(), "p.jpg", video_url=""
    )  # fmt: skip
    assert "Add the video&#39;s link to give it a poster." in page.get_data(as_text=True)
    assert not list((Path(app.instance_path) / "posters").glob("*.webp"))
    with app.app_context():
        assert not get_session().execute(select(StoredImage.name)).all()

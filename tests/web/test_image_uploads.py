"""Uploading a photo (/app/profile) and a logo (/app/company): what the rep sees, what the
prospect's page shows, and how /_/img/ serves the stored files."""

import io
import re

from PIL import Image
from sqlalchemy import select

from landing.data.db import get_session
from landing.data.models import StoredImage
from tests.conftest import csrf_token

IMG = re.compile(r'<img[^>]* src="(/_/img/[0-9a-f]{32}\.webp)"')


def picture(fmt="PNG", size=(600, 400), colour=(20, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


def upload(client, path: str, field: str, data: bytes, filename: str, **form):
    return client.post(
        path,
        data={**form, field: (io.BytesIO(data), filename), "csrf_token": csrf_token(client, path)},
        content_type="multipart/form-data",
    )


def test_a_rep_uploads_a_photo_that_pages_show_from_our_own_origin(
    client, auth, make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep())
    auth.login()
    form = client.get("/app/profile").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="photo_file" type="file"' in form
    saved = upload(client, "/app/profile", "photo_file", picture("JPEG"), "me.jpg")
    assert saved.status_code == 302
    assert "Profile saved." in client.get("/app/profile").get_data(as_text=True)

    page = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    src = IMG.search(page).group(1)
    served = prospect_client.get(src)
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in served.headers
    assert Image.open(io.BytesIO(served.data)).size == (256, 256)


def test_an_upload_wins_over_the_link_typed_beside_it(client, auth, make_rep):
    make_rep()
    auth.login()
    upload(
        client, "/app/profile", "photo_file", picture(), "me.png",
        photo_url="https://cdn.example/old.jpg",
    )  # fmt: skip
    assert IMG.search(client.get("/app/profile").get_data(as_text=True))


def test_an_admin_uploads_the_logo_shown_at_the_top_of_every_page(
    client, auth, make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep(admin=True))
    auth.login()
    saved = upload(client, "/app/company", "logo_file", picture("WEBP", (900, 300)), "logo.webp")
    assert saved.status_code == 302
    page = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    src = re.search(r'<img class="logo" src="(/_/img/[0-9a-f]{32}\.webp)" alt="Acme logo"', page)
    logo = prospect_client.get(src.group(1))
    assert Image.open(io.BytesIO(logo.data)).size == (480, 160)
    # The form then holds our own path, which saves again as it is.
    again = auth.post("/app/company", {"name": "Acme"}, "/app/company")
    assert again.status_code == 302
    assert src.group(1) in prospect_client.get("/Rob-Mason").get_data(as_text=True)


def test_a_refused_upload_shows_why_and_keeps_the_stored_photo(
    client, auth, make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep(photo_url="https://cdn.example/dana.jpg"))
    auth.login()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for data, name, why in [
        (svg, "me.svg", "SVG images are not accepted (they can carry scripts)."),
        (b"just text", "me.png", "This file is not a PNG, JPEG or WebP image."),
        (picture("JPEG"), "me.png", "The file is named .png but holds a JPEG image"),
        # Past 5 MB, yet within the form's body limit: a form error, not a bare 413.
        (picture() + b"\0" * (5 * 1024 * 1024), "me.png", "at most 5 MB."),
    ]:
        refused = upload(client, "/app/profile", "photo_file", data, name)
        assert refused.status_code == 400, name
        text = refused.get_data(as_text=True)
        assert why in text and 'id="e-photo_url"' in text
    assert 'src="https://cdn.example/dana.jpg"' in prospect_client.get("/Rob-Mason").get_data(
        as_text=True
    )
    with client.application.app_context():  # none stored
        assert not get_session().execute(select(StoredImage.name)).all()


def test_only_stored_hash_names_are_served(client, app):
    for path in (
        "/_/img/../secret_key",
        "/_/img/..%2fsecret_key",
        "/_/img/%2e%2e/secret_key",
        "/_/img/" + "a" * 32 + ".webp",  # the right shape, but not stored
        "/_/img/" + "a" * 32 + ".webp/../../secret_key",
        "/_/img/landing.sqlite3",
        "/_/img/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"test-secret" not in response.data

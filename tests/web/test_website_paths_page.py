"""/app/company/website: an admin pastes the website's URLs or uploads its sitemap, and no
prospect's URL takes one of its paths."""

from __future__ import annotations

import io

import pytest

from tests.urls.test_website_paths import SITEMAP

PAGE = "/app/company/website"


@pytest.fixture
def admin(make_rep):
    return make_rep(admin=True)


def test_an_admin_pastes_the_websites_urls(app, client, auth, admin):
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    assert "None yet: every path can become a prospect's URL." in page
    response = auth.post(PAGE, {"paths": "https://acme.com/pricing\n/careers/jobs\n"}, PAGE)
    assert response.status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert "2 website paths stored; no prospect&#39;s URL will take one." in page
    assert "<code>/careers</code>" in page and "<code>/pricing</code>" in page
    assert client.get("/pricing").status_code == 404  # never a prospect's, nor a redirect


def test_an_admin_uploads_the_sitemap_and_hears_of_clashing_prospects(
    app, client, auth, admin, make_prospect
):
    make_prospect(admin, first_name="Robin", last_name="")
    auth.login()
    from tests.conftest import csrf_token

    data = {
        "csrf_token": csrf_token(client, PAGE),
        "paths": "",
        "paths_file": [
            (io.BytesIO(SITEMAP.encode()), "sitemap.xml"),
            (io.BytesIO(b"/team\n"), "more.txt"),
        ],
    }
    response = client.post(PAGE, data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert "5 website paths stored" in page and "<code>/team</code>" in page
    assert "These prospects&#39; URLs are now the website&#39;s; rename them: /Robin" in page


def test_nothing_sent_is_an_error_and_keeps_the_stored_paths(app, client, auth, admin):
    auth.login()
    auth.post(PAGE, {"paths": "/pricing"}, PAGE)
    response = auth.post(PAGE, {"paths": "  "}, PAGE)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Paste the website&#39;s URLs or upload its sitemap.xml." in page
    assert "<code>/pricing</code>" in page


def test_without_the_csrf_token_nothing_is_stored(app, client, auth, admin):
    auth.login()
    response = client.post(PAGE, data={"paths": "/pricing"})
    assert response.status_code == 400
    assert "None yet" in client.get(PAGE).get_data(as_text=True)


def test_only_admins(app, client, auth, make_rep):
    make_rep()
    auth.login()
    assert client.get(PAGE).status_code == 403

"""The company website's paths on the shared domain: read from a sitemap or a list, never a
prospect's slug, never the target of a near-match redirect, and a rival to near slugs."""

from __future__ import annotations

import json

import pytest

from landing.data.db import get_session
from landing.urls import website

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://www.acme.com/</loc></url>
  <url><loc>https://www.acme.com/pricing</loc></url>
  <url><loc> https://www.acme.com/blog/2024/hello?x=1&amp;y=2 </loc></url>
  <url><loc>https://www.acme.com/blog/</loc></url>
  <url><loc>https://www.acme.com/Careers/</loc></url>
  <url><loc>https://www.acme.com/robin</loc></url>
</urlset>"""


@pytest.fixture
def dana(make_rep):
    return make_rep()


def store(app, *segments):
    with app.extensions["landing.engine"].begin() as conn:
        return website.replace(conn, list(segments))


def test_a_sitemap_gives_its_top_level_segments_once_each():
    assert website.parse(SITEMAP) == ["pricing", "blog", "Careers", "robin"]


def test_a_list_of_urls_and_paths_with_comments():
    text = "# our site\nhttps://acme.com/about-us\n/pricing/enterprise\ncontact\n\n/\n"
    assert website.parse(text) == ["about-us", "pricing", "contact"]


def test_a_sitemap_without_urls_is_refused():
    with pytest.raises(website.WebsitePathsError, match="no <loc>"):
        website.parse("<urlset><url></url></urlset> loc>")


def test_a_sitemap_index_is_explained():
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://acme.com/post-sitemap.xml</loc></sitemap></sitemapindex>"
    )
    with pytest.raises(website.WebsitePathsError, match="sitemap index.*post-sitemap.xml"):
        website.parse(index)


def test_an_entity_in_a_sitemap_is_never_expanded():
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>/&a;</loc></url></urlset>'
    assert website.parse(bomb) == ["&a;"]


def test_cli_imports_and_shows_them(app, runner, tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text(SITEMAP)
    result = runner.invoke(["site", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 website paths stored: /pricing /blog /Careers /robin" in result.output
    shown = runner.invoke(["site", "show", "--json"])
    assert json.loads(shown.output) == ["/blog", "/Careers", "/pricing", "/robin"]
    # Refreshable: a new import replaces the old paths.
    (tmp_path / "urls.txt").write_text("/team\n")
    runner.invoke(["site", "import", str(tmp_path / "urls.txt")])
    assert json.loads(runner.invoke(["site", "show", "--json"]).output) == ["/team"]


def test_cli_refuses_what_it_cannot_read(app, runner, tmp_path):
    path = tmp_path / "bin.xml"
    path.write_bytes(b"\xff\xfe\x00bad")
    result = runner.invoke(["site", "import", str(path)])
    assert result.exit_code == 1
    assert "not UTF-8 text" in result.output
    missing = runner.invoke(["site", "import", str(tmp_path / "nope.xml")])
    assert missing.exit_code == 1 and "Cannot read" in missing.output


def test_import_names_prospects_whose_url_is_now_the_websites(app, runner, dana, make_prospect):
    make_prospect(dana, first_name="Pricing", last_name="")
    result = runner.invoke(["site", "import", "-"], input="/pricing\n")
    assert "These prospects' URLs are now the website's; rename them: /Pricing" in result.output


def test_a_new_slug_never_takes_a_website_path(app, dana, make_prospect):
    store(app, "robin")
    prospect = make_prospect(dana, first_name="Robin", last_name="", company="Globex")
    assert prospect.slug == "Robin-Globex"


def test_a_typed_slug_that_is_a_website_path_is_refused(app, client, auth, dana):
    store(app, "pricing")
    auth.login()
    response = auth.post(
        "/app/prospects", {"first_name": "Pri", "last_name": "Cing", "slug": "Pricing"}
    )
    assert "/Pricing is a page of the company&#39;s website; choose another." in (
        response.get_data(as_text=True)
    )


def test_a_slug_one_letter_from_a_website_path_moves_and_says_why(app, dana):
    from landing.prospects import service

    store(app, "careers")
    with app.app_context():
        _prospect, choice = service.add_prospect(
            get_session(), dana, first_name="Careers", last_name="", company="Globex"
        )
    assert choice.slug == "Careers-Globex"
    assert choice.message(dana.id) == (
        "/Careers is a page of the company's website, so the URL is /Careers-Globex."
    )
    with app.app_context():
        _prospect, choice = service.add_prospect(
            get_session(), dana, first_name="Carers", last_name="", company="Initech"
        )
    assert choice.slug == "Carers-Initech"
    assert "/Carers sounds like the website's /careers" in choice.message(dana.id)


def test_a_slug_near_a_website_path_gets_the_rival_warning(app, client, auth, dana, make_prospect):
    prospect = make_prospect(dana, first_name="Robyn", last_name="", company="Globex")
    assert prospect.slug == "Robyn"
    store(app, "robin")
    auth.login()
    page = client.get(f"/app/prospects/{prospect.id}").get_data(as_text=True)
    assert 'id="slug-warning"' in page
    assert "/Robyn is one letter or one sound from the website&#39;s /robin" in page
    assert "Use /Robyn-Globex</button>" in page


def test_a_website_path_is_never_a_page_nor_redirected(app, client, dana, make_prospect):
    make_prospect(dana, first_name="Prizing", last_name="")  # one edit from pricing
    assert client.get("/Pricing").status_code == 302  # no website paths known yet
    store(app, "pricing")
    assert client.get("/pricing").status_code == 404
    assert client.get("/Prizing").status_code == 200  # the prospect's exact URL still works


def test_no_near_match_when_a_website_path_is_as_near(app, client, dana, make_prospect):
    make_prospect(dana, first_name="Jobs", last_name="Smith")  # Jobs-Smith
    make_prospect(dana, first_name="Carla", last_name="")
    assert client.get("/Carle").headers.get("Location") == "/Carla"
    store(app, "carlo")  # as near to /Carle as Carla is
    assert client.get("/Carle").status_code == 404
    with app.extensions["landing.engine"].connect() as conn:
        assert website.near("carle", website.keys(conn)) == ["carlo"]


def test_landing_resolve_says_a_website_path_is_no_page(app, runner, dana, make_prospect):
    make_prospect(dana, first_name="Prizing", last_name="")
    assert json.loads(runner.invoke(["resolve", "/Pricing", "--json"]).output)["status"] == 302
    store(app, "pricing")
    assert json.loads(runner.invoke(["resolve", "/Pricing", "--json"]).output)["status"] == 404


def test_cli_imports_several_sitemaps_at_once(app, runner, tmp_path):
    (tmp_path / "a.xml").write_text(
        "<urlset><url><loc>https://acme.com/blog/x</loc></url></urlset>"
    )
    (tmp_path / "b.txt").write_text("/pricing\n/blog\n")
    result = runner.invoke(["site", "import", str(tmp_path / "a.xml"), str(tmp_path / "b.txt")])
    assert "2 website paths stored: /blog /pricing" in result.output


def test_control_characters_in_a_listed_path_are_not_kept():
    assert website.parse("/pri\x00cing\n/care%00ers\n/\x1b[31mblog") == [
        "pricing", "careers", "[31mblog"
    ]  # fmt: skip

"""A QR code (SVG) of a prospect's page URL, the one said in the voicemail, for print."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import segno

SVG = "{http://www.w3.org/2000/svg}"
ROB_URL = "https://acme.com/Rob-Mason"  # conftest's PUBLIC_BASE_URL and Rob's slug


def parse(svg_text: str) -> ET.Element:
    return ET.fromstring(svg_text.encode())  # noqa: S314  (our own output, from segno)


def path_data(svg_text: str) -> str:
    """The dark modules of a QR code SVG, as the data of their path."""
    root = parse(svg_text)
    assert root.tag == f"{SVG}svg"
    (dark,) = (p for p in root.iter(f"{SVG}path") if p.get("class") == "qrline")
    return dark.get("d")


def expected_path(url: str) -> str:
    """What segno draws for url as a full QR code (never Micro QR, which phones do not read)."""
    out = io.BytesIO()
    segno.make_qr(url, error="m").save(out, kind="svg", scale=8)
    return path_data(out.getvalue().decode())


def test_the_qr_code_is_an_svg_of_the_page_url(app, auth, make_rep, make_prospect):
    rob = make_prospect(make_rep())
    auth.login()
    response = auth.client.get(f"/app/prospects/{rob.id}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Disposition"] == 'inline; filename="Rob-Mason.svg"'
    svg = response.get_data(as_text=True)
    assert parse(svg).find(f"{SVG}title").text == ROB_URL
    assert path_data(svg) == expected_path(ROB_URL)
    assert path_data(svg) != expected_path(ROB_URL + "x")  # the path really is the URL's


def test_the_code_follows_the_company_address_and_a_changed_slug(
    app, auth, make_rep, make_prospect
):
    rob = make_prospect(make_rep(admin=True))
    auth.login()
    auth.post("/app/company", {"public_base_url": "https://go.acme.com"}, "/app/company")
    auth.post(f"/app/prospects/{rob.id}/slug", {"slug": "Rob-M"}, f"/app/prospects/{rob.id}")
    response = auth.client.get(f"/app/prospects/{rob.id}/qr.svg")
    assert response.headers["Content-Disposition"] == 'inline; filename="Rob-M.svg"'
    assert path_data(response.get_data(as_text=True)) == expected_path("https://go.acme.com/Rob-M")


def test_the_reps_prospect_page_shows_and_offers_the_code(app, auth, make_rep, make_prospect):
    rob = make_prospect(make_rep())
    auth.login()
    html = auth.client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    src = f"/app/prospects/{rob.id}/qr.svg"
    assert f'<img src="{src}" alt="QR code of {ROB_URL}"' in html
    assert f'<a href="{src}" download="Rob-Mason.svg">' in html


def test_another_reps_prospect_has_no_code_for_them(app, auth, make_rep, make_prospect):
    rob = make_prospect(make_rep())
    make_rep("ben@acme.com", "Ben Bell")
    auth.login("ben@acme.com")
    assert auth.client.get(f"/app/prospects/{rob.id}/qr.svg").status_code == 404
    assert auth.client.get("/app/prospects/999/qr.svg").status_code == 404


def test_signed_out_gets_no_code(app, client, make_rep, make_prospect):
    rob = make_prospect(make_rep())
    response = client.get(f"/app/prospects/{rob.id}/qr.svg")
    assert response.status_code == 302 and "/login" in response.location


def test_the_cli_writes_the_code_to_a_file_or_prints_it(
    app, runner, make_rep, make_prospect, tmp_path
):
    make_prospect(make_rep())
    target = tmp_path / "rob.svg"
    result = runner.invoke(["qr", "Rob-Mason", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Wrote a QR code of {ROB_URL} to {target}." in result.output
    assert path_data(target.read_text()) == expected_path(ROB_URL)
    printed = runner.invoke(["qr", "rob-mason"])  # any spelling of the slug finds them
    assert printed.exit_code == 0
    assert path_data(printed.output) == expected_path(ROB_URL)


def test_the_cli_says_so_for_an_unknown_slug_or_an_unwritable_file(
    app, runner, make_rep, make_prospect, tmp_path
):
    make_prospect(make_rep())
    missing = runner.invoke(["qr", "Nobody-Here"])
    assert missing.exit_code == 1 and "no prospect with slug Nobody-Here" in missing.output
    unwritable = runner.invoke(["qr", "Rob-Mason", str(tmp_path / "no" / "such" / "dir.svg")])
    assert unwritable.exit_code == 1 and "could not write" in unwritable.output

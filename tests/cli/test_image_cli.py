"""`landing rep photo EMAIL FILE` and `landing company logo FILE`: the uploads of the profile
and company forms, from a terminal, with the same checks."""

import io

from PIL import Image

from landing.data.db import get_session
from landing.team import company, reps


def picture(path, fmt="PNG", size=(600, 400)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(out, fmt)
    path.write_bytes(out.getvalue())
    return str(path)


def test_rep_photo_stores_the_upload_as_the_reps_photo(runner, make_rep, app, tmp_path):
    make_rep(phone="+44 20 7946 0958")
    result = runner.invoke(
        args=["rep", "photo", "dana@acme.com", picture(tmp_path / "me.jpg", "JPEG")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Dana Reyes's photo is now /_/img/")
    with app.app_context():
        rep = reps.get_by_email(get_session(), "dana@acme.com")
        assert rep.photo_url == result.stdout.split()[-1].rstrip(".")
        assert rep.phone == "+442079460958"  # the rest of the profile kept


def test_refused_uploads_say_why_and_keep_what_was_stored(runner, make_rep, app, tmp_path):
    make_rep(photo_url="https://cdn.example/dana.jpg")
    svg = tmp_path / "me.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    result = runner.invoke(args=["rep", "photo", "dana@acme.com", str(svg)])
    assert result.exit_code == 1
    assert "Error: photo url: SVG images are not accepted" in result.stderr
    lying = runner.invoke(args=["company", "logo", picture(tmp_path / "logo.png", "JPEG")])
    assert lying.exit_code == 1 and "named .png but holds a JPEG image" in lying.stderr
    nobody = runner.invoke(args=["rep", "photo", "nobody@acme.com", picture(tmp_path / "a.png")])
    assert nobody.exit_code == 1
    with app.app_context():
        session = get_session()
        assert (
            reps.get_by_email(session, "dana@acme.com").photo_url == "https://cdn.example/dana.jpg"
        )
        assert company.stored(session, app.config)["logo_url"] == ""


def test_company_logo_stores_the_upload_as_the_logo(runner, app, tmp_path):
    result = runner.invoke(args=["company", "logo", picture(tmp_path / "logo.webp", "WEBP")])
    assert result.exit_code == 0, result.output
    with app.app_context():
        logo = company.stored(get_session(), app.config)["logo_url"]
    assert logo.startswith("/_/img/") and f"Set logo_url: (empty) → {logo}" in result.stdout
    shown = runner.invoke(args=["company", "show"]).stdout
    assert f"logo_url: {logo}\n" in shown and "name: Acme\n" in shown

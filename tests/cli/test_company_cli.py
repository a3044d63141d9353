"""`landing company show` and `landing company set`: the company settings from a terminal,
checked as /app/company checks them."""

import json
from html import unescape

import pytest

from landing.data.db import get_session
from landing.team import company


def _json(runner) -> dict:
    result = runner.invoke(args=["company", "show", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_show_prints_every_setting_and_json_by_the_names_set_takes(runner):
    text = runner.invoke(args=["company", "show"])
    assert text.exit_code == 0, text.output
    assert "name: Acme\n" in text.stdout
    assert "public_base_url: https://acme.com\n" in text.stdout
    assert "weight_visit: 10\n" in text.stdout
    shown = _json(runner)
    assert list(shown) == list(company.FIELDS)
    assert shown["name"] == "Acme" and shown["page_layout"] == "classic"
    assert shown["half_life_hours"] == 72 and shown["reference_2"] == ""


def test_set_stores_values_and_prints_what_changed(runner):
    result = runner.invoke(
        args=[
            "company", "set", "name=Acme Ltd", "brand_colour=#1F6FEB",
            "offer_text=First line\nsecond line", "weight_visit=7", "default_goal=callback",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Set name: Acme → Acme Ltd\n" in result.stdout
    assert "Set brand_colour: (empty) → #1f6feb\n" in result.stdout
    assert "Set weight_visit: 10 → 7\n" in result.stdout
    assert "Set offer_text:\n  First line\n  second line\n" in result.stdout
    shown = _json(runner)
    assert shown["name"] == "Acme Ltd" and shown["brand_colour"] == "#1f6feb"
    assert shown["offer_text"] == "First line\nsecond line"
    assert shown["weight_visit"] == 7 and shown["default_goal"] == "callback"
    again = runner.invoke(args=["company", "set", "name=Acme Ltd"])
    assert again.exit_code == 0 and again.stdout == "Nothing changed.\n"


def test_an_empty_value_clears_a_setting_the_form_lets_be_empty(runner):
    runner.invoke(args=["company", "set", "offer_text=Our offer", "reference_2=Initech"])
    result = runner.invoke(args=["company", "set", "offer_text=", "reference_2="])
    assert result.exit_code == 0, result.output
    assert "Set reference_2: Initech → (empty)" in result.stdout
    shown = _json(runner)
    assert shown["offer_text"] == "" and shown["reference_2"] == ""
    required = runner.invoke(args=["company", "set", "name="])
    assert required.exit_code == 1
    assert "Error: name: Required." in required.stderr
    assert _json(runner)["name"] == "Acme"


def test_an_unknown_key_is_refused_with_the_known_ones(runner):
    before = _json(runner)
    result = runner.invoke(args=["company", "set", "name=Globex", "colour=#ff0000"])
    assert result.exit_code == 1
    assert "No setting 'colour'." in result.stderr
    assert "brand_colour" in result.stderr and "half_life_hours" in result.stderr
    assert _json(runner) == before


def test_an_argument_without_equals_is_refused(runner):
    before = _json(runner)
    result = runner.invoke(args=["company", "set", "name=Globex", "offer_text"])
    assert result.exit_code == 1
    assert "'offer_text' is not KEY=VALUE" in result.stderr
    assert _json(runner) == before
    bare = runner.invoke(args=["company", "set"])
    assert bare.exit_code != 0 and "Missing argument" in bare.output


def test_one_refused_value_stores_none_of_them(runner):
    before = _json(runner)
    result = runner.invoke(args=["company", "set", "name=Globex", "weight_visit=5000"])
    assert result.exit_code == 1
    assert "Error: weight visit: A whole number from 0 to 1000." in result.stderr
    assert result.stdout == ""
    assert _json(runner) == before


@pytest.mark.parametrize(
    "field, value",
    [
        ("video_url", "http://example.com/demo.mp4"),
        ("brand_colour", "red"),
        ("logo_url", "javascript:alert(1)"),
    ],
)
def test_a_value_the_form_refuses_is_refused_the_same_way(
    app, runner, auth, make_rep, field, value
):
    before = _json(runner)
    result = runner.invoke(args=["company", "set", f"{field}={value}"])
    assert result.exit_code == 1
    label = field.replace("_", " ")
    assert result.stderr.startswith(f"Error: {label}: ")
    message = result.stderr.removeprefix(f"Error: {label}: ").strip()
    assert _json(runner) == before
    make_rep(admin=True)
    auth.login()
    form = auth.post("/app/company", {field: value}, "/app/company")
    assert form.status_code == 400
    assert message in unescape(form.get_data(as_text=True))
    with app.app_context():
        assert company.stored(get_session(), app.config) == before


def test_a_prospect_page_shows_the_new_name_right_after_set(
    app, runner, make_rep, make_prospect, prospect_client
):
    app.config["PAGE_CACHE_SECONDS"] = 3600  # a page kept an hour, unless a write clears it
    make_prospect(make_rep())
    assert "<title>For Rob · Acme</title>" in prospect_client.get("/Rob-Mason").get_data(
        as_text=True
    )
    result = runner.invoke(args=["company", "set", "name=Globex"])
    assert result.exit_code == 0, result.output
    page = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert "<title>For Rob · Globex</title>" in page and "Acme" not in page

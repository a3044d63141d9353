"""The built-in library in German: the same series (goal, voice, attempt) written in German,
each voicemail following the playbook as the English ones do, and a linter that reads German
as German."""

from __future__ import annotations

import pytest

from landing.scripts import library
from landing.scripts.lint import lint_script
from landing.scripts.render import render_email_body, render_text

GERMAN_CONTEXT = library.sample_context(
    spoken_url="northwind punkt example Schrägstrich Rob Bindestrich Mason",
    callback_day="Donnerstag",
    outcome="weniger verspätete Lieferungen",
    references="Globex und Initech",
)
EMPTY = {"outcome": "", "references": "", "reference": "", "rep_phone": "", "booking_url": ""}
CONTEXTS = {
    "full": GERMAN_CONTEXT,
    "empty": {**GERMAN_CONTEXT, **EMPTY},
    "spelled": {**GERMAN_CONTEXT, "name_spelling": "Rob, R O B"},
}


def test_the_german_series_mirrors_the_english_one():
    assert [t.key for t in library.GERMAN] == [f"de-{t.key}" for t in library.BUILTINS]
    assert {t.language for t in library.GERMAN} == {"de"}
    assert {t.language for t in library.BUILTINS} == {"en"}
    for german, english in zip(library.GERMAN, library.BUILTINS, strict=True):
        assert (german.goal, german.attempt) == (english.goal, english.attempt)
        assert german.name == f"{english.name} (Deutsch)"
        # German pieces only: no English sentence slips in through a shared piece.
        for text in (german.voicemail, german.email_body):
            assert "I'll call" not in text and "Again," not in text and "Hi {{" not in text


@pytest.mark.parametrize("template", library.GERMAN, ids=lambda t: t.key)
@pytest.mark.parametrize("context", CONTEXTS, ids=str)
def test_each_german_voicemail_passes_the_linter(template, context):
    values = CONTEXTS[context]
    script = render_text(template.voicemail, values)
    lint = lint_script(
        script,
        goal=template.goal,
        first_name="Rob",
        spoken_url=values["spoken_url"],
        callback_day=values["callback_day"],
        name_spelling=values["name_spelling"],
        script_language="de",
        prospect_language="de",
    )
    assert lint.findings == (), script
    assert script.count(values["spoken_url"]) == 2


@pytest.mark.parametrize("template", library.GERMAN, ids=lambda t: t.key)
def test_each_german_email_greets_links_and_signs(template):
    for values in CONTEXTS.values():
        body = render_email_body(template.email_body, values)
        assert body.startswith("Hallo Rob,\n\n")
        assert f"\n{values['url']}\n" in body
        assert body.endswith(
            "Dana Reyes\nNorthwind\n" + (f"{values['rep_phone']}\n" if values["rep_phone"] else "")
        )
        assert render_text(template.email_subject, values)


def test_the_linter_reads_german_as_german():
    said = "Hallo Rob, hier ist Dana. Wenn es Ihnen um weniger Ausfälle geht: acme punkt com."
    german = lint_script(said, goal="visit", first_name="Rob", spoken_url="acme punkt com",
                         script_language="de")  # fmt: skip
    assert "filler" not in [f.code for f in german.findings]  # "um" is a word in German
    äh = lint_script("Hallo Rob, äh, rufen Sie mich an.", goal="visit", first_name="Rob",
                     spoken_url="", script_language="de")  # fmt: skip
    codes = {f.code: f.message for f in äh.findings}
    assert codes["filler"] == 'Cut the filler words "äh": a short pause sounds better.'
    assert "Ich rufe Sie am Donnerstag wieder an." in codes["callback_request"]


def test_the_linter_warns_when_the_script_is_not_in_the_prospects_language():
    lint = lint_script("Hi Rob, this is Dana.", goal="visit", first_name="Rob",
                       spoken_url="", script_language="en", prospect_language="de")  # fmt: skip
    assert [f.as_dict() for f in lint.findings] == [
        {
            "code": "language",
            "message": "This script is in English, and Rob reads German: "
            "pick a template in German, or change their language.",
        }
    ]
    same = lint_script("Hi Rob, this is Dana.", goal="visit", first_name="Rob",
                       spoken_url="", script_language="en", prospect_language="en")  # fmt: skip
    assert same.findings == ()

"""The gaps a missing field leaves, found before a template reaches a prospect."""

from __future__ import annotations

import pytest

from landing.scripts import gaps
from landing.scripts.library import ALL_BUILTINS, Template, sample_context

# A team with references, a rep with a phone and a booking link; and one with none of them.
TEAMS = (
    sample_context(),
    sample_context(references="", reference="", rep_phone="", booking_url="",
                   name_spelling="Siobhan, S I O B H A N"),
)  # fmt: skip


def template(
    voicemail="Hi {{ first_name }}: {{ spoken_url }}.",
    subject="Your page",
    body="Hi {{ first_name }},\n\n{{ url }}\n",
    language="en",
) -> Template:
    return Template(
        key="t", name="t", goal="visit", attempt=None, voicemail=voicemail,
        email_subject=subject, email_body=body, builtin=False, language=language,
    )  # fmt: skip


def found(t: Template, sample: str = "no_outcome", base: dict | None = None) -> list:
    chosen = next(s for s in gaps.SAMPLES if s.key == sample)
    return list(gaps.find_gaps(t, gaps.sample_context(base or sample_context(), chosen)))


def test_every_built_in_reads_well_for_every_sample_prospect_in_every_language():
    assert {t.language for t in ALL_BUILTINS} == {"en", "de"}
    for built_in in ALL_BUILTINS:
        for base in TEAMS:
            for sample in gaps.SAMPLES:
                got = gaps.find_gaps(built_in, gaps.sample_context(base, sample))
                assert got == (), (built_in.key, sample.key, got)


def test_the_real_case_is_caught_with_the_placeholder_named():
    real = template("Hi {{ first_name }}, a short page for you on {{ outcome }}: {{ spoken_url }}.")
    assert found(real, "every") == []
    codes = {f.code: f.message for f in found(real, "no_outcome")}
    assert "{{ outcome }} is empty" in codes["empty_placeholder"]
    assert "{% if outcome %}" in codes["empty_placeholder"]
    assert "on : northwind dot example" in codes["dangling_punctuation"]


@pytest.mark.parametrize(
    "voicemail, subject, body, where",
    [
        ("Hi {{ first_name }} , your page: {{ spoken_url }}.", "x", "{{ url }}", "the voicemail"),
        ("Hi {{ first_name }}: {{ spoken_url }}.", "Hi , Rob", "{{ url }}", "the subject"),
        ("Hi {{ first_name }}: {{ spoken_url }}.", "Re:", "{{ url }}", "the subject"),
        ("Hi {{ first_name }}, , see {{ spoken_url }}.", "x", "{{ url }}", "the voicemail"),
        ("Your page is on . {{ spoken_url }}", "x", "{{ url }}", "the voicemail"),
        ("Hi {{ first_name }}: {{ spoken_url }}.", "x", "{{ url }}\n\nMore on the:", "the email"),
        ("Hi {{ first_name }}: {{ spoken_url }}.", "x", "{{ url }}\n, thanks", "the email"),
        (
            "Hi {{ first_name }}: {{ spoken_url }}.",
            "x",
            "Hi  {{ first_name }}\n{{ url }}",
            "the email",
        ),
        (
            "Hi {{ first_name }}: {{ spoken_url }}. Ask about the.",
            "x",
            "{{ url }}",
            "the voicemail",
        ),
    ],
)
def test_dangling_punctuation_and_doubled_spaces_are_caught(voicemail, subject, body, where):
    got = found(template(voicemail, subject, body), "every")
    assert got, (voicemail, subject, body)
    assert got[0].code in {"dangling_punctuation", "doubled_space"}
    assert got[0].message.startswith(f"In {where},")


def test_normal_sentences_pass():
    fine = template(
        "Hi {{ first_name }}, teams at {{ references }} work with. Your page: {{ spoken_url }}. "
        "Questions? Call me at {{ rep_phone }}, or come back to it later.",
        "Re: my voicemail, {{ first_name }}",
        "Hi {{ first_name }},\n\nAs I said:\n\n{{ url }}\n\nTalk soon,\n{{ rep_name }}\n",
    )
    for sample in gaps.SAMPLES:
        assert found(fine, sample.key) == []


def test_a_guarded_placeholder_is_no_gap_and_an_unguarded_one_is():
    guarded = template("Hi {{ first_name }}.{% if outcome %} About {{ outcome }}.{% endif %} "
                       "{{ spoken_url }}.")  # fmt: skip
    assert found(guarded) == []
    company = template("Hi {{ first_name }} at {{ prospect_company }}: {{ spoken_url }}.")
    assert found(company, "no_outcome") == []
    codes = [f.code for f in found(company, "no_company")]
    assert codes == ["empty_placeholder", "dangling_punctuation"]  # "Hi Rob at : ..."


def test_french_spaces_before_colons_are_no_gap():
    french = template("Bonjour {{ first_name }}, votre page : {{ spoken_url }} !", language="fr")
    assert found(french, "every") == []

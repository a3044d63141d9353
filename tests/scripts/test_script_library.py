"""The built-in library: 32 templates that follow the playbook and read well with any values."""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher

import pytest
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from landing.scripts.goals import BLOCKS, GOALS
from landing.scripts.library import BUILTINS, PLACEHOLDERS, sample_context
from landing.scripts.lint import lint_script
from landing.scripts.render import estimate_seconds, render_email_body, render_text
from landing.scripts.templates import check_template

EMPTY = {"references": "", "reference": "", "outcome": "", "rep_phone": "", "booking_url": ""}
LONG_SLUG = "Maximiliana-Featherstonehaugh-Wellington"
LONG = {
    "first_name": "Maximiliana",
    "last_name": "Featherstonehaugh-Wellington",
    "full_name": "Maximiliana Featherstonehaugh-Wellington",
    "url": f"https://northwind.example/{LONG_SLUG}",
    "spoken_url": "northwind dot example forward slash Maximiliana hyphen Featherstonehaugh "
    "hyphen Wellington",
}
SPELLING = "Siobhan, S I O B H A N"
CONTEXTS = {
    "sample": sample_context(),
    "empty": sample_context(**EMPTY),
    "long": sample_context(**LONG),
    "spelled": sample_context(
        first_name="Siobhan",
        url="https://northwind.example/Siobhan-Kelly",
        spoken_url="northwind dot example forward slash Siobhan hyphen Kelly",
        name_spelling=SPELLING,
    ),
}
# What a rep must hear in 30 seconds or less: typical values, and typical values without
# the optional ones. A spelled-out name adds its letters and still fits.
TIMED = ("sample", "empty", "spelled")
HOW_WORDS = ("software", "platform", "app", "tool", "dashboard", "integration", "feature")

KEY = re.compile(r"^(?P<goal>[a-z]+)-(?P<voice>[a-z]+)-(?P<attempt>[1-4])$")
SELF_WORDS = frozenset("i i'm i'll i've i'd me my we we're we'll we've our us".split())
THEM_WORDS = frozenset("you your you're you'll yours you've".split())
FILLER = re.compile(r"\b(?:um|uh|er|erm)\b|\byou know\b|,\s*like\s*,|(?:^|[.!?]\s+)like\b", re.I)
CALLBACK_REQUEST = re.compile(
    r"\b(?:call|phone|ring|text)\s+(?:me|us)\b|\bgive\s+(?:me|us)\s+a\s+call\b"
    r"|\breturn\s+(?:my|our)\s+call\b|\breach\s+(?:me|us)\b|\bget\s+back\s+to\s+(?:me|us)\b",
    re.I,
)
BAD_SPACING = re.compile(r"\s[.,;:?!]|[.,;:]{2}|[,;:][.?!]|\s{2}|\{\{|\}\}|\{%|%\}")


def ids(template):
    return template.key


def script(template, context_name: str) -> str:
    return render_text(template.voicemail, CONTEXTS[context_name])


def voice(template) -> str:
    return KEY.match(template.key).group("voice")


def pronouns(text: str, context: dict) -> tuple[int, int]:
    """Words about the rep and words about the prospect; the address and the spelled-out
    letters of a name (the I of S I O B H A N) are not words about anyone."""
    for said in (context["spoken_url"], context["name_spelling"]):
        text = text.replace(said, " ") if said else text
    words = re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower())
    return sum(w in SELF_WORDS for w in words), sum(w in THEM_WORDS for w in words)


def test_two_voices_per_goal_each_with_the_four_attempts_of_the_series():
    assert len(BUILTINS) == 32
    keys = [t.key for t in BUILTINS]
    assert len(set(keys)) == 32
    series = defaultdict(set)
    for t in BUILTINS:
        match = KEY.match(t.key)
        assert match, t.key
        assert (match["goal"], int(match["attempt"])) == (t.goal, t.attempt)
        assert t.builtin is True
        series[t.goal, match["voice"]].add(t.attempt)
    assert sorted({goal for goal, _ in series}) == sorted(GOALS)
    for goal in GOALS:
        voices = [v for g, v in series if g == goal]
        assert len(voices) == 2, goal
        for v in voices:
            assert series[goal, v] == set(BLOCKS)


def test_names_say_the_voice_and_the_attempt():
    for t in BUILTINS:
        assert t.name == f"{voice(t).capitalize()}, voicemail {t.attempt} of 4"
    assert len({t.name for t in BUILTINS}) == 32


@pytest.mark.parametrize("template", BUILTINS, ids=ids)
def test_only_known_placeholders(template):
    env = SandboxedEnvironment()
    for source in (template.voicemail, template.email_subject, template.email_body):
        used = meta.find_undeclared_variables(env.parse(source))
        assert used <= set(PLACEHOLDERS), used - set(PLACEHOLDERS)


@pytest.mark.parametrize("template", BUILTINS, ids=ids)
def test_a_copy_of_a_builtin_can_be_saved(template):
    # A rep starts their own template from a built-in: it must pass the save-time checks.
    values = check_template(
        name=f"My {template.name}",
        goal=template.goal,
        attempt=template.attempt,
        voicemail=template.voicemail,
        email_subject=template.email_subject,
        email_body=template.email_body,
    )
    assert values["goal"] == template.goal


@pytest.mark.parametrize("context_name", CONTEXTS)
@pytest.mark.parametrize("template", BUILTINS, ids=ids)
def test_voicemail_reads_cleanly_and_follows_the_formula(template, context_name):
    context = CONTEXTS[context_name]
    text = script(template, context_name)
    assert not BAD_SPACING.search(text), BAD_SPACING.search(text)
    first = context["first_name"]
    assert text.startswith((f"Hi {first}, ", f"{first}, ")), text
    first_sentence = re.split(r"[.!?]\s", text)[0]
    assert context["rep_name"] in first_sentence
    assert context["company"] in first_sentence
    assert text.count(context["spoken_url"]) == 2
    for optional in ("reference", "outcome"):
        if context[optional]:
            assert context[optional] in text, optional
    if context_name == "empty":
        assert "Globex" not in text and "Initech" not in text
        assert "shipments" not in text


@pytest.mark.parametrize("template", BUILTINS, ids=ids)
def test_a_hard_name_is_spelled_right_after_the_first_address(template):
    context = CONTEXTS["spelled"]
    text = script(template, "spelled")
    assert f"{context['spoken_url']}. That's {SPELLING}." in text
    assert text.count(SPELLING) == 1
    assert "That's" not in script(template, "sample").split(CONTEXTS["sample"]["spoken_url"])[1]


@pytest.mark.parametrize("context_name", CONTEXTS)
@pytest.mark.parametrize("template", BUILTINS, ids=ids)
def test_voicemail_is_about_them_and_has_no_fillers(template, context_name):
    text = script(template, context_name)
    mine, theirs = pronouns(text, CONTEXTS[context_name])
    assert theirs > mine, (mine, theirs, text)
    assert not FILLER.search(text), text


@pytest.mark.parametrize("context_name", TIMED)
@pytest.mark.parametrize("template", BUILTINS, ids=ids)
def test_voicemail_fits_in_30_seconds(template, context_name):
    assert estimate_seconds(script(template, context_name)) <= 30


def test_a_voice_says_something_new_each_attempt_and_ends_with_the_shortest():
    by_voice = defaultdict(dict)
    for t in BUILTINS:
        by_voice[t.goal, voice(t)][t.attempt] = script(t, "sample")
    for (goal, name), texts in by_voice.items():
        url = CONTEXTS["sample"]["spoken_url"]
        bodies = [texts[a].replace(url, "") for a in sorted(texts)]
        assert len(set(bodies)) == 4
        for i, one in enumerate(bodies):
            for other in bodies[i + 1 :]:
                assert SequenceMatcher(None, one, other).ratio() < 0.75, (goal, name)
        words = {a: len(text.split()) for a, text in texts.items()}
        assert words[4] < min(words[1], words[2], words[3]), (goal, name, words)


def test_voices_of_a_goal_differ():
    for goal in GOALS:
        for attempt in BLOCKS:
            one, other = (
                script(t, "sample") for t in BUILTINS if (t.goal, t.attempt) == (goal, attempt)
            )
            assert one != other


@pytest.mark.parametrize("context_name", CONTEXTS)
@pytest.mark.parametrize("template", BUILTINS, ids=ids)
def test_each_goal_keeps_its_next_step(template, context_name):
    context = CONTEXTS[context_name]
    text = script(template, context_name)
    day = context["callback_day"]
    asked = [m.start() for m in CALLBACK_REQUEST.finditer(text)]
    if template.goal == "callback":
        assert asked, text
        if context["rep_phone"]:
            assert context["rep_phone"] in text
        # The ask comes after the page: it is the last thing they hear.
        assert text.rindex(context["spoken_url"]) < asked[-1]
    else:
        assert not asked, text
        assert day in text
    if template.goal == "visit":
        assert text.endswith(f"I'll call you again on {day}.")
    if template.goal == "educate":
        assert text.count(f"I'll call you on {day}") == 1
    if template.goal == "prepare":
        assert "When we speak" in text


@pytest.mark.parametrize("context_name", ("sample", "empty", "long"))
@pytest.mark.parametrize("template", BUILTINS, ids=ids)
def test_email_refers_to_the_voicemail_and_links_the_page(template, context_name):
    context = CONTEXTS[context_name]
    subject = render_text(template.email_subject, context)
    body = render_email_body(template.email_body, context)
    assert "voicemail" in subject.lower()
    assert "voicemail" in body.lower()
    assert body.startswith(f"Hi {context['first_name']},\n\n")
    assert f"\n\n{context['url']}\n\n" in body
    signature = f"\n\n{context['rep_name']}\n{context['company']}\n"
    if context["rep_phone"]:
        assert body.endswith(f"{signature}{context['rep_phone']}\n")
    else:
        assert body.endswith(signature)
    # Greeting, lead, page, next step, (booking link,) signature.
    paragraphs = body.split("\n\n")
    if context["booking_url"]:
        assert len(paragraphs) == 6
        assert paragraphs[4].endswith(f":\n{context['booking_url']}")
    else:
        assert len(paragraphs) == 5
    assert len(body.split()) <= 90
    assert "\n\n\n" not in body
    for line in (subject, *body.splitlines()):
        assert not BAD_SPACING.search(line), line
    if template.goal != "callback":
        assert not CALLBACK_REQUEST.search(body), body


@pytest.mark.parametrize("context_name", ("sample", "empty"))
@pytest.mark.parametrize("template", BUILTINS, ids=ids)
def test_every_builtin_passes_its_own_linter(template, context_name):
    context = CONTEXTS[context_name]
    result = lint_script(
        script(template, context_name),
        goal=template.goal,
        first_name=context["first_name"],
        spoken_url=context["spoken_url"],
        callback_day=context["callback_day"],
        how_words=HOW_WORDS,
    )
    assert result.findings == ()
    assert result.seconds <= 30

"""The script linter: each rule fires on a bad script and stays quiet on its near miss."""

from __future__ import annotations

import pytest

from landing.scripts.goals import GOALS
from landing.scripts.lint import MAX_SECONDS, Finding, Lint, lint_script

URL = "northwind dot example forward slash Rob hyphen Mason"
OPENING = "Hi Rob, this is Dana Reyes with Northwind."
REST = (
    "Globex came to us wanting fewer late shipments, and I have something to share with you "
    f"about that. You'll find a short page just for you: {URL}. Again, that's {URL}. "
    "I'll call you again on Thursday."
)
GOOD = f"{OPENING} {REST}"


def lint(text: str, **changes) -> Lint:
    values = {
        "goal": "visit",
        "first_name": "Rob",
        "spoken_url": URL,
        "callback_day": "Thursday",
        **changes,
    }
    return lint_script(text, **values)


def codes(text: str, **changes) -> list[str]:
    return [f.code for f in lint(text, **changes).findings]


def message(text: str, code: str, **changes) -> str:
    return next(f.message for f in lint(text, **changes).findings if f.code == code)


def with_sentence(sentence: str) -> str:
    return f"{OPENING} {sentence} {REST}"


def test_good_script_has_no_findings():
    result = lint(GOOD)
    assert result.findings == ()
    assert (result.words, result.seconds) == (58, 24)


def test_the_briefs_example_is_self_focused():
    # "I made a short page just for you" makes it I, I, I'll, us against you three times.
    text = GOOD.replace("You'll find a short page", "I made a short page")
    assert codes(text) == ["self_focused"]
    assert "(I, me, we, our): 4, about them (you, your): 3" in message(text, "self_focused")


@pytest.mark.parametrize(("words_per_minute", "seconds"), [(150, 24), (100, 35)])
def test_seconds_at_the_reps_pace(words_per_minute, seconds):
    assert lint(GOOD, words_per_minute=words_per_minute).seconds == seconds


def test_words_are_counted_as_spoken():
    result = lint("See acme.com — Rob-Mason!", words_per_minute=60)
    assert result.words == result.seconds == 5


@pytest.mark.parametrize(
    ("words_per_minute", "words", "expected"),
    [
        (150, 75, None),
        (150, 76, "About 31 seconds: cut it to 30 or less (about 75 words at your pace)."),
        (100, 50, None),
        (100, 51, "About 31 seconds: cut it to 30 or less (about 50 words at your pace)."),
    ],
)
def test_too_long(words_per_minute, words, expected):
    text = " ".join(["shipping"] * words)
    found = {f.code: f.message for f in lint(text, words_per_minute=words_per_minute).findings}
    assert found.get("too_long") == expected
    assert MAX_SECONDS == 30


@pytest.mark.parametrize(
    ("sentence", "fillers"),
    [
        ("Um, it's about shipping.", ["um"]),
        ("It's, uh, about shipping.", ["uh"]),
        ("Er, it's about shipping.", ["er"]),
        ("Erm, it's about shipping.", ["erm"]),
        ("It's, you know, about shipping.", ["you know"]),
        ("You know, shipping is hard.", ["you know"]),
        ("Shipping is hard, you know.", ["you know"]),
        ("It's, like, about shipping.", ["like"]),
        ("Like, it's about shipping.", ["like"]),
        ("It's um like about shipping.", ["um", "like"]),
    ],
)
def test_filler_is_named(sentence, fillers):
    text = with_sentence(sentence)
    assert codes(text) == ["filler"]
    assert all(f'"{word}"' in message(text, "filler") for word in fillers)


@pytest.mark.parametrize(
    "sentence",
    [
        "Did you know Globex cut late shipments?",
        "Do you know Globex?",
        "You know Globex? They did it.",
        "I wanted to let you know.",
        "Ask anyone you know.",
        "Companies like Globex ship on time.",
        "Would you like the numbers?",
        "Every summer, under pressure, orders slip.",
    ],
)
def test_filler_near_misses(sentence):
    assert codes(with_sentence(sentence)) == []


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Call me back at 555 0100.", "Call me"),
        ("Give me a call when you can.", "Give me a call"),
        ("Call me on 555 0100.", "Call me"),
        ("You can reach me at 555 0100.", "reach me"),
        ("Please return my call.", "return my call"),
        ("Ring me on 555 0100.", "Ring me"),
        ("Get back to me when you can.", "Get back to me"),
    ],
)
def test_callback_request(sentence, phrase):
    text = with_sentence(sentence)
    assert "callback_request" in codes(text)
    found = message(text, "callback_request")
    assert f'"{phrase}"' in found and "I'll call you again on Thursday" in found
    assert "callback_request" not in codes(text, goal="callback")


def test_saying_when_you_will_call_again_is_not_a_callback_request():
    assert "I'll call you again on Thursday" in GOOD
    assert codes(GOOD, goal="visit") == []


@pytest.mark.parametrize(
    ("text", "first_name", "fires"),
    [
        (GOOD, "Rob", False),
        (GOOD.replace("Hi Rob,", "hi ROB,"), "Rob", False),
        (GOOD.replace("Hi Rob,", "Hi there,"), "Rob", True),
        (GOOD.replace("Hi Rob,", "Hi there,"), "", False),
        (GOOD.replace("Hi Rob,", "Hi Robert,"), "Rob", True),
        (f"Rob? It's Dana. {REST}", "Rob", False),
        (f"Hi, this is Dana. Rob, {REST}", "Rob", True),
        # The name inside the URL is not a greeting.
        (f"Hi, see {URL}. {REST}", "Rob", True),
        # Dots in a written URL or a number do not end the first sentence.
        ("See northwind.example forward slash Rob-Mason: 2.5 times faster, Rob.", "Rob", False),
    ],
)
def test_name_not_first(text, first_name, fires):
    url = "northwind.example forward slash Rob-Mason" if "northwind.example" in text else URL
    assert ("name_not_first" in codes(text, first_name=first_name, spoken_url=url)) is fires


def test_name_not_first_says_what_to_say():
    text = GOOD.replace("Hi Rob,", "Hi there,")
    expected = 'Say "Rob" in your first sentence, e.g. "Hi Rob, this is ...".'
    assert message(text, "name_not_first") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD, []),
        (GOOD.replace(URL, URL.upper().replace(" ", "  ")), []),
        (GOOD.replace(URL, "our website"), ["url_missing"]),
        (GOOD.replace(URL, "northwind dot example"), ["url_missing"]),
        (GOOD.replace(URL, f"{URL}ry"), ["url_missing"]),
    ],
)
def test_url_missing(text, expected):
    assert [c for c in codes(text) if c.startswith("url_")] == expected


def test_url_missing_says_the_url():
    assert URL in message(GOOD.replace(URL, "our website"), "url_missing")


ONCE = GOOD.replace(f" Again, that's {URL}.", "")


@pytest.mark.parametrize(
    ("text", "words_per_minute", "fires"),
    [(ONCE, 150, False), (ONCE, 100, True), (GOOD, 100, False)],
)
def test_url_once_past_twenty_seconds(text, words_per_minute, fires):
    result = lint(text, words_per_minute=words_per_minute)
    assert (result.seconds > 20) is (words_per_minute == 100)
    assert ("url_once" in [f.code for f in result.findings]) is fires


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Hi Rob, I think we can help you.", True),
        ("Hi Rob, I have something for you.", False),
        ("Hi Rob, I’m Dana, I’ve got news, I’ll be quick, you’re busy.", True),
        ("Hi Rob, most teams measure weekly, and you could too.", False),
        ("Hi Rob, I’m told you’re busy, so I’ll be quick: you’ll want this, you've asked.", False),
        ("Hi Rob, our US office and my team want to meet you and your team.", True),
    ],
)
def test_self_focused(text, fires):
    assert ("self_focused" in codes(text, spoken_url="")) is fires


def test_self_focused_ignores_the_url():
    url = "we dot help dot us forward slash my hyphen Rob"
    assert "self_focused" not in codes(f"Hi Rob, you can see {url}.", spoken_url=url)


PRODUCT = ("AI routing", "dashboard")


@pytest.mark.parametrize(
    ("how_words", "sentence", "found"),
    [
        (PRODUCT, "The AI Routing DASHBOARD helps.", PRODUCT),
        (("dashboard",), "Dashboards help.", []),
        (("route",), "The router helps.", []),
        (("  ", ""), "It helps.", []),
    ],
)
def test_how_words(how_words, sentence, found):
    text = with_sentence(sentence)
    result = lint(text, how_words=how_words)
    if found:
        assert [f.code for f in result.findings] == ["how_word"]
        assert all(f'"{word}"' in result.findings[0].message for word in found)
    else:
        assert result.findings == ()


LATER = "Thursday, December 3"


@pytest.mark.parametrize(
    ("text", "changes", "fires"),
    [
        (GOOD.replace("on Thursday", "soon"), {}, True),
        (GOOD.replace("on Thursday", "soon"), {"callback_day": ""}, False),
        (GOOD.replace("on Thursday", "soon"), {"goal": "callback"}, False),
        (GOOD.replace("Thursday", "thursday"), {}, False),
        (GOOD.replace("Thursday", LATER), {"callback_day": LATER}, False),
    ],
)
def test_no_next_step(text, changes, fires):
    assert ("no_next_step" in codes(text, **changes)) is fires


def test_callback_goal_allows_asking_for_a_call():
    text = f"Hi Rob, this is Dana with Northwind. See {URL}. Give me a call at 555 0100, you can."
    assert codes(text, goal="callback") == []
    assert codes(text, goal="educate") == ["callback_request", "no_next_step"]


def test_findings_come_in_the_rules_order_on_one_line_each():
    text = "Um, I think we should talk. Call me back. Our dashboard is great."
    result = lint(text, words_per_minute=20, how_words=("dashboard",))
    assert [f.code for f in result.findings] == [
        "too_long",
        "filler",
        "callback_request",
        "name_not_first",
        "url_missing",
        "self_focused",
        "how_word",
        "no_next_step",
    ]
    assert all(f.message and "\n" not in f.message for f in result.findings)


def test_as_dict_shape():
    result = lint(GOOD.replace("Hi Rob,", "Hi there,"))
    assert result.as_dict() == {
        "seconds": 24,
        "words": 58,
        "warnings": [{"code": "name_not_first", "message": result.findings[0].message}],
    }
    assert Finding("filler", "Cut it.").as_dict() == {"code": "filler", "message": "Cut it."}


@pytest.mark.parametrize("goal", GOALS)
def test_every_goal_is_known(goal):
    assert isinstance(lint(GOOD, goal=goal), Lint)


def test_unknown_goal_raises():
    with pytest.raises(ValueError, match="Goal must be one of"):
        lint(GOOD, goal="sell")


def test_the_letters_of_a_spelled_name_are_not_the_rep_talking_about_themselves():
    spelled = "Siobhan, S I O B H A N"
    text = (
        f"Hi Siobhan, this is Dana with Northwind. That's {spelled}. I have a page for you: "
        f"{URL}. Again, that's {URL}. I'll call you again on Thursday."
    )
    assert "self_focused" in codes(text, first_name="Siobhan")
    assert "self_focused" not in codes(text, first_name="Siobhan", name_spelling=spelled)

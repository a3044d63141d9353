"""The voicemail script follows the playbook's formula; the email and its mailto: match it."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from landing.calls.pitches import build_pitch, context
from landing.core.clock import next_business_day
from landing.data.models import Prospect, Rep
from landing.prospects.service import CALL_AGAIN_AFTER_VOICEMAIL
from landing.scripts.library import BUILTINS, PLACEHOLDERS
from landing.scripts.render import (
    callback_day,
    estimate_seconds,
    mailto,
    render_email_body,
    render_text,
)
from landing.team.company import CompanySettings

MONDAY = date(2026, 11, 23)


def company(**changes) -> CompanySettings:
    values = {
        "name": "Acme",
        "public_base_url": "https://acme.com",
        "video_url": "",
        "offer_text": "",
        "references": ("Globex",),
    }
    return CompanySettings(**{**values, **changes})


def rep(**changes) -> Rep:
    values = {
        "email": "dana@acme.com",
        "name": "Dana Reyes",
        "password_hash": "x",
        "phone": "+14155550100",
        "booking_url": "",
    }
    return Rep(**{**values, **changes})


def prospect(**changes) -> Prospect:
    values = {
        "first_name": "Rob",
        "last_name": "Mason",
        "company": "Acme Logistics",
        "email": "rob@acmelogistics.com",
        "outcome": "fewer missed deliveries",
        "slug": "Rob-Mason",
        "slug_key": "robmason",
        "next_call_on": date(2026, 11, 25),
    }
    return Prospect(**{**values, **changes})


def pitch(template_key: str = "visit", **kwargs):
    """The pitch of the first built-in for a goal (or a template key) for Rob Mason."""
    template = next(t for t in BUILTINS if t.key == template_key or t.goal == template_key)
    values = context(
        kwargs.pop("prospect", prospect()),
        kwargs.pop("rep", rep()),
        kwargs.pop("company", company()),
        today=MONDAY,
    )
    return build_pitch(template, values, goal=template.goal, attempt=1, **kwargs)


def test_context_carries_every_placeholder():
    values = context(prospect(), rep(), company(references=("Globex", "Initech")), today=MONDAY)
    assert set(values) == set(PLACEHOLDERS)
    assert values["references"] == "Globex and Initech"
    assert values["reference"] == "Globex"
    assert values["spoken_url"] == "acme dot com forward slash Rob hyphen Mason"
    assert values["callback_day"] == "Wednesday"
    assert values["rep_phone"] == "+1 415-555-0100"


def test_spoken_url_follows_the_company_style():
    values = context(prospect(), rep(), company(url_slash="slash", url_hyphen="dash"), today=MONDAY)
    assert values["spoken_url"] == "acme dot com slash Rob dash Mason"


def test_script_starts_with_the_name_and_says_the_url_twice():
    result = pitch()
    assert "Rob" in result.script.split(".")[0]
    assert result.script.count("acme dot com forward slash Rob hyphen Mason") == 2
    assert result.warnings == ()
    assert result.script_seconds <= 30


def test_seconds_count_words_at_the_reps_pace():
    assert estimate_seconds("one two three four five") == 2  # 5 words at 150/min = 2 s
    assert estimate_seconds(" ".join(["word"] * 150)) == 60
    assert estimate_seconds(" ".join(["word"] * 150), words_per_minute=100) == 90
    result = pitch()
    assert result.script_seconds == estimate_seconds(result.script)
    # The spoken URL is counted as the words said, not as one token.
    assert 20 <= result.script_seconds <= 40


def test_email_refers_to_the_voicemail_and_links_the_page():
    result = pitch(to="rob@acmelogistics.com")
    assert "voicemail" in (result.email_subject + result.email_body).lower()
    assert "\nhttps://acme.com/Rob-Mason\n" in result.email_body
    assert "Dana Reyes" in result.email_body


def test_mailto_opens_the_same_email():
    result = pitch(to="rob@acmelogistics.com")
    parts = urlsplit(result.mailto)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "rob@acmelogistics.com"
    query = parse_qs(parts.query)
    assert query["subject"] == [result.email_subject]
    assert query["body"] == [result.email_body]


def test_mailto_escapes_characters_that_would_break_the_link():
    link = mailto("a@b.com", "Q&A? 100%", "x=1&cc=evil@example.com\n#")
    assert parse_qs(urlsplit(link).query) == {
        "subject": ["Q&A? 100%"],
        "body": ["x=1&cc=evil@example.com\n#"],
    }


@pytest.mark.parametrize(
    "payload", ["{{7*7}}", "{{ ''.__class__ }}", "{% for x in y %}", "<script>alert(1)</script>"]
)
def test_names_and_outcomes_are_text_not_template_code(payload):
    result = pitch(prospect=prospect(first_name=payload, outcome=payload))
    assert payload in result.script
    assert "49" not in result.script


def test_rendering_keeps_paragraphs_in_emails_and_one_line_in_scripts():
    assert render_text("Hi {{ first_name }},\n\n  there", {"first_name": "Rob"}) == "Hi Rob, there"
    body = render_email_body("Hi\n\n\n\n{{ x }}  \n", {"x": "there"})
    assert body == "Hi\n\nthere\n"


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2026, 11, 25), "Wednesday"),
        (date(2026, 11, 29), "Sunday"),
        (date(2026, 11, 30), "Monday, November 30"),
        (date(2026, 12, 3), "Thursday, December 3"),
        (MONDAY, "Monday, November 23"),
    ],
)
def test_callback_day_is_a_weekday_this_week_and_a_date_beyond(day, said):
    assert callback_day(day, MONDAY) == said


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 11, 23), date(2026, 11, 25)),  # Monday → Wednesday
        (date(2026, 11, 26), date(2026, 11, 30)),  # Thursday → Monday
        (date(2026, 11, 27), date(2026, 12, 1)),  # Friday → Tuesday
        (date(2026, 11, 28), date(2026, 12, 1)),  # Saturday → Tuesday
    ],
)
def test_next_call_is_two_business_days_later(start, expected):
    assert next_business_day(start, CALL_AGAIN_AFTER_VOICEMAIL) == expected

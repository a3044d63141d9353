"""The voicemail script follows the playbook's formula; the email and its mailto: match it."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from landing.company import CompanySettings
from landing.models import Prospect, Rep
from landing.prospects import next_business_day
from landing.scripts import build_pitch, callback_day, estimate_seconds, mailto

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


def pitch(**kwargs):
    return build_pitch(
        kwargs.pop("prospect", prospect()),
        kwargs.pop("rep", rep()),
        kwargs.pop("company", company()),
        today=MONDAY,
        **kwargs,
    )


def test_script_follows_the_formula_in_order():
    script = pitch().script
    spoken = "acme dot com forward slash Rob hyphen Mason"
    assert script.startswith("Hi Rob, this is Dana Reyes with Acme.")
    parts = [
        "Hi Rob",
        "Dana Reyes",
        "Acme",
        "Globex",
        "fewer missed deliveries",
        spoken,
        "Wednesday",
    ]
    positions = [script.index(part) for part in parts]
    assert positions == sorted(positions), script
    assert script.count(spoken) == 2
    assert script.endswith("I'll call you again on Wednesday.")


def test_script_reads_well_without_references_or_outcome():
    script = pitch(company=company(references=()), prospect=prospect(outcome="")).script
    assert script == (
        "Hi Rob, this is Dana Reyes with Acme. I have something to share with you. "
        "I made a short page just for you: acme dot com forward slash Rob hyphen Mason. "
        "Again, that's acme dot com forward slash Rob hyphen Mason. "
        "I'll call you again on Wednesday."
    )


def test_two_references_are_both_named():
    result = pitch(company=company(references=("Globex", "Initech")))
    assert "Globex and Initech came to us" in result.script
    assert "Globex and Initech have worked with us" in result.email_body


def test_seconds_count_words_at_the_reps_pace():
    assert estimate_seconds("one two three four five") == 2  # 5 words at 150/min = 2 s
    assert estimate_seconds(" ".join(["word"] * 150)) == 60
    assert estimate_seconds(" ".join(["word"] * 150), words_per_minute=100) == 90
    result = pitch()
    assert result.script_seconds == estimate_seconds(result.script)
    # The spoken URL is counted as the words said, not as one token.
    assert 20 <= result.script_seconds <= 40


def test_email_refers_to_the_voicemail_and_links_the_page():
    result = pitch(rep=rep(booking_url="https://cal.com/dana"))
    assert result.email_subject == "Rob, the page I mentioned in my voicemail"
    body = result.email_body
    assert body.startswith("Hi Rob,\n")
    assert "voicemail" in body
    assert "https://acme.com/Rob-Mason" in body
    # Links stand alone at a line's end, so no mail program swallows a full stop into them.
    assert "pick a time here: https://cal.com/dana\n" in body
    assert "Wednesday" in body
    assert body.rstrip().endswith("Dana Reyes\nAcme\n+1 415-555-0100")


def test_mailto_opens_the_same_email():
    result = pitch()
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
    assert payload in result.email_subject


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
    assert next_business_day(start) == expected

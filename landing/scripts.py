"""What the rep says and sends: the voicemail script, its length, and the follow-up email.

Templates are rendered in a sandbox because later they will be written by reps.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from datetime import date
from urllib.parse import quote

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from landing.company import CompanySettings
from landing.models import Prospect, Rep
from landing.slugs import page_url, spoken_url
from landing.validate import display_phone

# The playbook's formula: their name, who you are, your company, a referenceable customer,
# the outcome they want (never the product), the spoken URL (twice), when you call again.
VOICEMAIL = """
Hi {{ first_name }}, this is {{ rep_name }} with {{ company }}.
{% if references and outcome %}
{{ references }} came to us wanting {{ outcome }}, and I have something to share with you about that.
{% elif references %}
We work with {{ references }}, and I have something to share with you.
{% elif outcome %}
I have something to share with you about {{ outcome }}.
{% else %}
I have something to share with you.
{% endif %}
I made a short page just for you: {{ spoken_url }}.
Again, that's {{ spoken_url }}.
I'll call you again on {{ callback_day }}.
"""

EMAIL_SUBJECT = "{{ first_name }}, the page I mentioned in my voicemail"

EMAIL_BODY = """Hi {{ first_name }},

I just left you a voicemail. As promised, here is the page I made for you:
{{ url }}
{% if references %}
{{ references }} {{ 'have' if ' and ' in references else 'has' }} worked with us{% if outcome %} on {{ outcome }}{% endif %}; the page has a short video on it.
{% elif outcome %}
It has a short video on {{ outcome }}.
{% endif %}
I'll call you again on {{ callback_day }}. If it's easier, just reply to this email{% if booking_url %},
or pick a time here: {{ booking_url }}{% else %}.{% endif %}

{{ rep_name }}
{{ company }}{% if rep_phone %}
{{ rep_phone }}{% endif %}
"""

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F']+")


@dataclass(frozen=True)
class Pitch:
    """Everything the rep needs before dialing one prospect."""

    slug: str
    url: str
    spoken_url: str
    script: str
    script_seconds: int
    email_subject: str
    email_body: str
    mailto: str

    def as_dict(self) -> dict:
        return asdict(self)


def estimate_seconds(text: str, words_per_minute: int = 150) -> int:
    """Seconds to say text at the rep's pace; the spoken URL counts as the words it is."""
    return math.ceil(len(WORD.findall(text)) * 60 / words_per_minute)


def callback_day(day: date, today: date) -> str:
    """`Thursday` within the coming week, `Thursday, December 3` beyond it."""
    if 0 < (day - today).days < 7:
        return day.strftime("%A")
    return f"{day.strftime('%A, %B')} {day.day}"


def build_pitch(
    prospect: Prospect,
    rep: Rep,
    company: CompanySettings,
    *,
    today: date,
    words_per_minute: int = 150,
) -> Pitch:
    """The URL, spoken URL, voicemail script and follow-up email for prospect."""
    url = page_url(company.public_base_url, prospect.slug)
    context = {
        "first_name": prospect.first_name,
        "rep_name": rep.name,
        "rep_phone": display_phone(rep.phone),
        "company": company.name,
        "references": company.references_text,
        "outcome": prospect.outcome,
        "url": url,
        "spoken_url": spoken_url(company.public_base_url, prospect.slug),
        "callback_day": callback_day(prospect.next_call_on, today),
        "booking_url": rep.booking_url,
    }
    script = " ".join(_env.from_string(VOICEMAIL).render(context).split())
    subject = " ".join(_env.from_string(EMAIL_SUBJECT).render(context).split())
    body = re.sub(r"\n{3,}", "\n\n", _env.from_string(EMAIL_BODY).render(context)).strip() + "\n"
    return Pitch(
        slug=prospect.slug,
        url=url,
        spoken_url=context["spoken_url"],
        script=script,
        script_seconds=estimate_seconds(script, words_per_minute),
        email_subject=subject,
        email_body=body,
        mailto=mailto(prospect.email, subject, body),
    )


def mailto(to: str, subject: str, body: str) -> str:
    """A mailto: link that opens the draft in the rep's mail program (RFC 6068 encoding)."""
    query = f"subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    return f"mailto:{quote(to, safe='@')}?{query}"

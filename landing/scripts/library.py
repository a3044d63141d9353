"""The built-in voicemail and email templates, written for this product, and what they may say.

Each built-in belongs to a goal and an attempt of the series; two voices per goal give the
rotation something to test. Their words live in text files beside this module, in Jinja2 (the
language reps write their own templates in), rendered in a sandbox:

    builtin_templates/<goal>/<voice>-<attempt>.txt  one built-in: voicemail, subject, email
    builtin_templates/<goal>/_next_step.txt  the goal's next step in the email, booking link
    builtin_templates/_page.txt  the page address said the first time, then the spelling
    builtin_templates/_signature.txt  the rep's signature under every email
    builtin_templates/de/...  the same files in German, for prospects who read German

English and German have built-ins (the playbook's series, written in each language, not
translated word for word); a prospect in another language gets their team's templates in it.

A built-in's file has three sections, each opened by a line that is only a Jinja comment:
`{# voicemail #}`, `{# subject #}` and `{# email #}`. A section is the lines that follow it;
the email ends with a newline, as an email does. Every email reads the same way: a greeting, a
lead that refers to the voicemail, the page on its own line, the goal's next step with an
optional booking link, and the signature.

A file whose name starts with `_` is a shared piece, pulled in by Jinja's own
`{% include "visit/_next_step.txt" %}` (a path from builtin_templates/; the piece's final
newline is dropped, as Jinja drops it). The loader pastes the pieces in when it reads the
files, once, at import, because a built-in's source must stand alone: render.py renders
strings without a loader, and a rep copies a built-in into a template of their own, where
includes are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files

from landing.scripts.goals import SERIES_LENGTH

# Every name a template may use. Rendering passes exactly these; anything else is refused
# when a template is saved.
PLACEHOLDERS = {
    "first_name": "the prospect's first name",
    "last_name": "the prospect's last name",
    "full_name": "the prospect's full name",
    "prospect_company": "the prospect's company",
    "title": "the prospect's title",
    "outcome": "the outcome the prospect wants, as a phrase",
    "rep_name": "your full name",
    "rep_first_name": "your first name",
    "rep_phone": "your phone number, as written",
    "rep_email": "your email address",
    "booking_url": "your booking link (may be empty)",
    "company": "your company's name",
    "references": "your referenceable customers, joined with 'and' (may be empty)",
    "reference": "your first referenceable customer (may be empty)",
    "url": "the prospect's page address",
    "spoken_url": "the page address as said aloud",
    "name_spelling": "a spelled-out hard name, e.g. 'Siobhan, S I O B H A N' (may be empty)",
    "callback_day": "the day you will call again, e.g. 'Thursday'",
    "attempt": "which voicemail of the series this is, 1 to 4",
}


@dataclass(frozen=True)
class Template:
    """A voicemail with its follow-up email, for one goal and (optionally) one attempt."""

    key: str  # built-ins: "{goal}-{voice}-{attempt}"; a team or rep template: its id
    name: str
    goal: str
    attempt: int | None  # None: any attempt
    voicemail: str
    email_subject: str
    email_body: str
    builtin: bool = True
    language: str = "en"  # what it is written in (landing.core.languages)


def sample_context(**overrides) -> dict:
    """Typical values, for previews and for checking a template before it is saved."""
    context = {
        "first_name": "Rob",
        "last_name": "Mason",
        "full_name": "Rob Mason",
        "prospect_company": "Acme Logistics",
        "title": "Head of Operations",
        "outcome": "fewer late shipments",
        "rep_name": "Dana Reyes",
        "rep_first_name": "Dana",
        "rep_phone": "+1 415-555-0100",
        "rep_email": "dana@example.com",
        "booking_url": "https://cal.example/dana",
        "company": "Northwind",
        "references": "Globex and Initech",
        "reference": "Globex",
        "url": "https://northwind.example/Rob-Mason",
        "spoken_url": "northwind dot example forward slash Rob hyphen Mason",
        "name_spelling": "",
        "callback_day": "Thursday",
        "attempt": 1,
    }
    context.update(overrides)
    return context


# The voices of each goal, in the order the library lists them. Every voicemail follows the
# playbook's formula: the prospect's name first, who is calling and from where, a
# referenceable customer and the outcome they want when there are ones, their page said twice
# (with the spelling of a hard name after the first time), and the next step last. Attempt 1
# says who we are, 2 how we help (as results), 3 why it is worth their time, 4 is the short
# last nudge.
VOICES = {
    "visit": ("direct", "share"),
    "educate": ("story", "peer"),
    "callback": ("ask", "curious"),
    "prepare": ("agenda", "question"),
}
SECTIONS = ("voicemail", "subject", "email")

_FOLDER = files("landing.scripts").joinpath("builtin_templates")
_INCLUDE = re.compile(r'\{% include "(?P<path>[a-z_/]+\.txt)" %\}')
_ANY_INCLUDE = re.compile(r"\{%-?\s*include\b")  # one the loader did not understand


def _read(path: str) -> str:
    return _FOLDER.joinpath(*path.split("/")).read_text(encoding="utf-8")


def _sections(path: str) -> dict[str, str]:
    """A built-in's file cut at its `{# section #}` lines, which must be the three, in order."""
    names, lines = [], {}
    for line in _read(path).splitlines():
        header = re.fullmatch(r"\{# ([a-z]+) #\}", line)
        if header:
            names.append(header[1])
            lines[header[1]] = []
        elif names:
            lines[names[-1]].append(line)
        else:
            raise ValueError(f"{path}: text before the first section")
    if tuple(names) != SECTIONS:
        raise ValueError(f"{path}: sections must be {SECTIONS}, not {tuple(names)}")
    return {name: "\n".join(lines[name]) for name in SECTIONS}


# The languages with built-ins, and the folder under builtin_templates/ each is in.
FOLDERS = {"en": "", "de": "de/"}
LANGUAGE_NAMES = {"en": "", "de": " (Deutsch)"}


def _load(language: str = "en") -> tuple[tuple[Template, ...], tuple[str, ...]]:
    """Every built-in of language, in the order of VOICES, and every file it was read from.
    Keys of languages other than English start with the language: `de-visit-direct-1`."""
    read: list[str] = []
    folder = FOLDERS[language]
    prefix = "" if language == "en" else f"{language}-"

    def piece(match: re.Match) -> str:
        path = match["path"]
        text = _read(path).removesuffix("\n")
        if _ANY_INCLUDE.search(text):
            raise ValueError(f"{path}: a shared piece does not include another")
        read.append(path)
        return text

    def inlined(path: str, source: str) -> str:
        source = _INCLUDE.sub(piece, source)
        if _ANY_INCLUDE.search(source):
            raise ValueError(f'{path}: write includes as {{% include "path.txt" %}}')
        return source

    templates = []
    for goal, voices in VOICES.items():
        for voice in voices:
            for attempt in range(1, SERIES_LENGTH + 1):
                path = f"{folder}{goal}/{voice}-{attempt}.txt"
                section = _sections(path)
                read.append(path)
                templates.append(
                    Template(
                        key=f"{prefix}{goal}-{voice}-{attempt}",
                        name=f"{voice.capitalize()}, voicemail {attempt} of {SERIES_LENGTH}"
                        + LANGUAGE_NAMES[language],
                        goal=goal,
                        attempt=attempt,
                        voicemail=inlined(path, section["voicemail"]),
                        email_subject=inlined(path, section["subject"]),
                        email_body=inlined(path, section["email"] + "\n"),
                        language=language,
                    )
                )
    return tuple(templates), tuple(dict.fromkeys(read))


BUILTINS, _ENGLISH_FILES = _load("en")  # English: the library reps have always had
GERMAN, _GERMAN_FILES = _load("de")
# Every built-in of every language, and every file they were read from.
ALL_BUILTINS = BUILTINS + GERMAN
FILES = _ENGLISH_FILES + _GERMAN_FILES

"""The built-in library as text files: every file is a template or a shared piece one includes,
and the templates say, word for word, what they said when they were written in Python.

script_library_snapshot.json recorded every built-in (its source and what it renders to with
the contexts stored beside it) from the Python tuples, before the text moved to files. When
you change a built-in's words on purpose, record the library again:
`.venv/bin/python -m tests.test_script_library_files`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from landing.scripts import library
from landing.scripts.render import render_email_body, render_text

SNAPSHOT = Path(__file__).with_name("script_library_snapshot.json")
FIELDS = ("name", "goal", "attempt", "voicemail", "email_subject", "email_body", "builtin")
SPELLING = {
    "first_name": "Siobhan",
    "full_name": "Siobhan Kelly",
    "last_name": "Kelly",
    "url": "https://northwind.example/Siobhan-Kelly",
    "spoken_url": "northwind dot example forward slash Siobhan hyphen Kelly",
    "name_spelling": "Siobhan, S I O B H A N",
}
NO_REFERENCES = {"references": "", "reference": ""}
OPTIONAL_EMPTY = {**NO_REFERENCES, "outcome": "", "rep_phone": "", "booking_url": ""}
# Each optional value on its own, then all of them gone; a hard name spelled, with and without.
OVERRIDES = {
    "sample": {},
    "spelled": SPELLING,
    "no_booking": {"booking_url": ""},
    "no_phone": {"rep_phone": ""},
    "no_outcome": {"outcome": ""},
    "no_references": NO_REFERENCES,
    "empty": OPTIONAL_EMPTY,
    "spelled_empty": {**SPELLING, **OPTIONAL_EMPTY},
    "later_attempt": {"attempt": 3, "callback_day": "Monday, December 7"},
}


def rendered(template: library.Template, context: dict) -> dict[str, str]:
    """What a rep hears and a prospect reads: the script, the subject and the body."""
    return {
        "script": render_text(template.voicemail, context),
        "subject": render_text(template.email_subject, context),
        "body": render_email_body(template.email_body, context),
    }


def digest(parts: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def record() -> dict:
    """The library as it is now, in the snapshot's shape."""
    contexts = {name: library.sample_context(**values) for name, values in OVERRIDES.items()}
    return {
        "contexts": contexts,
        "templates": {
            t.key: {field: getattr(t, field) for field in FIELDS} for t in library.BUILTINS
        },
        "renders": {
            t.key: {name: digest(rendered(t, context)) for name, context in contexts.items()}
            for t in library.BUILTINS
        },
    }


@pytest.fixture(scope="module")
def snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_the_same_templates_in_the_same_order(snapshot):
    assert [t.key for t in library.BUILTINS] == list(snapshot["templates"])


@pytest.mark.parametrize("template", library.BUILTINS, ids=lambda t: t.key)
def test_each_template_is_word_for_word_what_it_was(template, snapshot):
    # The source itself, so a copy a rep starts from a built-in is unchanged too.
    was = snapshot["templates"][template.key]
    for field in FIELDS:
        assert getattr(template, field) == was[field], field


@pytest.mark.parametrize("template", library.BUILTINS, ids=lambda t: t.key)
def test_each_template_renders_what_it_rendered(template, snapshot):
    for name, context in snapshot["contexts"].items():
        assert digest(rendered(template, context)) == snapshot["renders"][template.key][name], name


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(record(), indent=1, ensure_ascii=False) + "\n", "utf-8")

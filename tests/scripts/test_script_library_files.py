"""The built-in library as text files: every file is a template or a shared piece one includes,
and the templates say, word for word, what they said when they were written in Python.

script_library_snapshot.json recorded every built-in (its source and what it renders to with
the contexts stored beside it) from the Python tuples, before the text moved to files. When
you change a built-in's words on purpose, record the library again:
`.venv/bin/python -m tests.scripts.test_script_library_files`.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path

import pytest
from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment as Environment

from landing.scripts import library
from landing.scripts.goals import GOALS, SERIES_LENGTH
from landing.scripts.render import render_email_body, render_text

SNAPSHOT = Path(__file__).with_name("script_library_snapshot.json")
PACKAGE = Path(library.__file__).parent
FOLDER = PACKAGE / "builtin_templates"
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


def files_in_folder() -> set[str]:
    return {p.relative_to(FOLDER).as_posix() for p in FOLDER.rglob("*") if p.is_file()}


def test_every_goal_voice_and_attempt_has_its_file():
    assert tuple(library.VOICES) == GOALS
    keys = {t.key for t in library.BUILTINS}
    for goal, voices in library.VOICES.items():
        assert len(voices) == 2, goal
        for voice in voices:
            for attempt in range(1, SERIES_LENGTH + 1):
                assert (FOLDER / goal / f"{voice}-{attempt}.txt").is_file()
                assert f"{goal}-{voice}-{attempt}" in keys


def test_every_file_in_the_folder_is_read():
    # A template file nobody reads, or a shared piece nobody includes, is a mistake.
    assert files_in_folder() == set(library.FILES)
    pieces = {path for path in library.FILES if Path(path).name.startswith("_")}
    assert pieces == {
        f"{folder}{piece}"
        for folder in library.FOLDERS.values()
        for piece in ("_page.txt", "_signature.txt", *(f"{g}/_next_step.txt" for g in GOALS))
    }


def test_the_files_ship_with_the_package():
    with (PACKAGE.parents[1] / "pyproject.toml").open("rb") as f:
        patterns = tomllib.load(f)["tool"]["setuptools"]["package-data"]["landing.scripts"]
    shipped = {p.relative_to(FOLDER).as_posix() for pt in patterns for p in PACKAGE.glob(pt)}
    assert set(library.FILES) <= shipped


@pytest.mark.parametrize("path", sorted(files_in_folder()))
def test_files_speak_only_jinja(path):
    # No second placeholder language (the old `<page>` markers): Jinja parses every file,
    # and no angle brackets are left that could be a marker.
    text = (FOLDER / path).read_text(encoding="utf-8")
    Environment().parse(text)
    assert not re.search(r"<[a-z_]+>", text), path
    assert text.endswith("\n") and not text.endswith("\n\n"), path


@pytest.mark.parametrize("template", library.BUILTINS, ids=lambda t: t.key)
def test_pasting_the_pieces_in_is_what_jinjas_include_does(template, snapshot):
    # The file rendered by Jinja itself, which includes the pieces as it renders and (by
    # default) drops a file's final newline; the loader then ends the email with one.
    goal, voice, attempt = template.key.split("-")
    text = (FOLDER / goal / f"{voice}-{attempt}.txt").read_text(encoding="utf-8")
    jinja = Environment(loader=FileSystemLoader(FOLDER))
    voicemail, subject, email = (
        jinja.from_string(section)
        for section in re.split(r"^\{# [a-z]+ #\}\n", text, flags=re.M)[1:]
    )
    built = Environment(keep_trailing_newline=True)
    for context in snapshot["contexts"].values():
        assert built.from_string(template.voicemail).render(context) == voicemail.render(context)
        assert built.from_string(template.email_subject).render(context) == subject.render(context)
        assert built.from_string(template.email_body).render(context) == (
            email.render(context) + "\n"
        )


def test_a_file_must_have_its_three_sections_in_order(tmp_path, monkeypatch):
    (tmp_path / "visit").mkdir()
    (tmp_path / "visit" / "x-1.txt").write_text("{# subject #}\nHi\n{# voicemail #}\nHi\n")
    monkeypatch.setattr(library, "_FOLDER", tmp_path)
    with pytest.raises(ValueError, match="sections must be"):
        library._sections("visit/x-1.txt")


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(record(), indent=1, ensure_ascii=False) + "\n", "utf-8")

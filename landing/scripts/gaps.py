"""The gaps a missing field leaves: a template rendered for three sample prospects (every
field, no outcome, no company) and checked for an empty placeholder, doubled spaces and
punctuation left hanging, such as "a short page for you on : acme dot com".

A template is checked before it goes into rotation, so the rep sees the gap, not a prospect.
Empty values are rendered as a marker that is still empty to `{% if %}`, so a placeholder
that printed nothing is named exactly, whatever the words around it. Doubled spaces count in
the email, where they show; the voicemail and subject are shown on one line with single
spaces (render_text), so they are checked as shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from landing.scripts.library import Template
from landing.scripts.lint import Finding
from landing.scripts.render import compiled


@dataclass(frozen=True)
class Sample:
    """A made-up prospect the editor previews a template for."""

    key: str
    label: str
    missing: tuple[str, ...]  # the placeholders this prospect has no value for


SAMPLES = (
    Sample("every", "Every field", ()),
    Sample("no_outcome", "No outcome", ("outcome",)),
    Sample("no_company", "No company", ("prospect_company",)),
)
FIELDS = (("voicemail", "the voicemail"), ("email_subject", "the subject"),
          ("email_body", "the email"))  # fmt: skip

_MARK = "\x00"
_MARKED = re.compile(f"{_MARK}([a-z_]+){_MARK}")


class _Blank(str):
    """An empty value: false to {% if %}, but printed as a marker naming its placeholder."""

    placeholder = ""

    def __str__(self) -> str:
        return f"{_MARK}{self.placeholder}{_MARK}"


def _blank(name: str) -> _Blank:
    value = _Blank("")
    value.placeholder = name
    return value


def sample_context(base: dict, sample: Sample) -> dict:
    """base (a full set of values) as this sample prospect would have them."""
    return {**base, **dict.fromkeys(sample.missing, "")}


def find_gaps(template: Template, context: dict) -> tuple[Finding, ...]:
    """Every gap in the template's three texts rendered with context, at most one of each
    kind a text, each naming the text and what to change."""
    marked = {k: _blank(k) if v == "" else v for k, v in context.items()}
    found: list[Finding] = []
    for field, where in FIELDS:
        raw = compiled(getattr(template, field)).render(marked)
        if field == "email_body":
            lines = [line.rstrip() for line in raw.strip().splitlines()]
        else:  # said or shown on one line with single spaces (render_text): as the rep sees it
            lines = [" ".join(raw.split())]
        found += check_lines(
            lines, where, one_line=field != "email_body", language=template.language
        )
    return tuple(found)


# A space before a mark that closes a phrase: "on : acme", "Hi Rob ,".
_SPACE_BEFORE = re.compile(r"\S[ \t]+[,;:.!?](?=\s|$)")
_FRENCH_SPACE_BEFORE = re.compile(r"\S[ \t]+[,.](?=\s|$)")  # French spaces before ; : ! ?
# Two marks where one was meant: ", ,", ",.", ": .", ". ,".
_TWO_MARKS = re.compile(r"[,;:][ \t]*[,;:.!?]|[.!?][ \t]+[,;:]")
_STARTS_WITH_MARK = re.compile(r"^[ \t]*[,;:.]")
_DOUBLE_SPACE = re.compile(r"\S {2,}\S")
# A word that cannot end a phrase, left before its full stop or comma: "about the.", "and,".
# Prepositions may end an English sentence ("work with", "care about"), German ones are
# often a verb's ("bringen Sie ... mit"): neither is on these lists.
_HANGING_WORD = {
    "en": re.compile(r"\b(?:the|an?|and|or|your|my|our)[ \t]*[,;:.](?=\s|$)"),
    "de": re.compile(r"\b(?:und|oder|ein|eine|einen|Ihre?|Ihren)[ \t]*[,;:.](?=\s|$)"),
}
# A one-line text that stops on a comma, colon or a word that leads somewhere.
_OPEN_END = re.compile(r"(?:[,;:]|\b(?:the|an?|and|or|your|my|our|und|oder))$")


def check_lines(lines: list[str], where: str, *, one_line: bool, language: str) -> list[Finding]:
    """The gaps in one rendered text, given as its lines with empty values still marked."""
    found: list[Finding] = []
    empties = list(dict.fromkeys(m[1] for line in lines for m in _MARKED.finditer(line)))
    for name in empties:
        found.append(Finding(
            "empty_placeholder",
            f"In {where}, {{{{ {name} }}}} is empty for this prospect and leaves a gap: put "
            f"the words that need it inside {{% if {name} %}}…{{% endif %}}.",
        ))  # fmt: skip
    lines = [_MARKED.sub("", line) for line in lines]
    space_before = _FRENCH_SPACE_BEFORE if language == "fr" else _SPACE_BEFORE
    hanging = _HANGING_WORD.get(language)
    rules = (
        ("doubled_space", _DOUBLE_SPACE, "two spaces in a row"),
        ("dangling_punctuation", space_before, "punctuation left hanging"),
        ("dangling_punctuation", _TWO_MARKS, "punctuation left hanging"),
        ("dangling_punctuation", _STARTS_WITH_MARK, "a line that starts with punctuation"),
    ) + (
        (("dangling_punctuation", hanging, "a sentence that stops mid-phrase"),) if hanging else ()
    )
    codes = set()
    for code, pattern, what in rules:
        hit = next(((line, m) for line in lines if (m := pattern.search(line))), None)
        if hit and code not in codes:
            codes.add(code)
            found.append(_at(code, where, what, *hit))
    last = next((line for line in reversed(lines) if line.strip()), "")
    if "dangling_punctuation" not in codes and _ends_open(last, one_line):
        found.append(Finding(
            "dangling_punctuation",
            f"In {where}, “{_excerpt(last, len(last), len(last))}” stops in mid-sentence: a "
            "value is missing at the end, or the sentence needs its last words.",
        ))  # fmt: skip
    return found


def _ends_open(last: str, one_line: bool) -> bool:
    if one_line:
        return bool(_OPEN_END.search(last.rstrip()))
    return last.rstrip().endswith((":", ";"))


def _at(code: str, where: str, what: str, line: str, match: re.Match) -> Finding:
    excerpt = _excerpt(line, match.start(), match.end())
    return Finding(
        code,
        f"In {where}, {what}: “{excerpt}”. A value is missing there; reword the sentence "
        "or put it inside {% if … %}.",
    )


def _excerpt(line: str, start: int, end: int, around: int = 24) -> str:
    """The words around line[start:end], cut at spaces so no word is halved."""
    left, right = max(0, start - around), min(len(line), end + around)
    if left:
        left = line.find(" ", left, start) + 1 or left
    if right < len(line):
        cut = line.rfind(" ", end, right)
        right = cut if cut > end else right
    return ("…" if left else "") + line[left:right].strip() + ("…" if right < len(line) else "")

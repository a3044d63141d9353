"""The "would you call you back?" linter for a rendered voicemail script.

Each rule is one of the playbook's: brief, no fillers, keep the next step, start with the
prospect's name, say their URL (twice), talk about them and the outcome, not the product.
And one of our own: speak the prospect's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from landing.core.languages import LANGUAGES
from landing.scripts.goals import CALLBACK, check_goal
from landing.scripts.render import WORD, estimate_seconds

MAX_SECONDS = 30
# Past this a listener reaching for a pen needs the URL a second time.
URL_TWICE_SECONDS = 20

_SIMPLE_FILLER = re.compile(r"(?<![\w'’])(um|uh|erm|er)(?![\w'’])", re.IGNORECASE)
# "you know" is a filler only when set off on both sides; "did you know", "let you know"
# and "anyone you know" are words doing a job.
_YOU_KNOW = re.compile(
    r"(?:^|[,;:.!?\u2013\u2014]|\b(?:um|uh|erm|er)\b)\s*you\s+know\s*(?=[,;:.!?\u2013\u2014]|$)",
    re.IGNORECASE,
)
# "companies like Globex" and "would you like" are words doing a job; only a "like"
# set off by commas, opening a sentence, or trailing an um is a filler.
_LIKE = re.compile(
    r",\s*like\s*,|(?:^|[.!?]\s+)like\s*,|\b(?:um|uh|erm|er)\s*,?\s+like\b", re.IGNORECASE
)
_CALLBACK_REQUEST = re.compile(
    r"\b(?:call|phone|ring|text)\s+(?:me|us)\b"
    r"|\bgive\s+(?:me|us)\s+a\s+(?:call|ring|shout)\b"
    r"|\breturn\s+(?:my|our|this)\s+call\b"
    r"|\breach\s+(?:me|us)\b"
    r"|\bget\s+back\s+to\s+(?:me|us)\b",
    re.IGNORECASE,
)
# A dot inside "2.5" or a written "acme.com" does not end a sentence.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_PRONOUN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_SELF_WORDS = frozenset("i i'm i'll i've i'd me my we we're we'll we've our us".split())
_THEM_WORDS = frozenset("you your you're you'll yours you've".split())
# German's own: "um" and "er" are words there ("wenn es um ... geht"), "äh" is the filler;
# "Sie" is "you" in a voicemail to a prospect.
_GERMAN_FILLER = re.compile(r"(?<![\w'’])(äh|ähm|öh|öhm)(?![\w'’])", re.IGNORECASE)
_GERMAN_CALLBACK_REQUEST = re.compile(
    r"\b(?:rufen|melden)\s+Sie\s+(?:mich|uns|sich)\b|\bRückruf\b", re.IGNORECASE
)
_GERMAN_SELF = frozenset("ich mich mir mein meine meinen meiner wir uns unser unsere".split())
_GERMAN_THEM = frozenset("sie ihnen ihr ihre ihren ihrer ihrem".split())


@dataclass(frozen=True)
class Finding:
    """One problem with the script and what the rep should change."""

    code: str
    message: str

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Lint:
    """The script's spoken length, word count and findings, in the rules' order."""

    seconds: int
    words: int
    findings: tuple[Finding, ...]

    def as_dict(self) -> dict:
        return {
            "seconds": self.seconds,
            "words": self.words,
            "warnings": [f.as_dict() for f in self.findings],
        }


def lint_script(
    text: str,
    *,
    goal: str,
    first_name: str,
    spoken_url: str,
    callback_day: str = "",
    words_per_minute: int = 150,
    how_words: Sequence[str] = (),
    name_spelling: str = "",
    script_language: str = "",
    prospect_language: str = "",
) -> Lint:
    """Lint a rendered one-line script for its goal; an unknown goal raises ValueError.
    The languages, when both are given, are the template's and the prospect's."""
    check_goal(goal)
    seconds = estimate_seconds(text, words_per_minute)
    url = _phrase(spoken_url) if spoken_url.strip() else None
    url_count = len(url.findall(text)) if url else 0
    # The URL is the prospect's name and the company's domain: its words are not the
    # rep talking about themselves, a greeting, or a product word.
    body = url.sub(" ", text) if url else text
    # Nor are the letters of a spelled-out name: the "I" in "S I O B H A N" is not "I".
    if name_spelling.strip():
        body = _phrase(name_spelling).sub(" ", body)
    found: list[Finding] = []

    def add(code: str, message: str) -> None:
        found.append(Finding(code, message))

    if script_language and prospect_language and script_language != prospect_language:
        said, wanted = (LANGUAGES.get(c, (c,))[0] for c in (script_language, prospect_language))
        add(
            "language",
            f"This script is in {said}, and {first_name.strip() or 'the prospect'} reads "
            f"{wanted}: pick a template in {wanted}, or change their language.",
        )

    if seconds > MAX_SECONDS:
        budget = MAX_SECONDS * words_per_minute // 60
        add(
            "too_long",
            f"About {seconds} seconds: cut it to {MAX_SECONDS} or less "
            f"(about {budget} words at your pace).",
        )
    # The script's words are read as its language's (an English template when unknown).
    german = (script_language or prospect_language) == "de"
    fillers = _german_fillers(body) if german else _fillers(body)
    if fillers:
        names = ", ".join(f'"{f}"' for f in fillers)
        add("filler", f"Cut the filler words {names}: a short pause sounds better.")
    asked = (_GERMAN_CALLBACK_REQUEST if german else _CALLBACK_REQUEST).search(body)
    if goal != CALLBACK and asked:
        add(
            "callback_request",
            f'Replace "{asked.group(0)}" with when you will call again '
            f'("{_next_call(callback_day, german)}"): the next step stays yours.',
        )
    if first_name.strip() and not _phrase(first_name).search(_first_sentence(body)):
        add(
            "name_not_first",
            f'Say "{first_name.strip()}" in your first sentence, '
            f'e.g. "{"Hallo" if german else "Hi"} {first_name.strip()}, '
            f'{"hier ist" if german else "this is"} ...".',
        )
    if url and url_count == 0:
        add("url_missing", f'Say their page address aloud: "{" ".join(spoken_url.split())}".')
    elif url and url_count == 1 and seconds > URL_TWICE_SECONDS:
        add(
            "url_once",
            "Say the page address twice so they can write it down "
            '("Again, that\'s ..." before you sign off).',
        )
    mine, theirs = _pronouns(body, german)
    if mine > theirs:
        add(
            "self_focused",
            f"Words about you (I, me, we, our): {mine}, about them (you, your): {theirs}. "
            'Turn a sentence around to be about them, e.g. "you get" instead of "we offer".',
        )
    product = dict.fromkeys(w.strip() for w in how_words if w.strip() and _phrase(w).search(body))
    if product:
        names = ", ".join(f'"{w}"' for w in product)
        add(
            "how_word",
            f"Drop the product words {names}: say the outcome they get instead.",
        )
    day = callback_day.strip()
    if goal != CALLBACK and day and not _phrase(day).search(text):
        add("no_next_step", f'Say when you will call again: "{_next_call(day, german)}".')
    return Lint(seconds=seconds, words=len(WORD.findall(text)), findings=tuple(found))


def _phrase(words: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive pattern for words, any run of spaces between them."""
    inner = r"\s+".join(re.escape(w) for w in words.split())
    return re.compile(rf"(?<!\w){inner}(?!\w)", re.IGNORECASE)


def _fillers(body: str) -> list[str]:
    """The filler words in body, each once, in the order they are first said."""
    hits = [(m.start(), m.group(1).lower()) for m in _SIMPLE_FILLER.finditer(body)]
    hits += [(m.start(), "you know") for m in _YOU_KNOW.finditer(body)]
    hits += [(m.start(), "like") for m in _LIKE.finditer(body)]
    return list(dict.fromkeys(word for _, word in sorted(hits)))


def _first_sentence(body: str) -> str:
    return next((s for s in _SENTENCE_END.split(body) if s.strip()), "")


def _german_fillers(body: str) -> list[str]:
    return list(dict.fromkeys(m.group(1).lower() for m in _GERMAN_FILLER.finditer(body)))


def _pronouns(body: str, german: bool = False) -> tuple[int, int]:
    """How many words are about the rep and how many about the prospect."""
    if german:
        words = [w.lower() for w in re.findall(r"\w+", body)]
        return sum(w in _GERMAN_SELF for w in words), sum(w in _GERMAN_THEM for w in words)
    words = [w.lower().replace("’", "'") for w in _PRONOUN.findall(body)]
    return sum(w in _SELF_WORDS for w in words), sum(w in _THEM_WORDS for w in words)


def _next_call(callback_day: str, german: bool = False) -> str:
    if german:
        return f"Ich rufe Sie am {callback_day.strip() or 'Donnerstag'} wieder an."
    return f"I'll call you again on {callback_day.strip() or 'Thursday'}."

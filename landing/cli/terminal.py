"""Text for terminals: what reps, prospects and visitors typed is shown, never obeyed.

A typed URL like `/Rob%1B[2J%07` reaches `landing misses` as ESC [2J and BEL: printed raw, the
operator's terminal clears its screen and beeps, and other sequences retitle the window or
rewrite what is shown. Every character that is not plain text is printed as an escape
(`\\x1b`, `\\u202e`) instead; the CLI prints through echo() below, and its JSON escapes them
too (json.dumps alone leaves DEL, C1 controls and bidi controls raw)."""

from __future__ import annotations

import json
import re
import sys

import click

from landing.core.validate import BIDI_CONTROLS, InputError
from landing.pages import images

# C0 and C1 controls, DEL, bidi controls and lone surrogates (undecodable bytes of a path).
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")  # json.dumps does C0


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str, keep: str = "\n\t") -> str:
    """text with each unsafe character but those in keep written as an escape: the line
    ends and tabs of the output itself are kept."""
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def one_line(text: str) -> str:
    """A value inside a line of output: its own line ends escaped too, so a typed URL with
    %0A cannot print a line that looks like another record."""
    return shown(text, keep="")


def echo(message: object = "", **kwargs) -> None:
    """click.echo for text that may hold anything a user typed."""
    click.echo(shown(str(message)), **kwargs)


def progress(message: str) -> None:
    """message over the last one on a terminal's standard error (nothing when it is a file
    or a pipe): a long job's count as it grows, then "" to clear it."""
    if sys.stderr.isatty():
        click.echo(f"\r\x1b[K{one_line(message)}", err=True, nl=False)


def json_text(data: object) -> str:
    """data as indented JSON with non-ASCII text readable and every control escaped."""
    dumped = json.dumps(data, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def fail(message: str) -> None:
    echo(f"Error: {message}", err=True)
    sys.exit(1)


def fail_input(exc: InputError) -> None:
    fail("; ".join(f"{field.replace('_', ' ')}: {msg}" for field, msg in exc.errors.items()))


def emit(data, as_json: bool, text: str) -> None:
    echo(json_text(data) if as_json else text)


def counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())


def read_upload(path: str) -> bytes:
    """An image file's bytes for landing.pages.images, read only as far as it may be (one
    byte more tells it "too large"), so a wrong 4 GB path is refused, not read."""
    try:
        with open(path, "rb") as file:
            return file.read(images.MAX_BYTES + 1)
    except OSError as exc:
        fail(f"Cannot read {one_line(path)}: {exc.strerror}.")
        raise  # fail() exits; this line only tells type checkers so

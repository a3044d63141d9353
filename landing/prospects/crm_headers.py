"""Which CSV column fills which field, as CRMs and spreadsheets name them: the one table of
header spellings, in the order columns are preferred when several fill one field.

Headers are compared without case, spaces or punctuation (`E-mail 1 - Value`, `email1value`
and `EMAIL_1_VALUE` are one), so each CRM's spelling is listed once. When a file has several
columns for a field, each row takes the first non-empty one in this table's order: a work
email before a personal one; for phones, the kinds in the order the company chose (mobile,
or work, or the main number first; a home number always last: a rep calls to reach the
person at their desk or on their phone).

Written from the tools' documented exports: HubSpot (default and custom views), Salesforce
Data Loader, Apollo, LinkedIn Connections.csv, Pipedrive people, Outlook contacts, Google
Contacts, Zoho leads. tests/prospects/crm_files/ holds one file of each."""

from __future__ import annotations

import re

from landing.core import csv_safety

# Phone columns by kind. Which kind a row's number comes from first is the company's
# setting (PHONE_ORDERS); within a kind, the order here.
PHONES: dict[str, tuple[str, ...]] = {
    # The person themselves.
    "mobile": (
        "mobile", "mobile phone", "mobile phone number", "mobile number", "mobilephone",
        "cell", "cell phone", "person - phone - mobile",
    ),
    # Main or unlabelled: Salesforce's Phone, HubSpot's Phone Number, Apollo's First Phone
    # (its best guess), Google's first number.
    "main": (
        "phone", "phone number", "first phone", "primary phone", "direct dial", "telephone",
        "telefon", "phone 1 - value", "person - phone",
    ),
    "work": (
        "work phone", "work direct phone", "business phone", "corporate phone",
        "person - phone - work", "business phone 2",
    ),
    # Home, then anything else: always last.
    "home": (
        "home phone", "home phone 2", "person - phone - home", "other phone",
        "phone 2 - value", "phone 3 - value", "person - phone - other",
    ),
}  # fmt: skip
# The company's choice (its phone_order setting, team/company.py) → the kinds in the order
# a row's number is taken from them.
PHONE_ORDERS: dict[str, tuple[str, ...]] = {
    "mobile": ("mobile", "main", "work", "home"),
    "work": ("work", "main", "mobile", "home"),
    "main": ("main", "mobile", "work", "home"),
}
DEFAULT_PHONE_ORDER = "mobile"

# Field → spellings, most preferred first. "name" is a full name, split in two, and read
# only when no column holds first or last names.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "first_name": (
        "first name", "given name", "forename", "vorname", "prénom",
        "person - first name",  # Pipedrive
    ),
    "last_name": (
        "last name", "surname", "family name", "nachname", "nom",
        "person - last name",  # Pipedrive
    ),
    "name": (
        "name", "full name", "contact", "contact name",
        "person - name",  # Pipedrive
    ),
    "company": (
        "company", "company name", "account", "account name", "account.name", "organization",
        "organisation", "organization name", "firma", "unternehmen", "société",
        "associated company",  # HubSpot's default export
        "organization - name", "person - organization",  # Pipedrive
    ),
    "title": (
        # Job titles first: Outlook's "Title" is an honorific (Dr., Mr.), Salesforce's and
        # Apollo's a job title; honorific-only values are never taken (see HONORIFICS).
        "job title", "position", "role", "designation", "organization title",
        "person - job title", "title",
    ),
    "email": (
        "email", "e-mail", "email address", "e-mail address", "mail", "work email",
        "email 1 - value", "person - email - work", "person - email",
        "e-mail 2 address", "email 2 - value", "person - email - other",
        "e-mail 3 address", "email 3 - value", "home email", "personal email",
        "person - email - home",
    ),
    "phone": tuple(s for group in PHONES.values() for s in group),
    "outcome": ("outcome", "pain", "pain point", "desired outcome"),
    "language": ("language", "lang", "preferred language", "sprache", "langue", "idioma"),
}  # fmt: skip

# Title cells that are a form of address, not a job: Outlook's and Zoho's salutations.
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir dame rev herr frau mme mlle m sr sra srta dott hr".split()
)
# Google Contacts joins several values in one cell with this.
MULTI_VALUE = " ::: "
# A preamble (LinkedIn's "Notes:" and a blank line) is at most this many records long.
MAX_PREAMBLE = 10


def key(header: str) -> str:
    """A header as compared: no case, spaces or punctuation."""
    return re.sub(r"[\W_]+", "", header.casefold())


# Header key → (field, rank): the lower rank is preferred.
BY_KEY = {
    key(s): (f, rank) for f, spellings in SPELLINGS.items() for rank, s in enumerate(spellings)
}
NAME_FIELDS = ("first_name", "last_name", "name")


# Phone header key → its kind's place in each order, then its place within the kind.
PHONE_RANKS = {
    name: {
        key(s): (kinds.index(kind), rank)
        for kind, spellings in PHONES.items()
        for rank, s in enumerate(spellings)
    }
    for name, kinds in PHONE_ORDERS.items()
}


def match(
    headers: list[str], phone_order: str = DEFAULT_PHONE_ORDER
) -> tuple[dict[str, list[int]], list[str]]:
    """Each field's columns (positions, most preferred first; phones in phone_order), and
    the headers that fill none. A full-name column is used only without first or last names."""
    phone_ranks = PHONE_RANKS.get(phone_order, PHONE_RANKS[DEFAULT_PHONE_ORDER])
    found: dict[str, list[tuple]] = {}
    ignored = []
    for position, header in enumerate(headers):
        hit = BY_KEY.get(key(header))
        if hit:
            rank = phone_ranks[key(header)] if hit[0] == "phone" else hit[1]
            found.setdefault(hit[0], []).append((rank, position))
        elif header.strip():
            ignored.append(header.strip())
    if {"first_name", "last_name"} & set(found) and "name" in found:
        ignored += [headers[p].strip() for _rank, p in found.pop("name")]
    return {f: [p for _rank, p in sorted(ranked)] for f, ranked in found.items()}, ignored


# Chosen for a field instead of a header: the field is left empty, whatever was guessed.
NOT_IMPORTED = "-"


def remap(
    headers: list[str], columns: dict[str, list[int]], chosen: dict[str, str]
) -> tuple[dict[str, list[int]], list[str]]:
    """columns with the rep's choices (field → header) taking precedence: the chosen column
    alone fills its field, and no other; NOT_IMPORTED leaves the field empty. ValueError
    naming an unknown field or header."""
    fields = {key(f): f for f in SPELLINGS}
    positions = {key(h): p for p, h in reversed(list(enumerate(headers))) if h.strip()}
    columns = {f: list(ps) for f, ps in columns.items()}
    for given_field, header in chosen.items():
        field = fields.get(key(given_field))
        if field is None:
            raise ValueError(f"No field {given_field!r}; one of: {', '.join(SPELLINGS)}.")
        if header == NOT_IMPORTED:
            columns.pop(field, None)
            continue
        position = positions.get(key(header))
        if position is None:
            named = ", ".join(h.strip() for h in headers if h.strip())
            raise ValueError(f"No column {header!r} in the file; its columns: {named}.")
        for others in columns.values():
            if position in others:
                others.remove(position)
        columns[field] = [position]
    columns = {f: ps for f, ps in columns.items() if ps}
    if {"first_name", "last_name"} & set(columns) and "name" not in chosen:
        columns.pop("name", None)
    used = {p for ps in columns.values() for p in ps}
    return columns, [h.strip() for p, h in enumerate(headers) if h.strip() and p not in used]


def is_header(record: list[str]) -> bool:
    """Whether a record names a person's columns: the header row, not a preamble."""
    return any(BY_KEY.get(key(cell), ("",))[0] in NAME_FIELDS for cell in record)


def cell_value(field: str, cell: str) -> str:
    """The value a cell gives its field: the first of several (Google's ` ::: `), and
    nothing for a title that is only an honorific."""
    value = cell.split(MULTI_VALUE, 1)[0].strip()
    if field == "title" and key(value) in HONORIFICS:
        return ""
    return value


def row_values(record: list[str], columns: dict[str, list[int]]) -> dict[str, str]:
    """Each field's value in a record: the first non-empty of its columns, without a
    spreadsheet's text marker or our export's formula guard."""
    return {name: _first_filled(name, record, positions) for name, positions in columns.items()}


def _first_filled(name: str, record: list[str], positions: list[int]) -> str:
    for position in positions:
        if position < len(record):
            cell = csv_safety.read_cell(record[position].strip())
            value = cell_value(name, cell)
            if value:
                return value
    return ""


def split_name(full: str) -> tuple[str, str]:
    """`Rob Mason` → (Rob, Mason); `Mason, Rob` → (Rob, Mason)."""
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    first, _, last = full.strip().partition(" ")
    return first, last.strip()

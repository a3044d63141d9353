"""Call lists from a CRM or a spreadsheet: a CSV read, checked row by row, then imported whole.

plan() says what each row would become (its slug, or why it is skipped, by line number)
without writing anything; apply() inserts every good row in one transaction, in bulk, so
10,000 rows take seconds, and a failure leaves the database as it was."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from landing.core import clock, validate
from landing.core.clock import next_business_day, utcnow
from landing.data.models import HeardKey, Prospect, Rep, RetiredSlug
from landing.pages import misses
from landing.prospects import crm_headers, csv_reading, email_names, fields
from landing.prospects.csv_reading import file_error
from landing.prospects.service import CALL_AGAIN_AFTER_VOICEMAIL
from landing.team import reps
from landing.team.company import get_row as company_row
from landing.urls import distinct, heard_index
from landing.urls.latin import HAN, UNREADABLE
from landing.urls.slugs import SlugError, base_slug, candidates, slug_key

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
CHUNK = 500  # keys per IN query, rows per insert batch
INSERT_HEARD = "INSERT INTO heardkey (probe, prospect_id) VALUES (?, ?)"

FIELDS = fields.PERSON
# CRMs require only one of the names (Salesforce and Zoho: the last), so the import does too.
_ANY_FIRST = replace(fields.FIELDS["first_name"], required=False)


@dataclass
class PlannedRow:
    """One CSV record: the prospect it becomes (with its slug), or why it is skipped."""

    line: int  # the physical line the record starts on; the header is line 1
    values: dict[str, str]
    slug: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    # What was left out of an imported row, and why: a phone number that is not one.
    warnings: dict[str, str] = field(default_factory=dict)
    # Set when First-Last sounded like another URL and slug is another speakable one.
    slug_notice: str = ""
    # "Rob Mason" when the row had no name and this was read from its email (email_names):
    # imported only when the rep confirms it, else the row is skipped.
    email_name: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def name(self) -> str:
        return f"{self.values.get('first_name', '')} {self.values.get('last_name', '')}".strip()

    def as_json(self) -> dict:
        return asdict(self) | {"ok": self.ok}


@dataclass
class ImportPlan:
    encoding: str  # utf-8, utf-8-sig (with a BOM), utf-16 or cp1252
    delimiter: str
    columns: dict[str, str]  # header as written → the field it fills
    ignored: list[str]  # headers no field matched
    rows: list[PlannedRow]
    # Field → the headers that fed it, first choice first: "company ← Associated Company".
    mapping: dict[str, list[str]] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)  # the file's, in its order

    @property
    def good(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.ok]

    @property
    def moved(self) -> list[PlannedRow]:
        """Good rows whose First-Last URL sounded like another, so got another one."""
        return [row for row in self.good if row.slug_notice]

    @property
    def skipped(self) -> list[PlannedRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def email_named(self) -> list[PlannedRow]:
        """Rows whose name was read from their email: good only when the rep confirmed."""
        return [row for row in self.rows if row.email_name]

    def as_json(self) -> dict:
        return {
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "columns": self.columns,
            "mapping": self.mapping,
            "ignored": self.ignored,
            "counts": {
                "rows": len(self.rows),
                "ok": len(self.good),
                "skipped": len(self.skipped),
                "moved": len(self.moved),
                "names_from_email": len(self.email_named),
            },
            "rows": [row.as_json() for row in self.rows],
        }


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]], str, str]:
    """csv_reading.read_rows within the import's limits, after any preamble."""
    return csv_reading.read_rows(
        data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, is_header=crm_headers.is_header,
        max_preamble=crm_headers.MAX_PREAMBLE,
    )  # fmt: skip


def match_columns(
    headers: list[str], phone_order: str = crm_headers.DEFAULT_PHONE_ORDER
) -> tuple[dict[str, list[int]], list[str]]:
    """Each field's columns by position, most preferred first (crm_headers; phones in the
    company's phone_order), and the headers that fill none."""
    return crm_headers.match(headers, phone_order)


def check_row(
    raw: dict[str, str], region: str
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The row's values as the add-prospect form stores them, its errors by field, and its
    warnings: a first or a last name will do, and a phone number that is not valid for its
    country is left out (with a warning) rather than stored as some other number."""
    others = tuple(name for name in FIELDS if name not in ("first_name", "phone"))
    values, errors = fields.check(raw, region, names=others)
    checker, warnings = validate.Checker(), {}
    values["first_name"] = _ANY_FIRST.check(checker, raw.get("first_name"), region)
    errors.update(checker.errors)
    if not {"first_name", "last_name"} & set(errors):
        if not (values["first_name"] or values["last_name"]):
            errors["name"] = "A first or a last name is required."
        else:
            try:
                base_slug(values["first_name"], values["last_name"])
            except SlugError as exc:
                errors["first_name"] = str(exc)
            if HAN.search(values["first_name"] + values["last_name"]):
                warnings["name"] = UNREADABLE
    try:
        values["phone"] = validate.valid_phone(raw.get("phone"), region)
    except ValueError as exc:
        values["phone"] = ""
        warnings["phone"] = f"{raw['phone'].strip()}: {exc} Imported without it."
    return {name: values[name] for name in FIELDS}, errors, warnings


def _identity(values: dict[str, str]) -> str:
    """Who a row is, for duplicates: the name and company, in any case and spacing."""
    parts = (values["first_name"], values["last_name"], values["company"])
    return "|".join(" ".join(part.casefold().split()) for part in parts)


def plan(
    session: Session,
    rep: Rep,
    data: bytes,
    chosen: dict[str, str] | None = None,
    names_from_email: bool = False,
) -> ImportPlan:
    """What importing data would do, row by row; nothing is written. chosen: the rep's own
    mapping (field → header) over the one guessed from the headers. names_from_email: the
    rep confirmed the names read from emails of rows that have none (else they are skipped)."""
    headers, records, encoding, delimiter = read_rows(data)
    columns, ignored = match_columns(headers, company_row(session).phone_order)
    if chosen:
        try:
            columns, ignored = crm_headers.remap(headers, columns, chosen)
        except ValueError as exc:
            raise validate.InputError({"map": str(exc)}) from None
    if not set(crm_headers.NAME_FIELDS) & set(columns):
        raise file_error(
            "No name column: name one First Name, Last Name or Name, e.g. "
            "First Name, Last Name, Company, Email, Phone."
        )
    region = reps.phone_region(rep)
    seen_emails, seen_people = _existing(session, rep.id)
    rows = []
    for line, record in records:
        raw = crm_headers.row_values(record, columns)
        if "name" in raw:
            raw["first_name"], raw["last_name"] = crm_headers.split_name(raw.pop("name"))
        read = email_names.missing_name(raw)
        if read and names_from_email:
            raw["first_name"], raw["last_name"] = read
        values, errors, warnings = check_row(raw, region)
        row = PlannedRow(line=line, values=values, errors=errors, warnings=warnings)
        if read:
            row.email_name = " ".join(read)
            if not names_from_email:
                errors["name"] = email_names.unconfirmed(row.email_name)
        if not errors:
            email, person = values["email"].casefold(), _identity(values)
            earlier = seen_emails.get(email) if email else None
            earlier = earlier or seen_people.get(person)
            if earlier:
                row.errors["duplicate"] = f"Same person as {earlier}."
            else:
                where = f"line {line}"
                if email:
                    seen_emails[email] = where
                seen_people[person] = where
        rows.append(row)
    _choose_slugs(session, [row for row in rows if row.ok], rep.id)
    return ImportPlan(
        encoding=encoding,
        delimiter=delimiter,
        columns={headers[p].strip(): f for f, ps in columns.items() for p in ps},
        ignored=ignored,
        rows=rows,
        headers=[h.strip() for h in headers if h.strip()],
        mapping={
            f: [headers[p].strip() for p in columns[f]]
            for f in crm_headers.SPELLINGS
            if f in columns
        },
    )


def _existing(session: Session, rep_id: int) -> tuple[dict[str, str], dict[str, str]]:
    """The rep's prospects (archived too) by email and by name and company: what a row
    would duplicate."""
    by_email, by_person = {}, {}
    query = select(
        Prospect.slug, Prospect.email, Prospect.first_name, Prospect.last_name, Prospect.company
    ).where(Prospect.rep_id == rep_id)
    for slug, email, first, last, company in session.execute(query):
        where = f"your prospect /{slug}"
        if email:
            by_email[email.casefold()] = where
        by_person[_identity({"first_name": first, "last_name": last, "company": company})] = where
    return by_email, by_person


def _choose_slugs(session: Session, rows: list[PlannedRow], rep_id: int) -> None:
    """Each row's slug as add_prospect would choose it: free and sounding like no other
    slug, stored or chosen by an earlier row. Likely candidates are looked up in bulk
    first (taken keys and rivals); any other, one by one."""
    likely: list[str] = []
    for row in rows:
        first, last, company = (row.values[f] for f in ("first_name", "last_name", "company"))
        # Most rows get their plain slug, and most of the rest the one with the company's
        # first word; further candidates are checked when needed.
        found = candidates(first, last, company)
        likely.extend(next(found) for _ in range(2))
    taken = taken_keys(session, {slug_key(slug) for slug in likely})
    checked = {slug_key(slug) for slug in likely}
    checker = distinct.Checker(session.connection())

    def look_up(keys: list[str]) -> None:
        unchecked = {key for key in keys if key and key not in checked}
        if unchecked:
            checked.update(unchecked)
            taken.update(taken_keys(session, unchecked))

    def is_taken(key: str) -> bool:
        look_up([key])
        return key in taken

    people = [tuple(row.values[f] for f in ("first_name", "last_name", "company")) for row in rows]
    checker.prefetch_rows(people, is_taken, look_up)
    for row in rows:
        v = row.values
        choice = checker.choose(
            v["first_name"], v["last_name"], v["company"], is_taken, look_up_taken=look_up
        )
        row.slug = choice.slug
        row.slug_notice = choice.message(rep_id)
        taken.add(slug_key(row.slug))
        checker.add(row.slug, rep_id)


def taken_keys(session: Session, keys: set[str]) -> set[str]:
    """The keys among keys that a prospect has, or a forgotten prospect's slug still holds."""
    keys_list, taken, now = sorted(keys), set(), utcnow()
    for start in range(0, len(keys_list), CHUNK):
        chunk = keys_list[start : start + CHUNK]
        taken.update(session.scalars(select(Prospect.slug_key).where(Prospect.slug_key.in_(chunk))))
        retired = select(RetiredSlug.slug_key).where(
            RetiredSlug.slug_key.in_(chunk), RetiredSlug.until > now
        )
        taken.update(session.scalars(retired))
    return taken


def apply(session: Session, rep: Rep, planned: ImportPlan, today: date | None = None) -> int:
    """Insert every good row of the plan in one transaction; how many. On any failure the
    transaction is rolled back and the error raised: nothing is half imported."""
    good = planned.good
    if not good:
        return 0
    today = today or clock.today()
    next_call, now = next_business_day(today, CALL_AGAIN_AFTER_VOICEMAIL), utcnow()
    prospect_rows = []
    for row in good:
        keys = heard_index.keys_of(row.slug, row.values["first_name"], row.values["last_name"])
        prospect_rows.append({
            **row.values, "rep_id": rep.id, "slug": row.slug, "slug_key": keys.slug,
            "first_key": keys.first, "last_key": keys.last, "next_call_on": next_call,
            "created_at": now,
        })  # fmt: skip
    try:
        ids = insert_prospects(session, prospect_rows)
        heard = [
            probe
            for r in prospect_rows
            for probe in heard_index.rows_of(ids[r["slug_key"]], r["slug"], r["first_name"],
                                             r["last_name"])
        ]  # fmt: skip
        insert_heard(session, heard)
        misses.claim_for_imported(session, _as_candidates(prospect_rows, ids, heard), heard)
        session.commit()
    except IntegrityError:
        session.rollback()
        # Someone added a prospect with one of these URLs since the preview.
        raise file_error("A URL was taken meanwhile; preview the file again.") from None
    except BaseException:
        session.rollback()
        raise
    return len(good)


def _as_candidates(
    rows: list[dict], ids: dict[str, int], heard: list[dict]
) -> list[heard_index.Candidate]:
    """The new prospects as the near-match rules see them, from what apply already made."""
    sounds: dict[int, set[str]] = {}
    for row in heard:
        if row["probe"].startswith("s:"):
            sounds.setdefault(row["prospect_id"], set()).add(row["probe"][2:])
    return [
        heard_index.Candidate(
            id=ids[r["slug_key"]],
            rep_id=r["rep_id"],
            slug=r["slug"],
            keys=heard_index.NameKeys(r["slug_key"], r["first_key"], r["last_key"]),
            sounds=frozenset(sounds.get(ids[r["slug_key"]], ())),
            active=True,
            first_name=r["first_name"],
            last_name=r["last_name"],
        )  # fmt: skip
        for r in rows
    ]


def insert_prospects(session: Session, rows: list[dict]) -> dict[str, int]:
    """Insert the prospect rows in batches; their ids by slug key."""
    table = Prospect.__table__
    ids: dict[str, int] = {}
    for start in range(0, len(rows), CHUNK):
        batch = rows[start : start + CHUNK]
        session.execute(insert(table), batch)
        keys = [r["slug_key"] for r in batch]
        found = session.execute(
            select(table.c.id, table.c.slug_key).where(table.c.slug_key.in_(keys))
        )
        ids.update((key, id_) for id_, key in found)
    return ids


def insert_heard(session: Session, rows: list[dict]) -> None:
    """The heard-URL index rows of new prospects (dozens each): by COPY on PostgreSQL, where
    an executemany of 200,000 rows takes five seconds and COPY a fraction of one."""
    conn = session.connection()
    if conn.dialect.driver == "psycopg":
        table = HeardKey.__table__
        copy_sql = f"COPY {table.name} (probe, prospect_id) FROM STDIN"
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row((row["probe"], row["prospect_id"]))
        return
    # Elsewhere one executemany through the driver: SQLAlchemy's own would build a
    # parameter dict per row, which costs more than SQLite takes to insert it.
    if conn.dialect.paramstyle != "qmark":  # any other driver: SQLAlchemy's way
        conn.execute(insert(HeardKey.__table__), rows)
        return
    conn.exec_driver_sql(INSERT_HEARD, [(row["probe"], row["prospect_id"]) for row in rows])

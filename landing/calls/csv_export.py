"""The rep's call list as a CSV a dialer or a spreadsheet can use: each prospect with the URL,
how to say it, the next voicemail's script, the follow-up subject, the last visit and score.

Streamed: prospects are read through one query in batches and the CSV comes out in chunks,
so a list of 100,000 takes no more memory than one of 100, the first bytes leave at once
(no worker timeout however long the list), and the statements run do not grow with the
rows: scores, last visits and templates are each read once for the whole list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from landing.calls import pitches, ranking
from landing.core.clock import iso
from landing.core.csv_safety import safe_cell
from landing.data.db import read_connection
from landing.data.models import Prospect, Rep, Visit
from landing.pages.visits import ENGAGED
from landing.scripts import templates
from landing.team.company import CompanySettings

HEADER = (
    "First name", "Last name", "Company", "Title", "Phone", "Email", "URL", "Spoken URL",
    "Next voicemail script", "Follow-up email subject", "Last visit", "Score", "Hot",
    "Next call",
)  # fmt: skip


BATCH = 1000  # prospects fetched from the database at a time
CHUNK = 500  # rows per piece of CSV text handed to the response or the file


def stream(engine: Engine, rep: Rep, settings: CompanySettings, *, today: date) -> Iterator[str]:
    """The whole CSV in chunks, read through a session of its own (see reading)."""
    with reading(engine) as session:
        yield from chunks(rows(session, rep, settings, today=today))


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for the export's reads alone, on a read connection: on SQLite its long
    transaction takes no write lock, so visits are logged while a big list streams out."""
    connection = read_connection(engine)
    try:
        with Session(bind=connection) as session:
            yield session
    finally:
        connection.close()


def rows(
    session: Session,
    rep: Rep,
    settings: CompanySettings,
    *,
    today: date,
    ids: list[int] | None = None,
) -> Iterator[list]:
    """One row per current (not archived) prospect of rep's, newest first, as they are read;
    with ids, those of rep's prospects instead (a selection from the list, archived or not)."""
    weights = ranking.Weights.of(settings)
    ranked = {
        row.prospect.id: (row.score, row.hot)
        for row in ranking.call_next(session, rep.id, weights, limit=1_000_000)
    }
    last_visits = _last_visits(session, rep.id)
    read: dict[tuple[str, int, str], list] = {}

    def choices(goal: str, attempt: int, language: str) -> list:
        # Every prospect of a goal, attempt and language chooses among the same templates:
        # read once.
        if (goal, attempt, language) not in read:
            read[goal, attempt, language] = templates.candidates(
                session, rep, goal, attempt, language
            )
        return read[goal, attempt, language]

    for prospect in _current_prospects(session, rep.id, ids):
        pitch = _pitch(prospect, rep, settings, today, choices)
        found = ranked.get(prospect.id)
        last = last_visits.get(prospect.id)
        yield [
            prospect.first_name, prospect.last_name, prospect.company, prospect.title,
            prospect.phone, prospect.email, pitch.url, pitch.spoken_url, pitch.script,
            pitch.email_subject, iso(last) if last else "",
            round(found[0], 1) if found else 0, "yes" if found and found[1] else "",
            prospect.next_call_on.isoformat(),
        ]  # fmt: skip


def _current_prospects(
    session: Session, rep_id: int, ids: list[int] | None = None
) -> Iterator[Prospect]:
    """prospects.list_prospects, read BATCH at a time through one statement (a server-side
    cursor on PostgreSQL) instead of all at once."""
    chosen = Prospect.archived_at.is_(None) if ids is None else Prospect.id.in_(ids)
    query = (
        select(Prospect)
        .where(Prospect.rep_id == rep_id, chosen)
        .order_by(Prospect.id.desc())
        .execution_options(yield_per=BATCH)
    )
    yield from session.execute(query).scalars()


def _pitch(prospect: Prospect, rep: Rep, settings: CompanySettings, today: date, choices):
    """pitches.pitch_for's default choice (goal, attempt, rotation), with templates read once."""
    goal = pitches.goal_for(prospect, rep, settings)
    attempt = prospect.next_attempt
    language = pitches.prospect_language(prospect, settings)
    template = templates.rotate(choices(goal, attempt, language), prospect.id, attempt)
    return pitches.build_pitch(
        template,
        pitches.context(prospect, rep, settings, today=today),
        goal=goal,
        attempt=attempt,
        words_per_minute=rep.words_per_minute,
        how_words=settings.how_words,
        to=prospect.email,
        language=language,
    )


def _last_visits(session: Session, rep_id: int) -> dict:
    """When a person (not a bot, a preview or the rep) last opened each prospect's page."""
    query = (
        select(Visit.prospect_id, func.max(Visit.at))
        .join(Prospect, Prospect.id == Visit.prospect_id)
        .where(Prospect.rep_id == rep_id, Visit.classification == ENGAGED)
        .group_by(Visit.prospect_id)
    )
    return dict(session.execute(query).all())


def chunks(table: Iterable[list]) -> Iterator[str]:
    """The header and rows as CSV text, in pieces of CHUNK rows, every cell safe from
    formula injection, with a BOM so Excel reads it as UTF-8. The header leaves first,
    before any row is read."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    yield "\ufeff" + _take(out)
    pending = 0
    for row in table:
        writer.writerow([safe_cell(cell) for cell in row])
        pending += 1
        if pending == CHUNK:
            yield _take(out)
            pending = 0
    if pending:
        yield _take(out)


def _take(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def to_csv(table: Iterable[list]) -> str:
    """The whole CSV as one text (chunks, joined)."""
    return "".join(chunks(table))

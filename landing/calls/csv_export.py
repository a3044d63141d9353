"""The rep's call list as a CSV a dialer or a spreadsheet can use: each prospect with the URL,
how to say it, the next voicemail's script, the follow-up subject, the last visit and score."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from landing.calls import pitches, ranking
from landing.core.clock import iso
from landing.core.csv_safety import safe_cell
from landing.data.models import Prospect, Rep, Visit
from landing.pages.visits import ENGAGED
from landing.prospects import service as prospects
from landing.scripts import templates
from landing.team.company import CompanySettings

HEADER = (
    "First name", "Last name", "Company", "Title", "Phone", "Email", "URL", "Spoken URL",
    "Next voicemail script", "Follow-up email subject", "Last visit", "Score", "Hot",
    "Next call",
)  # fmt: skip


def rows(session: Session, rep: Rep, settings: CompanySettings, *, today: date) -> list[list]:
    """One row per current (not archived) prospect of rep's, newest first."""
    ranked = {
        row.prospect.id: row
        for row in ranking.call_next(session, rep.id, ranking.Weights.of(settings), limit=1_000_000)
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

    out = []
    for prospect in prospects.list_prospects(session, rep.id):
        pitch = _pitch(prospect, rep, settings, today, choices)
        found = ranked.get(prospect.id)
        last = last_visits.get(prospect.id)
        out.append([
            prospect.first_name, prospect.last_name, prospect.company, prospect.title,
            prospect.phone, prospect.email, pitch.url, pitch.spoken_url, pitch.script,
            pitch.email_subject, iso(last) if last else "",
            round(found.score, 1) if found else 0, "yes" if found and found.hot else "",
            prospect.next_call_on.isoformat(),
        ])  # fmt: skip
    return out


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


def to_csv(table: list[list]) -> str:
    """The header and rows as CSV text, every cell safe from formula injection, with a BOM
    so Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows([safe_cell(cell) for cell in row] for row in table)
    return "\ufeff" + out.getvalue()

"""`landing prospects`: a rep's list from a terminal, searched, filtered and sorted as in the
web list and the API (landing.calls.prospect_list)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from landing.calls import prospect_list, ranking
from landing.cli.lookups import rep_or_first_admin
from landing.cli.terminal import emit, fail_input, one_line
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.notify import notices
from landing.scripts import goals
from landing.team import company


@click.command("prospects")
@click.option("--search", "-q", default="", help="Name, company, email or URL; typos forgiven.")
@click.option(
    "--filter", "filters", multiple=True, metavar="NAME",
    help=f"Repeatable; all must hold: {', '.join(prospect_list.FILTERS)}.",
)  # fmt: skip
@click.option("--attempt", default=None, help="Whose next voicemail is this number.")
@click.option("--goal", default="", help=f"Voicemail goal: {', '.join(goals.GOALS)}.")
@click.option("--sort", default="created", help=f"One of: {', '.join(prospect_list.SORTS)}.")
@click.option("--page", default="1", help="Which page of --limit prospects.")
@click.option("--limit", default=str(prospect_list.PER_PAGE), help="Prospects a page (1-200).")
@click.option("--rep", "rep_email", default=None, help="Whose list (default: first admin).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def prospects_command(
    search, filters, attempt, goal, sort, page, limit, rep_email, as_json
) -> None:
    """A rep's prospects, newest first or as --sort says: each with their URL, score, next
    call and next voicemail. Archived ones only with --filter archived."""
    rep = rep_or_first_admin(rep_email)
    session = get_session()
    settings = company.current(session, current_app.config)
    wanted = [f for value in filters for f in value.split(",")]
    try:
        query = prospect_list.checked(
            search=search, filters=wanted, attempt=attempt, goal=goal, sort=sort, page=page,
            per_page=limit,
        )  # fmt: skip
    except InputError as exc:
        fail_input(exc)
    found = prospect_list.list_page(
        session, rep.id, query, ranking.Weights.of(settings),
        default_goal=rep.default_goal or settings.default_goal,
        today=clock.today(), zone=notices.rep_zone(rep),
    )  # fmt: skip
    data = {
        "prospects": [_as_json(row) for row in found.rows],
        "total": found.total,
        "total_exact": found.exact,
        "page": query.page,
        "next_page": query.page + 1 if found.has_next else None,
    }
    lines = [
        f"{'HOT ' if r.hot else '    '}{r.score:5.0f}  {r.prospect.next_call_on:%Y-%m-%d}  "
        f"#{r.prospect.next_attempt:<2}  /{r.prospect.slug:32} "
        f"{one_line(r.prospect.full_name)}"
        + (f", {one_line(r.prospect.company)}" if r.prospect.company else "")
        for r in found.rows
    ]
    if found.total:
        more = f"; next: --page {query.page + 1}" if found.has_next else ""
        if not found.exact:
            lines.append(f"Over {found.total - 1} prospects; page {query.page}{more}.")
        elif found.pages > 1:
            lines.append(f"{found.total} prospects; page {query.page} of {found.pages}{more}.")
        else:
            lines.append(f"{found.total} prospect{'s' if found.total != 1 else ''}.")
    else:
        lines.append("No prospect matches." if query.narrowed else "No prospects yet.")
    emit(data, as_json, "\n".join(lines))


def _as_json(row: prospect_list.Row) -> dict:
    p = row.prospect
    return {
        "id": p.id,
        "slug": p.slug,
        "name": p.full_name,
        "company": p.company,
        "email": p.email,
        "phone": p.phone,
        "goal": p.goal,
        "next_call_on": p.next_call_on.isoformat(),
        "next_attempt": p.next_attempt,
        "archived": p.archived_at is not None,
        "do_not_contact": p.do_not_contact,
        **row.as_json(),
    }

"""Calling from a terminal: the script to read, a voicemail or an outcome logged, the
templates in rotation, and the call-next list."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from landing.calls import outcomes, pitches, ranking, template_preview, voicemails
from landing.cli.lookups import prospect_or_fail, rep_or_first_admin
from landing.cli.terminal import echo, emit, fail, fail_input
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.notify import notices
from landing.scripts import goals, templates
from landing.team import company, reps


def show_pitch(prospect, rep, as_json: bool, extra: dict | None = None, **choice) -> None:
    session = get_session()
    try:
        pitch = pitches.pitch_for(
            session, prospect, rep, company.current(session, current_app.config),
            today=clock.today(), **choice,
        )  # fmt: skip
    except InputError as exc:
        fail_input(exc)
    data = {"id": prospect.id, "name": prospect.full_name, **pitch.as_dict(), **(extra or {})}
    warnings = "".join(f"\n  ! {w['message']}" for w in pitch.warnings)
    text = (
        f"URL:     {pitch.url}\nSay:     {pitch.spoken_url}\n\n"
        f"Voicemail {pitch.attempt} ({pitch.goal}, {pitch.template_name}), "
        f"~{pitch.script_seconds} s:\n{pitch.script}{warnings}\n\n"
        f"Subject: {pitch.email_subject}\n\n{pitch.email_body}"
    )
    emit(data, as_json, text)


@click.group("script")
def script_group() -> None:
    """Voicemail scripts: show the next one for a prospect."""


@script_group.command("show")
@click.argument("slug")
@click.option("--goal", default=None, help=f"One of: {', '.join(goals.GOALS)}.")
@click.option("--attempt", type=click.IntRange(1, 99), default=None, help="Voicemail number.")
@click.option("--template", "template_key", default=None, help="A template key or id.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def script_show(slug, goal, attempt, template_key, as_json) -> None:
    """The voicemail script, its lint and follow-up email for the prospect's next attempt."""
    prospect = prospect_or_fail(slug)
    rep = reps.get_rep(get_session(), prospect.rep_id)
    show_pitch(prospect, rep, as_json, goal=goal, attempt=attempt, template_key=template_key)


@click.group("voicemail")
def voicemail_group() -> None:
    """Voicemails left."""


@voicemail_group.command("log")
@click.argument("slug")
@click.option("--template", "template_key", default=None, help="Template used (default: as shown).")
@click.option("--goal", default=None, help="Goal (default: the template's).")
@click.option("--attempt", type=click.IntRange(1, 99), default=None, help="Default: the next.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def voicemail_log(slug, template_key, goal, attempt, as_json) -> None:
    """Record a voicemail left for SLUG; moves the prospect to the next attempt and call day."""
    session = get_session()
    prospect = prospect_or_fail(slug)
    rep = reps.get_rep(session, prospect.rep_id)
    try:
        logged = outcomes.log_outcome(
            session, rep, prospect, outcomes.VOICEMAIL_LEFT, today=clock.today(),
            settings=company.current(session, current_app.config), template_key=template_key,
            goal=goal, attempt=attempt,
        )  # fmt: skip
    except InputError as exc:
        fail_input(exc)
    data = {
        "slug": prospect.slug, "attempt": logged.attempt, "goal": logged.goal,
        "template": logged.template_key, "at": clock.iso(logged.at),
        "next_call_on": prospect.next_call_on.isoformat(),
    }  # fmt: skip
    text = (
        f"Voicemail {logged.attempt} for {prospect.full_name} logged "
        f"({logged.goal}, template {logged.template_key}); next call {prospect.next_call_on}."
    )
    emit(data, as_json, text)


@click.command("outcome")
@click.argument("slug")
@click.argument("kind", type=click.Choice(outcomes.KINDS))
@with_appcontext
def outcome_command(slug: str, kind: str) -> None:
    """Log a call to SLUG: what happened sets the next call day (and may reset the score).

    voicemail_left logs the voicemail the script shows now (`landing voicemail log` chooses)."""
    session = get_session()
    prospect = prospect_or_fail(slug)
    rep = reps.get_rep(session, prospect.rep_id)
    settings = company.current(session, current_app.config)
    try:
        outcomes.log_outcome(session, rep, prospect, kind, today=clock.today(), settings=settings)
    except InputError as exc:
        fail_input(exc)
    then = "never again" if prospect.do_not_contact else f"next call {prospect.next_call_on}"
    echo(f"Logged {kind.replace('_', ' ')} for {prospect.full_name}; {then}.")


@click.group("templates", invoke_without_command=True)
@click.option("--rep", "rep_email", default=None, help="Whose view (default: first admin).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
@with_appcontext
def templates_command(ctx: click.Context, rep_email: str | None, as_json: bool) -> None:
    """Voicemail templates with their results: voicemails, visit rate and 95% interval.
    Drafts (not in rotation until activated) are listed as "draft"."""
    if ctx.invoked_subcommand is not None:
        return
    session = get_session()
    rep = rep_or_first_admin(rep_email)
    stats = voicemails.template_stats(session)
    rows = []
    for item in templates.library(session, rep, drafts=True):
        t, found = item.template, stats.get(item.template.key)
        rows.append({
            "template": t.key, "name": t.name, "goal": t.goal, "attempt": t.attempt,
            "scope": item.scope, "active": item.active, "language": t.language,
            "draft": item.draft, "draft_waiting": item.pending,
            **(found.as_dict() if found else {"voicemails": 0}),
        })  # fmt: skip
    lines = [
        f"{r['template']:22} {r['goal']:9} {str(r['attempt'] or 'any'):4} "
        + ("draft" if r["draft"] else "on   " if r["active"] else "off  ")
        + f" {r['voicemails']:5} voicemails"
        + (f"  {r['rate']:.0%} visited [{r['low']:.0%}-{r['high']:.0%}]" if r["voicemails"] else "")
        + ("  LEADING" if r.get("leading") else "")
        + ("  (a draft edit is waiting)" if r["draft_waiting"] else "")
        for r in rows
    ]
    emit(rows, as_json, "\n".join(lines))


@templates_command.command("activate")
@click.argument("key")
@click.option("--rep", "rep_email", default=None, help="Who activates (default: first admin).")
@with_appcontext
def activate_template(key: str, rep_email: str | None) -> None:
    """Put draft KEY (a template's id) into rotation, or its waiting edit; refused, with the
    gap named, when it would leave one for a prospect without an outcome or a company."""
    session = get_session()
    rep = rep_or_first_admin(rep_email)
    settings = company.current(session, current_app.config)
    try:
        active = template_preview.activate(session, rep, key, settings)
    except InputError as exc:
        fail_input(exc)
    except PermissionError as exc:
        fail(str(exc))
    if active is None:
        fail(f"no draft '{key}' that {rep.email} can activate")
    echo(f"Activated “{active.name}” (template {active.id}): new scripts use it.")


@click.command("calls")
@click.option("--rep", "rep_email", default=None, help="Rep's email (default: first admin).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def calls(rep_email: str | None, as_json: bool) -> None:
    """Who to call next: hot now first, then by score, each with the reason in words."""
    session = get_session()
    rep = rep_or_first_admin(rep_email)
    settings = company.current(session, current_app.config)
    rows = ranking.call_next(
        session, rep.id, ranking.Weights.of(settings), zone=notices.rep_zone(rep)
    )
    lines = [
        f"{'HOT ' if r.hot else '    '}{r.score:6.1f}  {r.prospect.full_name:28} {r.reason}"
        for r in rows
    ]
    emit([r.as_json() for r in rows], as_json, "\n".join(lines) or "Nobody has engaged yet.")

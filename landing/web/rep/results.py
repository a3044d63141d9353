"""The results page: what voicemails led to, as a funnel, by week, per template and per rep.
Everyone starts with their own results (one rep's voicemails: quick to count); the team's
are a click away. An admin sees the team per rep; a rep sees their own row and the team's
totals, never a teammate's by name."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from landing.calls import team_week
from landing.data.db import get_session
from landing.notify import notices
from landing.scripts import templates
from landing.web.rep.dashboard import bp

WHO = ("me", "team")


@bp.route("/results")
def results():
    session = get_session()
    who = request.args.get("who", "")
    who = who if who in WHO else "me"
    names = {i.template.key: i.template.name for i in templates.library(session, current_user)}
    shown = team_week.team_week(
        session,
        rep_id=current_user.id if who == "me" else None,
        zone=notices.rep_zone(current_user),
        template_names=names,
    )
    return render_template(
        "app/results.html",
        who=who,
        shown=shown,
        rep_rows=_rep_rows(shown) if who == "team" else [],
        steps=team_week.STEPS,
        step_labels=team_week.STEP_LABELS,
    )


def _rep_rows(team: team_week.TeamWeek) -> list[team_week.Row]:
    if current_user.is_admin:
        return team.reps
    mine = next((row.counts for row in team.reps if row.key == str(current_user.id)), None)
    return [
        team_week.Row("me", "You", mine or team_week.Counts()),
        team_week.Row("team", "Whole team", team.total),
    ]

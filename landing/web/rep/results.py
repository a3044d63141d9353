"""The results page: what the team's voicemails earned, as a funnel, by week, per rep and per
template. An admin sees every rep; a rep sees their own results and the team's totals, never
a teammate's by name."""

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
    zone = notices.rep_zone(current_user)
    names = {
        item.template.key: item.template.name for item in templates.library(session, current_user)
    }
    team = team_week.team_week(session, rep_id=None, zone=zone, template_names=names)
    mine = team_week.team_week(session, rep_id=current_user.id, zone=zone, template_names=names)
    shown = team if who == "team" else mine
    if current_user.is_admin:
        rep_rows = team.reps
    else:
        rep_rows = [
            team_week.Row("me", "You", mine.total),
            team_week.Row("team", "Whole team", team.total),
        ]
    return render_template(
        "app/results.html",
        who=who,
        shown=shown,
        rep_rows=rep_rows,
        team_total=team.total,
        steps=team_week.STEPS,
        step_labels=team_week.STEP_LABELS,
        zone=zone,
    )

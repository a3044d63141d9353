"""The rep's dashboard: who to call next, the latest prospects and misses, and what an open
dashboard polls for. Its blueprint `app` is the whole of /app's own pages: prospects (one
prospect's page and everything done from it) and settings register on it too, so endpoint
names such as `app.prospect` stay as they were."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from landing.calls import call_session, outcomes, ranking
from landing.core.ids import parse_id
from landing.data.db import get_session
from landing.notify import notices
from landing.pages import misses
from landing.prospects import fields
from landing.prospects import service as prospects
from landing.team import company

bp = Blueprint("app", __name__, url_prefix="/app")  # signed in: see rep_area


def form_values(fields: tuple[str, ...]) -> dict[str, str]:
    """The posted form's fields, a missing one as "" (the services check what they hold)."""
    return {field: request.form.get(field, "") for field in fields}


def current_company():
    """The company's settings as they apply now: the stored row over the app's config."""
    return company.current(get_session(), current_app.config)


@bp.route("/")
def dashboard():
    return render_dashboard()


def render_dashboard(
    form: dict | None = None,
    errors: dict | None = None,
    status: int = 200,
    rival: bool = False,
    duplicate=None,
):
    """The dashboard; with the add-prospect form's values and errors when that form failed
    (rival: the typed URL sounds like another, and keeping it needs a confirmation;
    duplicate: the prospect the form's person already is, unless confirmed otherwise)."""
    session = get_session()
    html = render_template(
        "app/dashboard.html",
        call_next=_call_next(),
        last_call=call_session.last_call(session, current_user.id),
        latest_notice=notices.latest_id(session, current_user),
        recent=prospects.list_prospects(session, current_user.id)[:10],
        missed=misses.for_rep(session, current_user.id),
        zone=notices.rep_zone(current_user),
        outcomes=outcomes.RULES,
        form=form or {},
        errors=errors or {},
        new_fields=fields.FIELDS,
        rival_slug=rival,
        duplicate=duplicate,
    )
    return html, status


def _call_next() -> list[ranking.CallNext]:
    return ranking.call_next(
        get_session(),
        current_user.id,
        ranking.Weights.of(current_company()),
        zone=notices.rep_zone(current_user),
    )


@bp.route("/live")
def live():
    """What an open dashboard polls: notices since the last it saw, and the list when new."""
    session = get_session()
    try:
        after = parse_id(request.args.get("after", "0"))
    except ValueError as exc:
        return jsonify(error={"code": "bad_after", "message": str(exc)}), 400
    fresh = notices.since(session, current_user, after)
    data = {
        "latest": fresh[-1].id if fresh else after,
        "unread": notices.unread_count(session, current_user),
        "notices": [
            {
                "id": n.id,
                "kind": n.kind,
                "text": n.text,
                "url": url_for("app.prospect", prospect_id=n.prospect_id)
                if n.prospect_id
                else url_for("app.notifications"),
            }
            for n in fresh
        ],
    }
    if fresh:
        data["list_html"] = render_template(
            "app/_call_next.html",
            call_next=_call_next(),
            last_call=call_session.last_call(session, current_user.id),
            outcomes=outcomes.RULES,
        )
    return jsonify(data)

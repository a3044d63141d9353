"""The call session under /app/call: one prospect at a time, an outcome moves to the next,
and the undo that follows any outcome or voicemail logged in the rep's area.

Plain forms, each answered with a redirect (POST-redirect-GET), so it all works without
JavaScript; static/app.js only swaps the page in place and adds the keyboard shortcuts. What
the session remembers (when it started, whom the rep skipped, the last outcome to undo)
lives in the rep's signed session cookie: nothing to clean up when a tab is closed."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from landing.calls import call_session, outcomes, pitches, ranking, voicemails
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.notify import notices
from landing.pages import visit_story, visits
from landing.prospects import service as prospects
from landing.web.auth import safe_next
from landing.web.rep.dashboard import bp, current_company

STATE, UNDO = "calling", "undo"
STALE_AFTER = timedelta(hours=12)  # yesterday's session is not today's
# The outcome buttons in the order a rep meets them, each with its key.
SHORTCUTS = (
    (outcomes.VOICEMAIL_LEFT, "v"),
    (outcomes.NO_ANSWER, "n"),
    (outcomes.CONNECTED, "c"),
    (outcomes.CALLED_BACK, "b"),
    (outcomes.MEETING_BOOKED, "m"),
    (outcomes.NOT_INTERESTED, "i"),
    (outcomes.DO_NOT_CONTACT, "d"),
)


def _state(start: bool = False) -> dict:
    """The session's start and skips; a new session when asked or when the last is stale."""
    state = session.get(STATE)
    now = clock.utcnow()
    if start or not isinstance(state, dict) or _started(state) < now - STALE_AFTER:
        state = {"since": now.isoformat(), "skipped": []}
        session[STATE] = state
    return state


def _started(state: dict) -> datetime:
    try:
        return datetime.fromisoformat(state.get("since", ""))
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=clock.utcnow().tzinfo)


@bp.route("/call/start", methods=["POST"])
def start_calling():
    _state(start=True)
    return redirect(url_for("app.call_session"))


@bp.route("/call", endpoint="call_session")
def session_page():
    """The prospect to call now, the script on top; or, with nobody left, a plain end."""
    db = get_session()
    state = _state()
    first = state.pop("first", None)
    if first is not None:  # shown once: the cookie is written only then
        session[STATE] = state
    zone = notices.rep_zone(current_user)
    up, left = call_session.next_up(
        db, current_user, _weights(), since=_started(state), skipped=set(state["skipped"]),
        today=clock.today(), zone=zone, first=first,
    )  # fmt: skip
    done = len(call_session.handled_since(db, current_user.id, _started(state)))
    context = {"up": up, "left": left, "done": done, "shortcuts": SHORTCUTS, "zone": zone}
    if up is not None:
        found = up.prospect
        history = visits.history(db, found.id, limit=10)
        pitch = pitches.pitch_for(db, found, current_user, current_company(), today=clock.today())
        context.update(
            pitch=pitch,
            local_time=call_session.local_time(found.phone),
            visit_stories=visit_story.stories(db, history),
            visit_labels=visits.LABELS,
            voicemails_left=voicemails.left_for(db, found.id),
            outcome_log=outcomes.logged_for(db, found.id),
            outcomes=outcomes.RULES,
        )
    return render_template("app/call_session.html", **context)


def _weights() -> ranking.Weights:
    return ranking.Weights.of(current_company())


@bp.route("/call/<int:prospect_id>/outcome", methods=["POST"])
def call_logged(prospect_id: int):
    """An outcome from the session: logged, undoable, and on to the next prospect."""
    _state()
    log_and_remember(_own(prospect_id), request.form.get("kind", ""))
    return redirect(url_for("app.call_session"))


@bp.route("/call/<int:prospect_id>/skip", methods=["POST"])
def call_skipped(prospect_id: int):
    _own(prospect_id)
    state = _state()
    state["skipped"] = [*state["skipped"], prospect_id][-call_session.QUEUE_LIMIT :]
    session[STATE] = state
    return redirect(url_for("app.call_session"))


def _own(prospect_id: int):
    """The rep's own prospect; anyone else's id is not found, as everywhere in the area."""
    found = prospects.get_prospect(get_session(), current_user.id, prospect_id)
    if found is None:
        abort(404)
    return found


def log_and_remember(found, kind: str):
    """Log an outcome from any form of the rep's area, say what it did, and keep it for the
    undo (None, with the error flashed, when the input was wrong)."""
    form = request.form
    try:
        logged = call_session.log(
            get_session(), current_user, found, kind, today=clock.today(),
            settings=current_company(), template_key=form.get("template") or None,
            goal=form.get("goal") or None, attempt=form.get("attempt", type=int),
        )  # fmt: skip
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
        return None
    session[UNDO] = logged.as_dict()
    day = found.next_call_on
    then = "" if found.do_not_contact else f" Next call: {day:%A, %B} {day.day}."
    if logged.record == "voicemail":
        flash(f"Voicemail {logged.label.split()[-1]} logged for {found.full_name}.{then}")
    else:
        flash(f"Logged for {found.full_name}: {logged.label}.{then}")
    return logged


def pending_undo() -> dict | None:
    """The last outcome while it can still be undone, for the Undo button (see base.html)."""
    logged = call_session.Logged.from_dict(session.get(UNDO) or {})
    if logged is None:
        return None
    seconds = call_session.seconds_left(logged)
    return {"logged": logged, "seconds": seconds} if seconds > 0 else None


@bp.route("/undo", methods=["POST"])
def undo():
    """Take back the last outcome or voicemail, within its 10 seconds."""
    logged = call_session.Logged.from_dict(session.get(UNDO) or {})
    target = safe_next(request.form.get("next") or url_for("app.dashboard"))
    if logged is None or request.form.get("record") != f"{logged.record}:{logged.record_id}":
        flash("Nothing to undo: that call is no longer the last one you logged.")
        return redirect(target), 303
    session.pop(UNDO, None)
    try:
        found = call_session.undo(get_session(), current_user, logged)
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
        return redirect(target), 303
    day = found.next_call_on
    flash(
        f"Undone: {logged.label} for {found.full_name} is off the record; "
        f"next call back to {day:%A, %B} {day.day}."
    )
    if target == url_for("app.call_session"):
        state = _state()
        state["first"] = found.id
        session[STATE] = state
    return redirect(target), 303


@bp.record_once
def _template_global(state) -> None:
    # A function base.html calls only for a signed-in rep: the prospects' pages never read
    # the session cookie for it.
    state.app.jinja_env.globals["pending_undo"] = pending_undo

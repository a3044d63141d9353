"""One prospect in the rep's area: adding one, the list, their page, and everything done
from it (URL, archive, delete, calls logged, page tailored, QR code, script choices)."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from landing.calls import csv_export, outcomes, pitches, ranking, voicemails
from landing.calls import prospect_list as prospect_list_service
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.notify import notices
from landing.pages import misses, posters, visit_story, visits
from landing.prospects import bulk, duplicates, fields, qr
from landing.prospects import service as prospects
from landing.scripts import goals, spelling, templates
from landing.team import membership, reps
from landing.urls.slugs import page_url
from landing.videos import library as videos
from landing.web.auth import safe_next
from landing.web.rep.calling import log_and_remember
from landing.web.rep.dashboard import bp, current_company, form_values, render_dashboard

PROSPECT_FIELDS = fields.ADDED
PAGE_FIELDS = ("personal_note", "video_url", "offer_text", "booking_url")
VISITS_SHOWN = 200  # the newest; "Older visits" goes on below them


@bp.route("/prospects", methods=["POST"])
def add_prospect():
    form = form_values(PROSPECT_FIELDS + ("slug",))
    try:
        prospect, choice = prospects.add_prospect(
            get_session(), current_user, allow_rival=bool(request.form.get("allow_rival")),
            allow_duplicate=bool(request.form.get("allow_duplicate")), **form,
        )  # fmt: skip
    except duplicates.Duplicate as exc:
        return render_dashboard(form, exc.errors, 409, duplicate=exc.prospect)
    except InputError as exc:
        rival = isinstance(exc, prospects.RivalSlug)
        return render_dashboard(form, exc.errors, 409 if rival else 400, rival=rival)
    if choice.moved:
        flash(choice.message(current_user.id))
    return redirect(url_for("app.prospect", prospect_id=prospect.id))


@bp.route("/prospects")
def prospect_list():
    """The rep's prospects: searched, filtered, sorted and paged as the query string says."""
    session, settings = get_session(), current_company()
    errors = {}
    try:
        query = prospect_list_service.from_args(request.args)
    except InputError as exc:
        query, errors = prospect_list_service.ListQuery(), exc.errors
    page = prospect_list_service.list_page(
        session, current_user.id, query, ranking.Weights.of(settings),
        default_goal=current_user.default_goal or settings.default_goal,
        today=clock.today(), zone=notices.rep_zone(current_user),
    )  # fmt: skip
    others = [m.rep for m in membership.team(session) if m.rep.active]
    return render_template(
        "app/prospects.html", page=page, query=query, errors=errors,
        filters=prospect_list_service.FILTERS, sorts=prospect_list_service.SORTS,
        goals=goals, reps=[r for r in others if r.id != current_user.id],
        zone=notices.rep_zone(current_user),
    ), (400 if errors else 200)  # fmt: skip


@bp.route("/prospects/bulk", methods=["POST"])
def prospects_bulk():
    """An action on the prospects ticked in the list; the list again, as it was."""
    back = safe_next(request.form.get("next") or url_for("app.prospect_list"))
    action = request.form.get("action", "")
    session = get_session()
    try:
        chosen = bulk.selected(session, current_user.id, request.form.getlist("ids"))
        if action == "export":
            return _exported(chosen)
        to_rep = None
        if action == "reassign":
            to_rep = reps.get_rep(session, request.form.get("rep", 0, type=int))
        count = bulk.apply(
            session, current_user, action, chosen,
            goal=request.form.get("goal", ""), to_rep=to_rep,
        )  # fmt: skip
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
        return redirect(back)
    done = {
        "archive": "archived: their URLs answer 404 until restored",
        "restore": "restored: their URLs work again",
        "goal": "given the goal " + (request.form.get("goal") or "of your default"),
        "reassign": f"handed to {to_rep.name if to_rep else ''}",
    }
    people = "1 prospect" if count == 1 else f"{count} prospects"
    flash(f"{people} {done[action]}." if count else "Nothing changed: they were so already.")
    return redirect(back)


def _exported(chosen: list):
    """The selected prospects as the CSV export writes them (URL, script, score...)."""
    settings = current_company()
    text = csv_export.to_csv(
        csv_export.rows(
            get_session(), current_user, settings, today=clock.today(),
            ids=[p.id for p in chosen],
        )
    )  # fmt: skip
    headers = {"Content-Disposition": 'attachment; filename="prospects-selected.csv"'}
    return current_app.response_class(text, 200, headers, mimetype="text/csv")


def _own_prospect(prospect_id: int):
    found = prospects.get_prospect(get_session(), current_user.id, prospect_id)
    if found is None:
        abort(404)
    return found


@bp.route("/prospects/<int:prospect_id>")
def prospect(prospect_id: int, page_form: dict | None = None, page_errors: dict | None = None):
    session = get_session()
    found = _own_prospect(prospect_id)
    settings = current_company()
    choice = {
        "goal": request.args.get("goal") or None,
        "attempt": request.args.get("attempt", type=int),
        "template_key": request.args.get("template") or None,
    }
    try:
        pitch = pitches.pitch_for(
            session, found, current_user, settings, today=clock.today(), **choice
        )
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
        return redirect(url_for("app.prospect", prospect_id=prospect_id))
    older = request.args.get("visits_after", type=int)
    history, visits_next = visits.page_of(session, found.id, VISITS_SHOWN, older)
    left = voicemails.left_for(session, found.id)
    return render_template(
        "app/prospect.html",
        prospect=found,
        pitch=pitch,
        goals=goals,
        templates=[
            item
            for item in templates.library(session, current_user)
            if item.template.goal == pitch.goal
        ],
        rotating=choice["template_key"] is None,
        suggested_spelling=spelling.suggest_spelling(found.first_name, found.last_name),
        visits=history,
        visit_stories=visit_story.stories(session, history),
        visits_next=visits_next,
        credits=voicemails.credits(left, history),
        voicemails_left=left,
        outcomes=outcomes.RULES,
        outcome_log=outcomes.logged_for(session, found.id),
        visit_labels=visits.LABELS,
        visitors=visits.people(history),
        slug_warning=prospects.slug_warning(session, found),
        can_change_slug=prospects.can_change_slug(session, found),
        missed=misses.for_rep(session, current_user.id, prospect_id=found.id),
        zone=notices.rep_zone(current_user),
        page_form=page_form or {field: getattr(found, field) for field in PAGE_FIELDS},
        page_errors=page_errors or {},
    ), (400 if page_errors else 200)


@bp.route("/prospects/<int:prospect_id>/slug", methods=["POST"])
def slug_changed(prospect_id: int):
    found = _own_prospect(prospect_id)
    old = found.slug
    typed = request.form.get("slug", "")
    allow_rival = bool(request.form.get("allow_rival"))
    try:
        prospects.change_slug(get_session(), found, typed, allow_rival=allow_rival)
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
        if isinstance(exc, prospects.RivalSlug):
            return redirect(url_for("app.prospect", prospect_id=prospect_id, rival=exc.slug))
    else:
        flash(f"The URL is now /{found.slug} (was /{old}).")
    return redirect(url_for("app.prospect", prospect_id=prospect_id))


@bp.route("/prospects/<int:prospect_id>/archive", methods=["POST"])
def archived(prospect_id: int):
    found = _own_prospect(prospect_id)
    if request.form.get("restore"):
        prospects.restore(get_session(), found)
        flash(f"{found.full_name} is back; /{found.slug} works again.")
    else:
        prospects.archive(get_session(), found)
        flash(f"{found.full_name} is archived: off your lists, and /{found.slug} answers 404.")
    return redirect(url_for("app.prospect", prospect_id=prospect_id))


@bp.route("/prospects/<int:prospect_id>/delete", methods=["POST"])
def deleted(prospect_id: int):
    """Delete (or, asked to, forget) the prospect, once the rep has confirmed it."""
    found = _own_prospect(prospect_id)
    if request.form.get("confirm") != "yes":
        return redirect(url_for("app.prospect", prospect_id=prospect_id, delete=1))
    name, slug, video = found.full_name, found.slug, found.video_id
    if request.form.get("forget"):
        days = current_app.config["VISIT_RETENTION_DAYS"]
        prospects.forget_prospect(get_session(), found, days=days)
        flash(f"{name} is forgotten: every record of them is gone; /{slug} stays unused.")
    else:
        prospects.delete_prospect(get_session(), found)
        flash(f"{name} is deleted, with their visits, notices and calls logged.")
    # Their personal video's files go too, unless another prospect's page shows it.
    videos.release(get_session(), current_app.config, current_app.instance_path, [video])
    return redirect(url_for("app.prospect_list"))


@bp.route("/prospects/<int:prospect_id>/voicemails", methods=["POST"])
def voicemail_left(prospect_id: int):
    """A voicemail logged from the prospect's page, with the template, goal and attempt used."""
    return _log_outcome(prospect_id, outcomes.VOICEMAIL_LEFT)


@bp.route("/prospects/<int:prospect_id>/outcomes", methods=["POST"])
def outcome_logged(prospect_id: int):
    """A call logged from the prospect's page or the call-next list (a voicemail included)."""
    return _log_outcome(prospect_id, request.form.get("kind", ""))


def _log_outcome(prospect_id: int, kind: str):
    found = _own_prospect(prospect_id)
    log_and_remember(found, kind)  # flashes what it did, with an Undo for 10 seconds
    return redirect(
        safe_next(request.form.get("next") or url_for("app.prospect", prospect_id=prospect_id))
    )


@bp.route("/prospects/<int:prospect_id>/preview")
def preview(prospect_id: int):
    """The prospect's page exactly as they see it, in this signed-in browser, where the
    view is the rep's own and never counts. The address carries nothing that would make
    anyone else's view the rep's (see previews)."""
    found = _own_prospect(prospect_id)
    return redirect(f"/{found.slug}")


@bp.route("/prospects/<int:prospect_id>/page", methods=["POST"])
def page_tailored(prospect_id: int):
    """The rep's note, video, offer and booking link for this prospect's page."""
    found = _own_prospect(prospect_id)
    form = form_values(PAGE_FIELDS)
    try:
        prospects.update_page(get_session(), found, **form)
    except InputError as exc:
        return prospect(prospect_id, page_form=form, page_errors=exc.errors)
    posters.ensure(current_app.instance_path, found.video_url)  # see rep/settings.py
    flash(f"Saved: /{found.slug} shows it now.")
    return redirect(url_for("app.prospect", prospect_id=prospect_id))


@bp.route("/prospects/<int:prospect_id>/qr.svg")
def prospect_qr(prospect_id: int):
    """The page's URL as a QR code, for print and event follow-ups."""
    found = _own_prospect(prospect_id)
    url = page_url(current_company().public_base_url, found.slug)
    headers = {
        "Content-Disposition": f'inline; filename="{found.slug}.svg"',
        "Cache-Control": "private, no-cache",
    }
    return current_app.response_class(qr.svg(url), 200, headers, mimetype="image/svg+xml")


@bp.route("/prospects/<int:prospect_id>/script-choices", methods=["POST"])
def script_choices(prospect_id: int):
    found = _own_prospect(prospect_id)
    try:
        prospects.update_script_choices(
            get_session(),
            found,
            goal=request.form.get("goal", ""),
            name_spelling=request.form.get("name_spelling", ""),
            language=request.form.get("language"),
        )
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash("Saved.")
    return redirect(url_for("app.prospect", prospect_id=prospect_id))

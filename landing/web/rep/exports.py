"""Background exports in the rep's area: ask for one, watch its progress, download the file.

For lists too long to wait for in the browser (landing.calls.background_export); the file
is the same CSV as /app/export.csv, the rep's own, and only they can see or download it."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, send_file, url_for
from flask_login import current_user

from landing.calls import background_export
from landing.data.db import get_session

bp = Blueprint("exports", __name__, url_prefix="/app")  # signed in: see rep_area


@bp.route("/exports", methods=["POST"])
def export_request():
    """Queue the rep's export for the worker (or show the one already under way)."""
    job = background_export.request(get_session(), current_user)
    return redirect(url_for("exports.export_status", job_id=job.id))


def _job(job_id: int):
    job = background_export.of_rep(get_session(), current_user, job_id)
    if job is None:
        abort(404)
    return job


@bp.route("/exports/<int:job_id>")
def export_status(job_id: int):
    """Its progress (the page reloads itself while the worker writes), then the link."""
    job = _job(job_id)
    hours = int(background_export.KEEP.total_seconds() // 3600)
    return render_template("app/export_job.html", job=job, keep_hours=hours)


@bp.route("/exports/<int:job_id>/prospects.csv")
def export_download(job_id: int):
    job = _job(job_id)
    where = background_export.folder(current_app.instance_path)
    path = background_export.path_of(where, job)
    if job.status != background_export.DONE or not path.is_file():
        abort(404)
    return send_file(path, mimetype="text/csv", as_attachment=True, download_name="prospects.csv")

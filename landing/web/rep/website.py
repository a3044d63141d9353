"""The company website's paths, as an admin pastes or uploads them (/app/company/website):
the same import as `landing site import`, so no prospect's URL takes one of them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from landing.data.db import get_engine, read_connection
from landing.urls import website
from landing.web.rep.area import admin_required
from landing.web.rep.dashboard import bp


@bp.route("/company/website", methods=["GET", "POST"])
@admin_required
def website_paths():
    """GET lists the stored paths; POST replaces them with those of the uploaded sitemap or
    list, else of the pasted text. Nothing stored changes when neither can be read."""
    errors: dict[str, str] = {}
    pasted = request.form.get("paths", "")
    if request.method == "POST":
        try:
            segments = _sent_segments(pasted)
        except website.WebsitePathsError as exc:
            errors["paths"] = str(exc)
        else:
            with get_engine().begin() as conn:
                imported = website.replace(conn, segments)
            flash(_saved_message(imported))
            return redirect(url_for("app.website_paths"))
    with read_connection(get_engine()) as conn:
        stored = website.listed(conn)
    html = render_template("app/website.html", stored=stored, form={"paths": pasted}, errors=errors)
    return html, 400 if errors else 200


def _sent_segments(pasted: str) -> list[str]:
    """The paths of the uploaded files (a sitemap index's sitemaps may be chosen together),
    else of the pasted text."""
    uploads = [u for u in request.files.getlist("paths_file") if u.filename]
    if not uploads and not pasted.strip():
        raise website.WebsitePathsError("Paste the website's URLs or upload its sitemap.xml.")
    texts = [website.decode(u.stream.read(website.MAX_BYTES + 1)) for u in uploads] or [pasted]
    return list(dict.fromkeys(s for text in texts for s in website.parse(text)))


def _saved_message(imported: website.Imported) -> str:
    count = len(imported.segments)
    text = (
        f"{count} website path{'s' if count != 1 else ''} stored; no prospect's URL will take one."
    )
    if imported.clashes:
        text += " These prospects' URLs are now the website's; rename them: " + ", ".join(
            f"/{slug}" for slug in imported.clashes
        )
    return text

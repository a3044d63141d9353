"""The JSON API under /api/v1 for CRMs and scripts: a rep's token, the rep's own prospects.

Authentication is `Authorization: Bearer <token>` only: the session cookie is never taken
here, so a page on another site cannot make a signed-in browser call the API (and CSRF
tokens are not needed). Every error is `{"error": {"code", "message"[, "fields"]}}`."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, current_app, g, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from landing.calls import outcomes, pitches, prospect_list, ranking
from landing.core import clock, validate
from landing.core.ids import MAX_ID
from landing.core.validate import InputError
from landing.data import attempts
from landing.data.db import get_session
from landing.data.models import Prospect, Video
from landing.notify import notices
from landing.pages import visit_story, visits
from landing.prospects import duplicates, fields
from landing.prospects import service as prospects
from landing.team import api_tokens, company
from landing.urls.slugs import page_url
from landing.videos import library as videos
from landing.web.api import openapi
from landing.web.setup import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

RATE_BUCKET = "api-rate"
RATE_WINDOW = timedelta(minutes=1)
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}
PITCH_FIELDS = (
    "spoken_url", "goal", "attempt", "template", "template_name", "script", "seconds",
    "warnings", "email_subject", "email_body", "email_html", "mailto",
)  # fmt: skip
PROSPECT_INPUT = {name: str for name in fields.ADDED} | {
    "slug": str, "allow_rival": bool, "allow_duplicate": bool,
}  # fmt: skip


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, fields=None, headers=None):
        super().__init__(message)
        self.status, self.message = status, message
        self.fields, self.headers = fields, headers or {}


def error_response(status: int, message: str, fields=None, headers=None):
    body = {"code": ERROR_CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    return jsonify({"error": body}), status, headers or {}


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_response(exc.status, exc.message, exc.fields, exc.headers)


@bp.errorhandler(prospects.RivalSlug)
def _rival_slug(exc: prospects.RivalSlug):
    """A typed slug that sounds like another: 409 until the body says "allow_rival": true."""
    body = {"code": exc.code, "message": exc.errors["slug"], "fields": exc.errors}
    return jsonify({"error": body}), 409


@bp.errorhandler(duplicates.Duplicate)
def _duplicate(exc: duplicates.Duplicate):
    """The same person as a prospect already listed: 409 naming them, until the body says
    "allow_duplicate": true."""
    body = {"code": exc.code, "message": exc.message, "slug": exc.slug}
    return jsonify({"error": body}), 409


@bp.errorhandler(InputError)
def _input_error(exc: InputError):
    return error_response(422, "Some fields are not valid.", exc.errors)


@bp.app_errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    """Errors Flask raises itself (no route, a bad method, a crash) as JSON under /api/."""
    if not request.path.startswith("/api/"):
        return exc
    headers = {}
    if exc.code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request.path))
    return error_response(exc.code or 500, exc.description or exc.name, headers=headers)


@bp.before_request
def _options():
    """OPTIONS lists the methods of the path, token or not (it is in the document anyway)."""
    if request.method == "OPTIONS":
        allowed = allowed_methods(request.path)
        if not allowed:
            raise ApiError(404, "No such API path; see /api/v1/openapi.json.")
        return Response(status=204, headers={"Allow": ", ".join([*allowed, "OPTIONS"])})
    return None


@bp.before_request
def _authenticate() -> None:
    if request.endpoint == "api.openapi_document":
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    rep = None
    if scheme.lower() == "bearer" and token.strip():
        rep = api_tokens.rep_for(get_session(), token.strip())
    if rep is None:
        message = "Send a valid API token: Authorization: Bearer <token>."
        raise ApiError(401, message, headers={"WWW-Authenticate": "Bearer"})
    _limit_rate(token.strip())
    g.api_rep = rep


def _limit_rate(token: str) -> None:
    """Per token across every worker, counted in the Attempt table."""
    db, most = get_session(), current_app.config["API_RATE_PER_MINUTE"]
    bucket = attempts.bucket(current_app.config["SECRET_KEY"], RATE_BUCKET, token)
    if attempts.too_many(db, bucket, most, RATE_WINDOW):
        message = f"More than {most} requests a minute with this token; try again shortly."
        raise ApiError(429, message, headers={"Retry-After": str(RATE_WINDOW.seconds)})
    attempts.record(db, bucket)


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _settings():
    return company.current(get_session(), current_app.config)


def _json_body(accepted: dict[str, type], required: tuple[str, ...] = ()) -> dict:
    """The JSON object sent, checked against the fields an operation takes (accepted)."""
    # landing.web.body_limits stops a body over 64 KB, chunked or not, with a 413.
    if not request.get_data() and not required:
        return {}
    if not request.is_json:
        raise ApiError(415, "Send a JSON object with Content-Type: application/json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "The body must be a JSON object.")
    errors = {name: "Unknown field." for name in body if name not in accepted}
    for name, kind in accepted.items():
        value = body.get(name)
        if name not in body:
            if name in required:
                errors[name] = "Required."
        elif not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            errors[name] = {str: "Must be a string.", bool: "Must be true or false."}.get(
                kind, "Must be a whole number."
            )
    if errors:
        raise InputError(errors)
    return body


def _query_int(name: str, low: int, high: int, default: int | None) -> int | None:
    value = request.args.get(name)
    if value is None:
        return default
    try:
        return validate.integer(value, low, high)
    except ValueError as exc:
        raise InputError({name: str(exc)}) from None


def _own(slug: str) -> Prospect:
    found = prospects.find_by_slug(get_session(), slug, rep_id=g.api_rep.id)
    if found is None:
        raise ApiError(404, "No prospect of yours has that slug.")
    return found


def prospect_json(prospect: Prospect, base_url: str) -> dict:
    return {
        "id": prospect.id,
        "slug": prospect.slug,
        "url": page_url(base_url, prospect.slug),
        "name": prospect.full_name,
        **{name: getattr(prospect, name) for name in fields.PERSON},
        "next_call_on": prospect.next_call_on.isoformat(),
        "voicemails_left": prospect.voicemails_left,
        "do_not_contact": prospect.do_not_contact,
        "archived": prospect.archived_at is not None,
        "created_at": clock.iso(prospect.created_at),
    }


def _with_script(prospect: Prospect) -> dict:
    """The prospect with the next voicemail's script and the follow-up email."""
    settings = _settings()
    pitch = pitches.pitch_for(get_session(), prospect, g.api_rep, settings, today=clock.today())
    shown = pitch.as_dict()
    # Their own video in whatever state it is, else the team's that their page shows.
    session = get_session()
    video = session.get(Video, prospect.video_id) if prospect.video_id else None
    video = video or videos.shown(session, prospect)
    return {
        **prospect_json(prospect, settings.public_base_url),
        **{f: shown[f] for f in PITCH_FIELDS},
        "video": video and videos.status_of(video, settings.public_base_url, prospect.first_name),
    }


@bp.route("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.route("/prospects", methods=["POST"])
def create_prospect():
    body = _json_body(PROSPECT_INPUT, required=fields.REQUIRED)
    session = get_session()
    body["allow_duplicate"] = bool(body.get("allow_duplicate"))
    prospect, choice = prospects.add_prospect(session, g.api_rep, **body)
    warning = prospects.slug_warning(session, prospect)
    data = {
        **_with_script(prospect),
        "slug_warning": warning and warning.as_json(),
        "slug_choice": choice.as_json(g.api_rep.id),
    }
    location = url_for("api.get_prospect", slug=prospect.slug)
    return jsonify(data), 201, {"Location": location}


LIST_PARAMETERS = ("q", "filter", "attempt", "goal", "sort", "page", "limit", "after")


@bp.route("/prospects")
def list_prospects():
    """The rep's prospects, searched, filtered and sorted as prospect_list reads them; paged
    by `page`, or (newest first) by `after`, the keyset of earlier clients."""
    unknown = sorted(set(request.args) - set(LIST_PARAMETERS))
    if unknown:  # a misspelt parameter would otherwise quietly list everyone
        known = ", ".join(LIST_PARAMETERS)
        raise InputError({name: f"Unknown parameter; use: {known}." for name in unknown})
    wanted = [f for value in request.args.getlist("filter") for f in value.split(",")]
    query = prospect_list.checked(
        search=request.args.get("q"), filters=wanted, attempt=request.args.get("attempt"),
        goal=request.args.get("goal"), sort=request.args.get("sort"),
        page=request.args.get("page"), per_page=_query_int("limit", 1, 200, 50),
    )  # fmt: skip
    after = _query_int("after", 1, MAX_ID, None)
    if after is not None and (query.sort != "created" or "page" in request.args):
        raise InputError({"after": "Use after only with the newest-first order, not page."})
    settings = _settings()
    found = prospect_list.list_page(
        get_session(), g.api_rep.id, query, ranking.Weights.of(settings),
        default_goal=g.api_rep.default_goal or settings.default_goal,
        today=clock.today(), zone=notices.rep_zone(g.api_rep), before_id=after,
    )  # fmt: skip
    base = settings.public_base_url
    rows = found.rows
    return jsonify(
        {
            "prospects": [prospect_json(r.prospect, base) | r.as_json() for r in rows],
            "total": found.total,
            "total_exact": found.exact,
            "page": query.page,
            "next_page": query.page + 1 if found.has_next else None,
            "next_after": rows[-1].prospect.id
            if found.has_next and rows and query.sort == "created"
            else None,
        }
    )


@bp.route("/prospects/<slug>")
def get_prospect(slug: str):
    return jsonify(_with_script(_own(slug)))


@bp.route("/prospects/<slug>/visits")
def prospect_visits(slug: str):
    limit = _query_int("limit", 1, visits.MOST_PER_PAGE, 100)
    after = _query_int("after", 1, MAX_ID, None)
    found = _own(slug)
    session = get_session()
    hits, next_after = visits.page_of(session, found.id, limit, after)
    told = visit_story.stories(session, hits)
    return jsonify({"visits": [story.as_json() for story in told], "next_after": next_after})


@bp.route("/calls")
def calls():
    rep = g.api_rep
    rows = ranking.call_next(
        get_session(), rep.id, ranking.Weights.of(_settings()), zone=notices.rep_zone(rep)
    )
    return jsonify({"calls": [row.as_json() for row in rows]})


@bp.route("/prospects/<slug>/voicemails", methods=["POST"])
def log_voicemail(slug: str):
    found = _own(slug)
    body = _json_body({"template": str, "goal": str, "attempt": int})
    logged = _log(found, outcomes.VOICEMAIL_LEFT, body)
    data = {
        "voicemail": {
            "attempt": logged.attempt,
            "goal": logged.goal,
            "template": logged.template_key,
            "at": clock.iso(logged.at),
        },
        "prospect": _with_script(found),
    }
    return jsonify(data), 201


def _log(found: Prospect, kind: str, body: dict):
    return outcomes.log_outcome(
        get_session(), g.api_rep, found, kind, today=clock.today(), settings=_settings(),
        template_key=body.get("template") or None, goal=body.get("goal"),
        attempt=body.get("attempt"),
    )  # fmt: skip


@bp.route("/prospects/<slug>/outcomes", methods=["POST"])
def log_outcome(slug: str):
    found = _own(slug)
    body = _json_body({"kind": str}, required=("kind",))
    at = _log(found, body["kind"], {}).at
    data = {"kind": body["kind"], "at": clock.iso(at), "prospect": _with_script(found)}
    return jsonify(data), 201


@bp.route("/", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/<path:rest>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
def no_such_route(rest: str = ""):
    """Claims every other path under /api/v1 (the prospect pages' catch-all would answer
    with HTML), and tells a wrong method on a real path from a path that is not there."""
    allowed = allowed_methods(request.path)
    if allowed:
        message = f"{request.method} is not allowed here; use {', '.join(allowed)}."
        raise ApiError(405, message, headers={"Allow": ", ".join(allowed)})
    raise ApiError(404, "No such API path; see /api/v1/openapi.json.")


def allowed_methods(path: str) -> list[str]:
    """The methods a real API route answers at path: what Flask would list includes the
    catch-all's, which only ever answer 404 or 405."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in ("GET", "POST"):
        try:
            endpoint, _args = adapter.match(path, method=method)
        except HTTPException:
            continue
        if endpoint != "api.no_such_route":
            allowed += ["GET", "HEAD"] if method == "GET" else [method]
    return allowed

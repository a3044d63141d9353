"""The OpenAPI 3.1 description of /api/v1, and of the webhook landing sends
(landing.notify.webhook_delivery): its operations, responses and paths; the schemas they
refer to are in landing.web.api.schemas.

The tests check every real response against these schemas, and schemathesis calls every
operation with what the schemas allow, so the document cannot drift from the views."""

from __future__ import annotations

from functools import cache

from landing.calls import outcomes
from landing.pages import visits
from landing.scripts import goals
from landing.web.api import openapi_webhooks, schemas
from landing.web.api.schemas import BOOLEAN, DATE_TIME, INTEGER, STRING, object_schema, ref


def _error(description: str, headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {"application/json": {"schema": ref("Error")}},
    }
    if headers:
        response["headers"] = headers
    return response


RESPONSES = {
    "BadRequest": _error("The body is not a JSON object."),
    "Unauthorized": _error(
        "No token, or one that is unknown or revoked.",
        {"WWW-Authenticate": {"schema": {"type": "string", "const": "Bearer"}}},
    ),
    "NotFound": _error("No prospect of yours has that slug."),
    "UnsupportedMediaType": _error("The body is not sent as application/json."),
    "TooLarge": _error("The body is over 64 KB."),
    "Invalid": _error("Fields that are not valid, each with its message in `error.fields`."),
    "RivalSlug": _error(
        "`slug` sounds like another URL (code `rival_slug`); send `allow_rival`: true to keep it. "
        "Or (code `duplicate`) a prospect on the team's lists, archived ones included, has the "
        "same email, or the same name and company: `error.slug` is theirs; send "
        "`allow_duplicate`: true to add a second one anyway."
    ),
    "RateLimited": _error(
        "Too many requests with this token in the last minute.",
        {"Retry-After": {"schema": {"type": "string"}, "description": "Seconds to wait."}},
    ),
    "Unavailable": _error(
        "The database is unavailable; try again.", {"Retry-After": {"schema": STRING}}
    ),
}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _operation(
    operation_id: str,
    summary: str,
    ok: tuple[str, dict],
    *,
    body: dict | None = None,
    body_required: bool = True,
    by_slug: bool = False,
    parameters: list | None = None,
    description: str = "",
) -> dict:
    status, response = ok
    responses = {status: response}
    if body is not None:
        responses |= {
            "400": _response("BadRequest"),
            "413": _response("TooLarge"),
            "415": _response("UnsupportedMediaType"),
        }
    if body is not None or parameters:
        responses["422"] = _response("Invalid")
    if by_slug:
        responses["404"] = _response("NotFound")
    responses |= {
        "401": _response("Unauthorized"),
        "429": _response("RateLimited"),
        "503": _response("Unavailable"),
    }
    operation = {"operationId": operation_id, "summary": summary, "responses": responses}
    if description:
        operation["description"] = description
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = {
            "required": body_required,
            "content": {"application/json": {"schema": body}},
        }
    return operation


def _response(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _limit(most: int, default: int) -> dict:
    return {
        "name": "limit",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": most, "default": default},
    }


SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "maxLength": 200},
    "description": "The prospect's slug, as in their URL (any spelling of its letters).",
    "example": "Rob-Mason",
}
OUTCOME_KINDS = list(outcomes.KINDS)


@cache
def document() -> dict:
    """The whole OpenAPI 3.1 document, the same for every request."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "landing API",
            "version": "1.0.0",
            "description": (
                "A rep's prospects, their voicemail scripts, visits and the call-next list, "
                "for CRMs and scripts. Authenticate with a rep's API token (Settings → API "
                "tokens, or `landing token create EMAIL`): `Authorization: Bearer <token>`. "
                "Each token may make API_RATE_PER_MINUTE requests a minute (120 unless "
                'configured). Errors are `{"error": {"code", "message"}}`.'
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": _paths(),
        "webhooks": openapi_webhooks.webhooks(),
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A rep's API token, `lnd_` and 43 characters.",
                }
            },
            "schemas": schemas.COMPONENTS,
            "responses": RESPONSES,
        },
    }


def _paths() -> dict:
    created = {
        "allOf": [
            ref("ProspectWithScript"),
            object_schema({"slug_warning": ref("SlugWarning"), "slug_choice": ref("SlugChoice")}),
        ]
    }
    after = {
        "name": "after",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
        "description": "The `next_after` of the previous page.",
    }
    page = object_schema(
        {
            "prospects": {"type": "array", "items": ref("ListedProspect")},
            "total": {
                **INTEGER,
                "description": "Prospects matching, on every page, counted up to 10,001.",
            },
            "total_exact": {**BOOLEAN, "description": "False: more than 10,000 match."},
            "page": INTEGER,
            "next_page": {
                "type": ["integer", "null"],
                "description": "Pass as `page` for the next page; null on the last.",
            },
            "next_after": {
                "type": ["integer", "null"],
                "description": "Newest first only: pass as `after` for the next page; null on "
                "the last.",
            },
        }
    )
    visit_after = {
        **after,
        "description": "The `next_after` of the previous page: the id of its last visit.",
    }
    visit_page = object_schema(
        {
            "visits": {"type": "array", "items": ref("Visit")},
            "next_after": {
                "type": ["integer", "null"],
                "description": "Pass as `after` for the next page; null on the last.",
            },
        }
    )
    voicemail_input = object_schema(
        {
            "template": {
                "type": "string",
                "maxLength": 64,
                "description": "The template used (default: the one shown).",
            },
            "goal": {"type": "string", "enum": list(goals.GOALS)},
            "attempt": {"type": "integer", "minimum": 1, "maximum": 99},
        },
        required=(),
        additionalProperties=False,
    )
    voicemail_logged = object_schema(
        {
            "voicemail": object_schema(
                {
                    "attempt": INTEGER,
                    "goal": STRING,
                    "template": STRING,
                    "at": DATE_TIME,
                }
            ),
            "prospect": ref("ProspectWithScript"),
        }
    )
    outcome_logged = object_schema(
        {"kind": {"type": "string", "enum": OUTCOME_KINDS}, "at": DATE_TIME,
         "prospect": ref("ProspectWithScript")}
    )  # fmt: skip
    outcome_input = object_schema(
        {"kind": {"type": "string", "enum": OUTCOME_KINDS}},
        additionalProperties=False,
    )
    paths = {
        "/prospects": {
            "post": _operation(
                "createProspect",
                "Add a prospect: their URL, the voicemail script that says it, the email",
                (
                    "201",
                    _json(
                        created,
                        "The new prospect with their first voicemail script.",
                        {"Location": {"schema": STRING}},
                    ),
                ),
                body=ref("ProspectInput"),
            ),  # fmt: skip
            "get": _operation(
                "listProspects",
                "The rep's prospects: searched, filtered, sorted, a page at a time",
                ("200", _json(page, "One page of prospects.")),
                parameters=[*schemas.LIST_PARAMETERS, _limit(200, 50), after],
                description=(
                    "Archived prospects only with `filter=archived`. Filters combine (all "
                    "must hold). A parameter this operation does not take, or a bad value, "
                    "is a 422 naming it in `error.fields`."
                ),
            ),
        },
        "/prospects/{slug}": {
            "parameters": [SLUG],
            "get": _operation(
                "getProspect",
                "One prospect, with the next voicemail's script",
                ("200", _json(ref("ProspectWithScript"), "The prospect.")),
                by_slug=True,
            ),
        },
        "/prospects/{slug}/visits": {
            "parameters": [SLUG],
            "get": _operation(
                "listVisits",
                "Every request for the prospect's page, newest first, with its class",
                ("200", _json(visit_page, "One page of visits.")),
                by_slug=True,
                parameters=[_limit(visits.MOST_PER_PAGE, 100), visit_after],
                description="Pages through all of them: pass `next_after` as `after` until "
                "it is null. Hits stored meanwhile neither repeat nor go missing.",
            ),  # fmt: skip
        },
        "/prospects/{slug}/voicemails": {
            "parameters": [SLUG],
            "post": _operation(
                "logVoicemail",
                "Log a voicemail left: the series moves on",
                ("201", _json(voicemail_logged, "The voicemail, and the next one's script.")),
                body=voicemail_input,
                body_required=False,
                by_slug=True,
                description="The next call is set two business days out.",
            ),
        },
        "/prospects/{slug}/outcomes": {
            "parameters": [SLUG],
            "post": _operation(
                "logOutcome",
                "Log a call: what happened sets the next call day",
                ("201", _json(outcome_logged, "The call, and the prospect as it is now.")),
                body=outcome_input,
                by_slug=True,
                description=(
                    "`no_answer`: next business day; `voicemail_left`: as logVoicemail; "
                    "`connected` and `called_back`: score reset, 5 days; `meeting_booked`: "
                    "10 days; `not_interested`: 60 days; `do_not_contact`: never again "
                    "(their page goes too)."
                ),
            ),
        },
        "/calls": {
            "get": _operation(
                "callNext",
                "Who to call next: engaged prospects, hot ones first, then by score",
                (
                    "200",
                    _json(
                        object_schema({"calls": {"type": "array", "items": ref("Call")}}),
                        "The call-next list.",
                    ),
                ),
            ),  # fmt: skip
        },
    }
    paths["/prospects"]["post"]["responses"]["409"] = _response("RivalSlug")
    paths["/prospects/{slug}/video"] = {"parameters": [SLUG], "post": _video_upload()}
    return paths


def _video_upload() -> dict:
    operation = _operation(
        "uploadVideo",
        "Give a prospect a personal video: shown first on their page, once processed",
        ("202", _json(ref("VideoStatus"), "Received; `landing worker` makes it playable.")),
        body={},
        by_slug=True,
        description=(
            "An MP4, MOV or WebM within the company's limits (the Company page: 500 MB and "
            "3 minutes unless changed; the server's VIDEO_MAX_MB caps the size). The "
            "prospect's `video` says when it is ready, with its URLs, or why it failed; "
            "their page shows the earlier video until then, and again if it fails."
        ),
    )
    file = {"type": "string", "contentMediaType": "application/octet-stream"}
    operation["requestBody"] = {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": object_schema({"file": file}),
                "encoding": {"file": {"contentType": "application/octet-stream"}},
            }
        },
    }
    operation["responses"]["413"] = _error("The file is over the company's size limit.")
    operation["responses"]["415"] = _error("The body is not multipart/form-data.")
    operation["responses"]["400"] = _error("No `file` field in the body.")
    return operation

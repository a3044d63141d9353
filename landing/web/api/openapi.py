"""The OpenAPI 3.1 description of /api/v1, and of the webhook landing sends
(landing.notify.webhook_delivery).

The tests check every real response against these schemas, and schemathesis calls every
operation with what the schemas allow, so the document cannot drift from the views."""

from __future__ import annotations

from functools import cache

from landing.calls import outcomes
from landing.pages import visits
from landing.scripts import goals

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, required: tuple[str, ...] | None = None, **more) -> dict:
    """An object with these properties, all of them always present unless told otherwise."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties if required is None else required),
        **more,
    }


def _text(max_length: int, description: str = "", **more) -> dict:
    schema = {"type": "string", "maxLength": max_length, **more}
    return {**schema, "description": description} if description else schema


PROSPECT = _object(
    {
        "id": INTEGER,
        "slug": {**STRING, "description": "The page's path: `Rob-Mason`."},
        "url": {**STRING, "description": "The page, on the company's public address."},
        "name": STRING,
        "first_name": STRING,
        "last_name": STRING,
        "company": STRING,
        "title": STRING,
        "email": STRING,
        "phone": {**STRING, "description": "E.164 (`+15550100199`), or empty."},
        "outcome": STRING,
        "next_call_on": DATE,
        "voicemails_left": INTEGER,
        "do_not_contact": BOOLEAN,
        "archived": BOOLEAN,
        "created_at": DATE_TIME,
    }
)
WARNING = _object({"code": STRING, "message": STRING})
SCRIPT = {
    "spoken_url": {**STRING, "description": "The URL as said: `acme dot com forward slash ...`"},
    "goal": {"type": "string", "enum": list(goals.GOALS)},
    "attempt": {**INTEGER, "description": "The voicemail number this script is for."},
    "template": STRING,
    "template_name": STRING,
    "script": {**STRING, "description": "The voicemail to say."},
    "seconds": {**INTEGER, "description": "Its length at the rep's pace."},
    "warnings": {"type": "array", "items": _ref("ScriptWarning")},
    "email_subject": STRING,
    "email_body": STRING,
    "mailto": {**STRING, "description": "A mailto: link that opens the follow-up email."},
}
PROSPECT_WITH_SCRIPT = {
    "allOf": [
        _ref("Prospect"),
        _object(SCRIPT, description="The next voicemail's script and the follow-up email."),
    ]
}
SLUG_WARNING = {
    "oneOf": [
        {"type": "null"},
        _object(
            {
                "rivals": {"type": "array", "items": STRING},
                "near_others": BOOLEAN,
                "alternatives": {"type": "array", "items": STRING},
                "message": STRING,
            }
        ),
    ],
    "description": "Other slugs one letter or sound away: typos of either reach neither. "
    "`rivals` names your own prospects' slugs only; `near_others` says that other reps' "
    "prospects' URLs are that near too, without naming them.",
}
PROSPECT_INPUT = _object(
    {
        "first_name": _text(80, minLength=1),
        "last_name": _text(80),
        "company": _text(120),
        "title": _text(120),
        "email": _text(254, "For the follow-up email."),
        "phone": _text(40, "With the country code: `+1 415 555 0199`."),
        "outcome": _text(200, "What they want: `fewer late shipments`."),
        "goal": {
            "type": "string",
            "enum": ["", *goals.GOALS],
            "description": "The voicemails' goal; empty: the rep's or the team's default.",
        },
    },
    required=("first_name",),
    additionalProperties=False,
)
CALL = _object(
    {
        "id": INTEGER,
        "slug": STRING,
        "name": STRING,
        "company": STRING,
        "phone": STRING,
        "score": {"type": "number"},
        "hot": {**BOOLEAN, "description": "Engaged within the last 15 minutes."},
        "reason": {**STRING, "description": "Why, in words: `tapped Book a meeting 4 min ago`."},
        "visits": INTEGER,
        "people": INTEGER,
        "last_engaged_at": DATE_TIME,
        "next_call_on": DATE,
        "events": {
            "type": "array",
            "items": _object(
                {
                    "kind": STRING,
                    "at": DATE_TIME,
                    "weight": INTEGER,
                    "points": {"type": "number"},
                    "detail": STRING,
                }
            ),
        },
    }
)
VISIT = _object(
    {
        "at": DATE_TIME,
        "classification": {"type": "string", "enum": list(visits.LABELS)},
        "reason": STRING,
        "user_agent": STRING,
        "ip": {**STRING, "description": "Truncated to its /24 (IPv4) or /48 (IPv6)."},
        "referrer": STRING,
        "method": STRING,
        "visitor": {**STRING, "description": "The first-party visitor cookie's id, or empty."},
        "engaged_at": {"type": ["string", "null"], "format": "date-time"},
        "repeats": {
            "type": "integer",
            "description": "More hits this row stands for: past the per-minute limit of one "
            "address or visitor, hits are counted on one row instead of stored one by one.",
        },
    }
)
ERROR = _object(
    {
        "error": _object(
            {
                "code": {
                    "type": "string",
                    "description": "`unauthorized`, `not_found`, `invalid`, `rate_limited`...",
                },
                "message": {**STRING, "description": "For people."},
                "fields": {
                    "type": "object",
                    "additionalProperties": STRING,
                    "description": "With `invalid`: each field's problem.",
                },
            },
            required=("code", "message"),
        )
    }
)
WEBHOOK_PAYLOAD = _object(
    {
        "text": {
            **STRING,
            "description": (
                "The notice and its link, for Slack: `&`, `<` and `>` escaped as `&amp;`, "
                "`&lt;` and `&gt;`, so names show as typed. Programs read `notice.text`."
            ),
        },
        "event": {"type": "string", "enum": ["engaged_visit"]},
        "notice": _object(
            {
                "id": INTEGER,
                "kind": STRING,
                "at": DATE_TIME,
                "text": {**STRING, "description": "The notice as written (not escaped)."},
                "prospect_id": {"type": ["integer", "null"]},
                "visit_id": {"type": ["integer", "null"]},
                "url": {"type": ["string", "null"]},
            }
        ),
    }
)


def _error(description: str, headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {"application/json": {"schema": _ref("Error")}},
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
        "webhooks": _webhooks(),
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A rep's API token, `lnd_` and 43 characters.",
                }
            },
            "schemas": {
                "Prospect": PROSPECT,
                "ProspectWithScript": PROSPECT_WITH_SCRIPT,
                "ProspectInput": PROSPECT_INPUT,
                "ScriptWarning": WARNING,
                "SlugWarning": SLUG_WARNING,
                "Call": CALL,
                "Visit": VISIT,
                "Error": ERROR,
                "EngagedVisitNotice": WEBHOOK_PAYLOAD,
            },
            "responses": RESPONSES,
        },
    }


def _paths() -> dict:
    created = {
        "allOf": [
            _ref("ProspectWithScript"),
            _object({"slug_warning": _ref("SlugWarning")}),
        ]
    }
    after = {
        "name": "after",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
        "description": "The `next_after` of the previous page.",
    }
    page = _object(
        {
            "prospects": {"type": "array", "items": _ref("Prospect")},
            "next_after": {
                "type": ["integer", "null"],
                "description": "Pass as `after` for the next page; null on the last.",
            },
        }
    )
    voicemail_input = _object(
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
    voicemail_logged = _object(
        {
            "voicemail": _object(
                {
                    "attempt": INTEGER,
                    "goal": STRING,
                    "template": STRING,
                    "at": DATE_TIME,
                }
            ),
            "prospect": _ref("ProspectWithScript"),
        }
    )
    outcome_logged = _object(
        {"kind": {"type": "string", "enum": OUTCOME_KINDS}, "at": DATE_TIME,
         "prospect": _ref("ProspectWithScript")}
    )  # fmt: skip
    outcome_input = _object(
        {"kind": {"type": "string", "enum": OUTCOME_KINDS}},
        additionalProperties=False,
    )
    return {
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
                body=_ref("ProspectInput"),
            ),  # fmt: skip
            "get": _operation(
                "listProspects",
                "The rep's current prospects, newest first",
                ("200", _json(page, "One page of prospects.")),
                parameters=[_limit(100, 50), after],
            ),
        },
        "/prospects/{slug}": {
            "parameters": [SLUG],
            "get": _operation(
                "getProspect",
                "One prospect, with the next voicemail's script",
                ("200", _json(_ref("ProspectWithScript"), "The prospect.")),
                by_slug=True,
            ),
        },
        "/prospects/{slug}/visits": {
            "parameters": [SLUG],
            "get": _operation(
                "listVisits",
                "Every request for the prospect's page, newest first, with its class",
                (
                    "200",
                    _json(
                        _object({"visits": {"type": "array", "items": _ref("Visit")}}),
                        "The visits.",
                    ),
                ),
                by_slug=True,
                parameters=[_limit(200, 100)],
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
                        _object({"calls": {"type": "array", "items": _ref("Call")}}),
                        "The call-next list.",
                    ),
                ),
            ),  # fmt: skip
        },
    }


def _webhooks() -> dict:
    signed = "Present when the rep set a webhook secret."
    return {
        "engagedVisit": {
            "post": {
                "operationId": "engagedVisit",
                "summary": "A prospect is on their page now (one per engaged visit)",
                "description": (
                    "Sent by `landing worker` to the rep's webhook URL (Notifications → How "
                    "you are told), at least once, with retries and backoff; 20 failures in "
                    "a row turn the webhook off. The body is Slack-compatible (`text`). With "
                    "a secret, verify `X-Landing-Signature` = `sha256=` + hex HMAC-SHA256 "
                    "with the secret of `<X-Landing-Timestamp>.<raw body>`, compare in "
                    "constant time, and reject timestamps more than a few minutes old."
                ),
                "security": [],
                "parameters": [
                    {
                        "name": "X-Landing-Timestamp",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "pattern": "^[0-9]+$"},
                        "description": f"Unix seconds when it was sent. {signed}",
                    },
                    {
                        "name": "X-Landing-Signature",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "pattern": "^sha256=[0-9a-f]{64}$"},
                        "description": f"`sha256=<hex HMAC>`. {signed}",
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("EngagedVisitNotice")}},
                },
                "responses": {
                    "2XX": {"description": "Received. Any other answer is retried later."}
                },
            }
        }
    }

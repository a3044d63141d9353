"""The JSON Schemas of what /api/v1 takes and answers, and of the webhook's body: the
components of the OpenAPI document (openapi).

A prospect's own fields (ProspectInput, and those of Prospect that the rep typed) are built
from landing.prospects.fields, the table the service's checks, the add form and the CSV
import read too, so the document states the limits the checks apply."""

from __future__ import annotations

from landing.calls import prospect_list
from landing.pages import visits
from landing.prospects import fields
from landing.prospects.fields import ProspectField
from landing.scripts import goals

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}


def ref(name: str) -> dict:
    """A reference to the component schema called name."""
    return {"$ref": f"#/components/schemas/{name}"}


def object_schema(properties: dict, required: tuple[str, ...] | None = None, **more) -> dict:
    """An object with these properties, all of them always present unless told otherwise."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties if required is None else required),
        **more,
    }


def input_schema(field: ProspectField) -> dict:
    """What a client may send for a prospect's field: the limits its check applies."""
    if field.kind == fields.GOAL:
        schema = {"type": "string", "enum": ["", *goals.GOALS]}
    else:
        schema = {"type": "string", "maxLength": field.max_length}
        if field.required:
            schema["minLength"] = 1
    return {**schema, "description": field.description} if field.description else schema


def shown_schema(field: ProspectField) -> dict:
    """The field as the API shows it: as stored, always present, empty when not given."""
    return {**STRING, "description": field.stored} if field.stored else STRING


PROSPECT = object_schema(
    {
        "id": INTEGER,
        "slug": {**STRING, "description": "The page's path: `Rob-Mason`."},
        "url": {**STRING, "description": "The page, on the company's public address."},
        "name": STRING,
        **{name: shown_schema(fields.FIELDS[name]) for name in fields.PERSON},
        "next_call_on": DATE,
        "voicemails_left": INTEGER,
        "do_not_contact": BOOLEAN,
        "archived": BOOLEAN,
        "created_at": DATE_TIME,
    }
)
WARNING = object_schema({"code": STRING, "message": STRING})
SCRIPT = {
    "spoken_url": {**STRING, "description": "The URL as said: `acme dot com forward slash ...`"},
    "goal": {"type": "string", "enum": list(goals.GOALS)},
    "attempt": {**INTEGER, "description": "The voicemail number this script is for."},
    "template": STRING,
    "template_name": STRING,
    "script": {**STRING, "description": "The voicemail to say."},
    "seconds": {**INTEGER, "description": "Its length at the rep's pace."},
    "warnings": {"type": "array", "items": ref("ScriptWarning")},
    "email_subject": STRING,
    "email_body": STRING,
    "email_html": {
        **STRING,
        "description": "The follow-up email as HTML: with a personal video, its animated "
        "thumbnail linked to the prospect's page (mail that carries HTML; a mailto cannot).",
    },
    "mailto": {**STRING, "description": "A mailto: link that opens the follow-up email."},
}
URL = {"type": "string", "format": "uri"}
VIDEO_STATUS = object_schema(
    {
        "id": INTEGER,
        "status": {"type": "string", "enum": ["received", "processing", "ready", "failed"]},
        "error": {**STRING, "description": "Why it failed, in words; empty otherwise."},
        "note": {**STRING, "description": "When ready: e.g. that it has no sound."},
        "video_url": {**URL, "description": "The MP4 (H.264/AAC), with range requests."},
        "poster_url": {**URL, "description": "A JPEG of the rep, shown before play."},
        "thumbnail_url": {
            **URL,
            "description": "A 3-second animated GIF with a play button and the prospect's "
            "first name, for the email.",
        },
        "duration_ms": INTEGER,
    },
    required=("id", "status", "error"),
    description="A personal video: `landing worker` makes it playable after the upload.",
)
PROSPECT_WITH_SCRIPT = {
    "allOf": [
        ref("Prospect"),
        object_schema(
            {**SCRIPT, "video": {"oneOf": [{"type": "null"}, ref("VideoStatus")]}},
            description="The next voicemail's script and the follow-up email; the personal "
            "video: their own, in whatever state, else the team's their page shows (null "
            "when neither).",
        ),
    ]
}
SLUG_WARNING = {
    "oneOf": [
        {"type": "null"},
        object_schema(
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
SLUG_CHOICE = object_schema(
    {
        "slug": STRING,
        "natural": {**STRING, "description": "First-Last, the URL the name would have had."},
        "moved": {**BOOLEAN, "description": "The natural URL sounded like another: not used."},
        "rivals": {"type": "array", "items": STRING},
        "message": STRING,
    },
    description="Which URL was chosen and why. `rivals` names your own prospects' URLs "
    "only; anyone else's is `another prospect's page`.",
)
PROSPECT_INPUT = object_schema(
    {name: input_schema(fields.FIELDS[name]) for name in fields.ADDED}
    | {
        "slug": {
            **STRING,
            "maxLength": 60,
            "description": "The URL to use; empty or left out: the app picks one that "
            "sounds like no other.",
        },
        "allow_rival": {
            **BOOLEAN,
            "description": "Keep `slug` even though it sounds like another URL (else 409).",
        },
        "allow_duplicate": {
            **BOOLEAN,
            "description": "Add them even though a prospect has the same email, or the same "
            "name and company (else 409, code `duplicate`).",
        },
    },
    required=fields.REQUIRED,
    additionalProperties=False,
)
CALL = object_schema(
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
            "items": object_schema(
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
VISIT = object_schema(
    {
        "id": {**INTEGER, "description": "Pass as `after` to go on below this visit."},
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
        "device": {
            **STRING,
            "description": 'Device, browser and system in words ("iPhone · Safari · iOS 17.6"), '
            "from ua-parser; empty when nothing is recognised.",
        },
        "why": {**STRING, "description": "Why the visit has its class, as a sentence."},
        "timeline": {
            "type": "array",
            "description": "What the visitor did on the page, in order.",
            "items": object_schema(
                {
                    "at": DATE_TIME,
                    "after_seconds": {**INTEGER, "description": "Since the page was fetched."},
                    "kind": {**STRING, "description": "`visible`, `scroll`, `click_booking`..."},
                    "what": {**STRING, "description": "The same in words."},
                }
            ),
        },
    }
)
ERROR = object_schema(
    {
        "error": object_schema(
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
                "slug": {**STRING, "description": "With `duplicate`: the existing prospect's."},
            },
            required=("code", "message"),
        )
    }
)
WEBHOOK_PAYLOAD = object_schema(
    {
        "text": {
            **STRING,
            "description": (
                "The notice and its link, for Slack: `&`, `<` and `>` escaped as `&amp;`, "
                "`&lt;` and `&gt;`, so names show as typed. Programs read `notice.text`."
            ),
        },
        "event": {"type": "string", "enum": ["engaged_visit"]},
        "notice": object_schema(
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

LISTED_PROSPECT = {
    "allOf": [
        ref("Prospect"),
        object_schema(
            {
                "score": {"type": "number", "description": "The call-next score; 0: none."},
                "hot": {**BOOLEAN, "description": "On their page in the last 15 minutes."},
                "reason": {**STRING, "description": "The score's reason in words."},
                "last_visit_at": {
                    "type": ["string", "null"],
                    "format": "date-time",
                    "description": "When a person last opened their page.",
                },
            }
        ),
    ]
}


def _query(name: str, schema: dict, description: str, **more) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description, **more}  # fmt: skip


LIST_PARAMETERS = [
    _query("q", {"type": "string", "maxLength": prospect_list.MAX_SEARCH},
           "Search names, companies, emails and URLs; a typo or two in a name or URL, or "
           "the way it sounds, still finds it. Every word must match.", example="Rob Masen"),
    _query("filter", {"type": "array", "items": {"type": "string",
                                                 "enum": list(prospect_list.FILTERS)}},
           "; ".join(f"`{k}`: {v}" for k, v in prospect_list.FILTERS.items())
           + ". Repeat it, or separate with commas.", style="form", explode=True),
    _query("attempt", {"type": "integer", "minimum": 1, "maximum": goals.MAX_ATTEMPT},
           "Whose next voicemail is this number."),
    _query("goal", {"type": "string", "enum": list(goals.GOALS)},
           "Whose voicemails have this goal (an empty goal is the rep's or team's default)."),
    _query("sort", {"type": "string", "enum": list(prospect_list.SORTS),
                    "default": "created"},
           "`created`: newest first; `score`: highest call-next score first, then newest; "
           "`last_visit`: latest visit by a person first; `next_call`: soonest first."),
    _query("page", {"type": "integer", "minimum": 1, "maximum": prospect_list.MAX_PAGE,
                    "default": 1}, "Which page of `limit` prospects."),
]  # fmt: skip


COMPONENTS = {
    "Prospect": PROSPECT,
    "ListedProspect": LISTED_PROSPECT,
    "ProspectWithScript": PROSPECT_WITH_SCRIPT,
    "ProspectInput": PROSPECT_INPUT,
    "ScriptWarning": WARNING,
    "SlugWarning": SLUG_WARNING,
    "SlugChoice": SLUG_CHOICE,
    "Call": CALL,
    "Visit": VISIT,
    "Error": ERROR,
    "VideoStatus": VIDEO_STATUS,
    "EngagedVisitNotice": WEBHOOK_PAYLOAD,
}

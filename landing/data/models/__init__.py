"""Tables, one module per part of the domain. Input shapes (what forms, the CLI and the API
accept) live with their services. Everything is importable from here."""

from landing.data.models.calls import (
    CallOutcome,
    ExportJob,
    RetiredBuiltin,
    ScriptTemplate,
    Voicemail,
)
from landing.data.models.columns import UTCDateTime
from landing.data.models.company import SCORE_WEIGHTS, Company
from landing.data.models.images import StoredImage
from landing.data.models.notices import Notice, OutboxMessage
from landing.data.models.prospects import HeardKey, Prospect, RetiredSlug
from landing.data.models.team import ApiToken, Attempt, Invite, Rep, RepSession
from landing.data.models.videos import Video
from landing.data.models.visits import Engagement, MissedVisit, Visit
from landing.data.models.website import WebsitePath

__all__ = [
    "SCORE_WEIGHTS", "ApiToken", "Attempt", "CallOutcome", "Company", "Engagement", "ExportJob",
    "HeardKey",
    "Invite", "MissedVisit", "Notice", "OutboxMessage", "Prospect", "Rep", "RepSession",
    "RetiredBuiltin", "RetiredSlug", "ScriptTemplate", "StoredImage", "UTCDateTime", "Video",
    "Visit", "Voicemail", "WebsitePath",
]  # fmt: skip

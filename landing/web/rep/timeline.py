"""The prospect page's activity timeline (templates/app/_activity_timeline.html): laid out
from the voicemails, visits and calls the page has already loaded, so the partial needs
nothing more from the view than the history it shows."""

from __future__ import annotations

from flask_login import current_user

from landing.calls import activity, outcomes
from landing.core.clock import utcnow
from landing.notify import notices
from landing.web.rep.dashboard import bp

CALL_LABELS = {kind: rule.label for kind, rule in outcomes.RULES.items()}


@bp.app_template_global()
def activity_timeline(voicemails, stories, calls) -> activity.Timeline | None:
    return activity.timeline(
        voicemails, stories, calls, CALL_LABELS, now=utcnow(), zone=notices.rep_zone(current_user)
    )

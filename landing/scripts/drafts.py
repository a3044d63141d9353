"""Activating a draft template: checked against the three sample prospects first, so a
template that leaves a gap for a prospect without an outcome never reaches one.

A new template is a draft until activated; an edit of a template in use is a draft row
beside it (landing.scripts.templates.save_template). Activating an edit copies it onto the
template in use, which keeps its key and so its results; the draft row goes.
"""

from __future__ import annotations

from sqlmodel import Session

from landing.core.ids import parse_id
from landing.core.validate import InputError
from landing.data.models import Rep, ScriptTemplate
from landing.scripts import gaps, templates
from landing.scripts.library import Template, sample_context
from landing.scripts.lint import Finding

COPIED = ("name", "goal", "attempt", "voicemail", "email_subject", "email_body", "language")


def _draft(session: Session, rep: Rep, key: str) -> ScriptTemplate | None:
    """The draft a key names: the draft's own, or that of the template in use it edits.
    None when rep has no such draft; AdminOnly for the team's when rep is not an admin."""
    try:
        row_id = parse_id(key)
    except ValueError:
        return None
    row = templates.editable(session, rep, row_id)
    if row is None:
        return None
    return row if row.draft else templates.pending_draft(session, row)


def blocking_gaps(template: Template, base: dict | None = None) -> list[tuple[str, Finding]]:
    """Every gap the template leaves for one of the sample prospects, with whose it is.
    base: the team's own values (its references, the rep's phone); typical ones without."""
    base = base or sample_context()
    found = []
    for sample in gaps.SAMPLES:
        for finding in gaps.find_gaps(template, gaps.sample_context(base, sample)):
            found.append((sample.label, finding))
    return found


def activate(
    session: Session, rep: Rep, key: str, base: dict | None = None
) -> ScriptTemplate | None:
    """Put the draft key names into rotation and return the template in use now; None when
    there is no such draft; InputError (on "template") naming the gaps it would leave."""
    draft = _draft(session, rep, key)
    if draft is None:
        return None
    found = blocking_gaps(templates.from_row(draft), base)
    if found:
        whom = " and ".join(dict.fromkeys(f"a prospect with {label.lower()}" for label, _ in found))
        more = (
            f" ({len(found) - 1} more gaps)"
            if len(found) > 2
            else " (1 more gap)"
            if len(found) == 2
            else ""
        )
        raise InputError(
            {"template": f"Not activated: it leaves a gap for {whom}. {found[0][1].message}{more}"}
        )
    if draft.draft_of_id is None:
        draft.draft, draft.active = False, True
        session.add(draft)
        session.commit()
        return draft
    in_use = session.get(ScriptTemplate, draft.draft_of_id)
    for field in COPIED:
        setattr(in_use, field, getattr(draft, field))
    session.add(in_use)
    session.delete(draft)
    session.commit()
    return in_use


def discard(session: Session, rep: Rep, key: str) -> bool:
    """Throw away the draft key names; the template in use, if any, is unchanged. False when
    there is no such draft."""
    draft = _draft(session, rep, key)
    if draft is None:
        return False
    session.delete(draft)
    session.commit()
    return True

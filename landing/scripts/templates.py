"""Templates reps and admins write: checked at save time, listed, rotated for testing.

Built-ins are text files read by landing.scripts.library; team templates (no owner) and a
rep's personal ones live in the database. Every template is identified by a key: a
built-in's name, or an id.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from sqlmodel import Session, or_, select

from landing.core import languages, validate
from landing.core.ids import parse_id
from landing.data.models import Company, Rep, RetiredBuiltin, ScriptTemplate
from landing.scripts import goals
from landing.scripts.library import ALL_BUILTINS, BUILTINS, PLACEHOLDERS, Template, sample_context
from landing.scripts.render import parse_template, render_email_body, render_text

BUILTIN_BY_KEY = {t.key: t for t in ALL_BUILTINS}
TEAM, MINE, BUILTIN = "team", "mine", "built-in"

# The whole language a template may use: placeholders, {% if %} and a few text filters.
# Loops, calls, attribute access, assignments and includes are refused at save time, so a
# rep's template can neither reach Python internals nor take the server's time.
ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.If,
    nodes.CondExpr, nodes.And, nodes.Or, nodes.Not, nodes.Compare, nodes.Operand,
    nodes.Filter, nodes.Test, nodes.Concat,
)  # fmt: skip
ALLOWED_FILTERS = {"upper", "lower", "title", "capitalize", "trim", "default"}
ALLOWED_TESTS = {"defined", "none"}
REFUSED = {
    "For": "loops ({% for %})",
    "Getattr": "attribute access (a dot after a placeholder)",
    "Getitem": "indexing (square brackets)",
    "Call": "calling functions",
    "Assign": "{% set %}",
    "AssignBlock": "{% set %}",
    "Macro": "macros",
    "CallBlock": "{% call %}",
    "Include": "including other templates",
    "Import": "importing templates",
    "FromImport": "importing templates",
    "Extends": "extending other templates",
    "Block": "blocks",
    "FilterBlock": "filter blocks",
    "With": "{% with %}",
}


@dataclass(frozen=True)
class Listed:
    """A template as the rep sees it in the library: where it comes from and whether it runs."""

    template: Template
    scope: str  # built-in, team or mine
    active: bool
    draft: bool = False  # written, never activated: not in rotation
    pending: bool = False  # in use, with an edit waiting as a draft to be activated


def key_of(row: ScriptTemplate) -> str:
    return str(row.id)


def from_row(row: ScriptTemplate) -> Template:
    return Template(
        key=key_of(row),
        name=row.name,
        goal=row.goal,
        attempt=row.attempt,
        voicemail=row.voicemail,
        email_subject=row.email_subject,
        email_body=row.email_body,
        builtin=False,
        language=row.language or languages.DEFAULT,
    )


def check_source(source: str, field: str) -> list[str]:
    """Problems with one template text, each a sentence the writer can act on."""
    try:
        tree = parse_template(source)
    except TemplateSyntaxError as exc:
        return [f"Line {exc.lineno}: {exc.message}."]
    problems = []
    for node in _walk(tree):
        kind = type(node).__name__
        if not isinstance(node, ALLOWED_NODES):
            what = REFUSED.get(kind, kind)
            problems.append(f"Templates may use placeholders and {{% if %}} only, not {what}.")
        elif isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
            allowed = ", ".join(sorted(ALLOWED_FILTERS))
            problems.append(f"Filter '{node.name}' is not available; use one of: {allowed}.")
        elif isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
            problems.append(f"Test '{node.name}' is not available; use 'defined' or 'none'.")
        elif isinstance(node, nodes.Name) and node.name not in PLACEHOLDERS:
            problems.append(_unknown(node.name))
    problems = list(dict.fromkeys(problems))
    if problems:
        return problems
    render = render_email_body if field == "email_body" else render_text
    for context in _sample_contexts():
        try:
            render(source, context)
        except (SecurityError, UndefinedError, TypeError, ValueError) as exc:
            return [f"This template fails with typical values: {exc}."]
    return []


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    yield node
    for child in node.iter_child_nodes():
        yield from _walk(child)


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
    hint = f" Did you mean {{{{ {close[0]} }}}}?" if close else ""
    return f"Unknown placeholder {{{{ {name} }}}}.{hint} See the list of placeholders."


def _sample_contexts() -> list[dict]:
    empty = {k: "" for k in ("references", "reference", "outcome", "rep_phone", "booking_url")}
    return [sample_context(), sample_context(**empty, name_spelling="Rob, R O B", attempt=4)]


def check_template(
    *,
    name: str,
    goal: str,
    attempt: str | int | None,
    voicemail: str,
    email_subject: str,
    email_body: str,
    language: str | None = None,
) -> dict:
    """The cleaned fields of a template, or InputError with every problem beside its field.
    An empty language is left out: the company's, filled in when saved."""
    check = validate.Checker()
    values = {
        "name": check.run("name", validate.text, name, 80, True),
        "goal": check.run("goal", validate.choice, goal, goals.GOALS),
        "attempt": None
        if attempt in (None, "", "any")
        else check.run("attempt", validate.integer, attempt, 1, goals.SERIES_LENGTH),
        "voicemail": check.run("voicemail", validate.multiline, voicemail, 2000),
        "email_subject": check.run("email_subject", validate.text, email_subject, 200),
        "email_body": check.run("email_body", validate.multiline, email_body, 4000),
    }
    if language:
        values["language"] = check.run("language", languages.language, language)
    for field in ("voicemail", "email_subject", "email_body"):
        if field in check.errors:
            continue
        if not values[field]:
            check.errors[field] = "Required."
            continue
        problems = check_source(values[field], field)
        if problems:
            check.errors[field] = " ".join(problems)
    check.done()
    return values


def save_template(
    session: Session, rep: Rep, *, team: bool, template_id: int | None = None, **fields
) -> ScriptTemplate | None:
    """Save a new template (no id) or an edit as a draft, which is not in rotation until it
    is activated (landing.scripts.drafts): an edit of a template in use waits beside it, and
    the text in use keeps serving. The draft saved; None when rep may not change that one."""
    if team and not rep.is_admin:
        raise validate.AdminOnly("Only admins publish team templates.")
    values = check_template(**fields)
    values.setdefault("language", _company_language(session))
    if template_id is None:
        row = ScriptTemplate(owner_rep_id=None if team else rep.id, draft=True, **values)
    else:
        row = editable(session, rep, template_id)
        if row is None:
            return None
        if not row.draft:
            row = pending_draft(session, row) or ScriptTemplate(
                owner_rep_id=row.owner_rep_id, draft=True, draft_of_id=row.id, **values
            )
        for field, value in values.items():
            setattr(row, field, value)
    session.add(row)
    session.commit()
    return row


def pending_draft(session: Session, row: ScriptTemplate) -> ScriptTemplate | None:
    """The edit of a template in use that waits to be activated, if there is one."""
    query = select(ScriptTemplate).where(ScriptTemplate.draft_of_id == row.id)
    return session.exec(query.order_by(ScriptTemplate.id)).first()


def _company_language(session: Session) -> str:
    found = session.exec(select(Company.language).order_by(Company.id)).first()
    return found or languages.DEFAULT


def editable(session: Session, rep: Rep, template_id: int) -> ScriptTemplate | None:
    """A template rep may change: their own, or (admins) the team's. None when there is no
    such template or it is another rep's; AdminOnly for the team's, which every rep sees."""
    row = session.get(ScriptTemplate, template_id)
    if row is None or row.owner_rep_id not in (None, rep.id):
        return None
    if row.owner_rep_id is None and not rep.is_admin:
        raise validate.AdminOnly("Only an admin can change the team's templates.")
    return row


def set_active(session: Session, rep: Rep, key: str, active: bool) -> bool:
    """Put a template in or out of rotation; False when there is no such template rep can
    see, AdminOnly when it is a built-in or the team's and rep is not an admin."""
    if key in BUILTIN_BY_KEY:
        if not rep.is_admin:
            raise validate.AdminOnly(
                "Only an admin can put built-in templates in or out of rotation."
            )
        retired = session.get(RetiredBuiltin, key)
        if active and retired:
            session.delete(retired)
        elif not active and not retired:
            session.add(RetiredBuiltin(key=key))
    else:
        row_id = _row_id(key)
        row = editable(session, rep, row_id) if row_id is not None else None
        if row is None or row.draft:  # a draft goes into rotation by being activated
            return False
        row.active = active
        session.add(row)
    session.commit()
    return True


def _row_id(key: str) -> int | None:
    """The id a template key names, or None for a key no row can have ("²", 23 digits)."""
    try:
        return parse_id(key)
    except ValueError:
        return None


def _visible_rows(session: Session, rep: Rep) -> list[ScriptTemplate]:
    query = (
        select(ScriptTemplate)
        .where(or_(ScriptTemplate.owner_rep_id.is_(None), ScriptTemplate.owner_rep_id == rep.id))
        # "Any attempt" first on every database (PostgreSQL would put NULL last).
        .order_by(ScriptTemplate.goal, ScriptTemplate.attempt.nulls_first(), ScriptTemplate.id)
    )
    return list(session.exec(query))


def library(session: Session, rep: Rep, *, drafts: bool = False) -> list[Listed]:
    """Every template rep can use: built-ins (of every language), the team's, and their own;
    with drafts, also the ones rep is writing (an edit of one in use marks that one pending)."""
    retired = set(session.exec(select(RetiredBuiltin.key)))
    listed = [Listed(t, BUILTIN, t.key not in retired) for t in ALL_BUILTINS]
    rows = _visible_rows(session, rep)
    waiting = {row.draft_of_id for row in rows if row.draft_of_id is not None}
    for row in rows:
        # Only their writers see drafts: a rep, their own; admins, the team's.
        hidden = row.owner_rep_id is None and not rep.is_admin
        if row.draft and (not drafts or hidden or row.draft_of_id is not None):
            continue
        scope = TEAM if row.owner_rep_id is None else MINE
        listed.append(Listed(
            from_row(row), scope, row.active and not row.draft, draft=row.draft,
            pending=drafts and row.id in waiting and (row.owner_rep_id is not None or rep.is_admin),
        ))  # fmt: skip
    return listed


def find(session: Session, rep: Rep, key: str) -> Template | None:
    """The template with this key, if rep can see it and it is not a draft (a draft is
    never chosen for a script)."""
    if key in BUILTIN_BY_KEY:
        return BUILTIN_BY_KEY[key]
    row_id = _row_id(key)
    if row_id is None:
        return None
    row = session.get(ScriptTemplate, row_id)
    if row is None or row.owner_rep_id not in (None, rep.id) or row.draft:
        return None
    return from_row(row)


def candidates(
    session: Session, rep: Rep, goal: str, attempt: int, language: str = languages.DEFAULT
) -> list[Template]:
    """Active templates for this goal and attempt in the prospect's language, in a stable
    order, for rotation. With none in that language (one without built-ins, before the team
    wrote any), English ones: the linter then tells the rep the script's language differs."""
    block = goals.block_for(attempt)
    fits = [
        item.template
        for item in library(session, rep)
        if item.active and item.template.goal == goal and item.template.attempt in (None, block)
    ]
    for wanted in dict.fromkeys((language, languages.DEFAULT)):
        spoken = [t for t in fits if t.language == wanted]
        if spoken:
            return spoken
    # An admin may retire every built-in of a goal without writing a replacement yet.
    return [t for t in BUILTINS if t.goal == goal and t.attempt == block]


def rotate(choices: list[Template], prospect_id: int, attempt: int) -> Template:
    """One of choices, stable for a prospect's attempt, taking turns across prospects."""
    return choices[(prospect_id + attempt) % len(choices)]

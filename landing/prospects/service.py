"""Prospects: adding one (with its slug), and finding a rep's own."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from landing.core import clock, validate
from landing.core.clock import utcnow
from landing.data.models import (
    CallOutcome,
    Engagement,
    MissedVisit,
    Notice,
    OutboxMessage,
    Prospect,
    Rep,
    RetiredSlug,
    Visit,
    Voicemail,
)
from landing.pages import misses
from landing.pages.videos import check_video_url
from landing.prospects import duplicates, fields
from landing.team import reps
from landing.urls import distinct, rivals, website
from landing.urls.slugs import RESERVED, SlugError, is_valid_slug, slug_key

# After a voicemail the rep calls again in 2 business days; a new prospect's page already
# promises that day, as their first voicemail is about to be left (landing.calls.outcomes.RULES).
CALL_AGAIN_AFTER_VOICEMAIL = 2


class RivalSlug(validate.InputError):
    """A slug typed by the rep that sounds like another: kept only when confirmed."""

    code = "rival_slug"

    def __init__(self, slug: str, found: list[distinct.Rival], rep_id: int):
        super().__init__({"slug": distinct.rival_message(slug, found, rep_id)})
        self.slug, self.rivals = slug, found


def create_prospect(session: Session, rep: Rep, **given) -> Prospect:
    """add_prospect without what it says about the slug."""
    return add_prospect(session, rep, **given)[0]


def add_prospect(
    session: Session,
    rep: Rep,
    *,
    phone_region: str | None = None,
    today: date | None = None,
    slug: str = "",
    allow_rival: bool = False,
    allow_duplicate: bool = True,
    **given: str,
) -> tuple[Prospect, distinct.Choice]:
    """A new prospect of rep's with a unique speakable slug that sounds like no other; and
    the choice, which says when the natural slug was passed over for a rival. A slug typed
    by the rep is kept as typed, but a rival one only with allow_rival (else RivalSlug).
    Without allow_duplicate, the same email or name and company as a prospect already on
    the team's lists raises duplicates.Duplicate (people typing; imports report their own).
    InputError on bad fields. given holds fields.FIELDS by name, first_name at least;
    phones without a country code are read in phone_region, else the rep's country."""
    unknown = sorted(set(given) - set(fields.FIELDS))
    if unknown:  # a caller's mistake, as a misspelt keyword argument would be
        raise TypeError(f"create_prospect() got unexpected fields: {', '.join(unknown)}")
    phone_region = phone_region or reps.phone_region(rep)
    values, errors = fields.check(given, phone_region, names=tuple(fields.FIELDS))
    if errors:
        raise validate.InputError(errors)
    if not allow_duplicate:
        found = duplicates.find(
            session, email=values.get("email", ""), first_name=values["first_name"],
            last_name=values.get("last_name", ""), company=values.get("company", ""),
        )  # fmt: skip
        if found:
            raise duplicates.Duplicate(*found, rep.id)
    slug = (slug or "").strip().strip("/")
    if slug:
        _check_typed_slug(session, slug, rep.id, allow_rival)
    today = today or clock.today()
    is_taken = _is_taken(session)
    # Two reps adding the same name at once on PostgreSQL can both see a slug free; the
    # unique index catches the loser, who tries again with the next candidate.
    for _attempt in range(3):
        if slug:
            choice = distinct.Choice(slug, slug)
        else:
            try:
                choice = distinct.Checker(session.connection()).choose(
                    values["first_name"], values["last_name"], values["company"], is_taken
                )
            except SlugError as exc:
                raise validate.InputError({"first_name": str(exc)}) from None
        prospect = Prospect(
            rep_id=rep.id,
            slug=choice.slug,
            slug_key=slug_key(choice.slug),
            next_call_on=clock.next_business_day(today, CALL_AGAIN_AFTER_VOICEMAIL),
            **values,
        )
        session.add(prospect)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            if slug:
                error = f"/{slug} was just taken; choose another."
                raise validate.InputError({"slug": error}) from None
            continue
        if misses.claim_for(session, prospect):
            session.commit()
        return prospect, choice
    raise validate.InputError({"first_name": "Could not find a free URL; try again."})


def _check_typed_slug(
    session: Session, slug: str, rep_id: int, allow_rival: bool, prospect: Prospect | None = None
) -> None:
    """InputError unless slug can be this prospect's (a new one without prospect)."""
    key = slug_key(slug)
    if not is_valid_slug(slug):
        error = "Use letters and digits, words joined by single hyphens, up to 60 characters."
    elif key in RESERVED:
        error = f"/{slug} is kept for the app itself; choose another."
    elif key in website.keys(session.connection()):
        error = f"/{slug} is a page of the company's website; choose another."
    elif (prospect is None or key != prospect.slug_key) and _is_taken(session)(key):
        error = f"/{slug} is already taken; choose another."
    else:
        error = ""
    if error:
        raise validate.InputError({"slug": error})
    exclude = prospect.id if prospect else None
    found = distinct.Checker(session.connection()).rivals(slug, exclude)
    if found and not allow_rival:
        raise RivalSlug(slug, found, rep_id)


def _is_taken(session: Session):
    now = utcnow()

    def is_taken(key: str) -> bool:
        if session.exec(select(Prospect.id).where(Prospect.slug_key == key)).first() is not None:
            return True
        # A forgotten prospect's slug: their voicemail may still be played back.
        retired = select(RetiredSlug.slug_key).where(
            RetiredSlug.slug_key == key, RetiredSlug.until > now
        )
        return session.exec(retired).first() is not None

    return is_taken


def slug_warning(session: Session, prospect: Prospect) -> rivals.SlugWarning | None:
    """Other slugs competing for this one's typos, while the slug can still change."""
    if not can_change_slug(session, prospect):
        return None
    return rivals.warning_for(
        session.connection(), prospect.id, prospect.rep_id, prospect.slug, prospect.first_name,
        prospect.last_name, prospect.company, _is_taken(session),
    )  # fmt: skip


def can_change_slug(session: Session, prospect: Prospect) -> bool:
    """Until a voicemail has said the URL aloud, it can change without breaking anything."""
    said = session.exec(select(Voicemail.id).where(Voicemail.prospect_id == prospect.id)).first()
    return said is None and prospect.voicemails_left == 0


def change_slug(
    session: Session, prospect: Prospect, new_slug: str, allow_rival: bool = False
) -> Prospect:
    """Give the prospect another speakable slug; InputError when it cannot be that, and
    RivalSlug when it sounds like another slug and allow_rival is not given."""
    new_slug = (new_slug or "").strip().strip("/")
    key = slug_key(new_slug)
    if not can_change_slug(session, prospect):
        error = "A voicemail has already said this URL aloud; changing it would break it."
        raise validate.InputError({"slug": error})
    _check_typed_slug(session, new_slug, prospect.rep_id, allow_rival, prospect)
    prospect.slug, prospect.slug_key = new_slug, key
    session.add(prospect)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        error = f"/{new_slug} was just taken; choose another."
        raise validate.InputError({"slug": error}) from None
    if misses.claim_for(session, prospect):
        session.commit()
    return prospect


def archive(session: Session, prospect: Prospect) -> Prospect:
    """Off every list and never resolved to; the slug stays taken."""
    if prospect.archived_at is None:
        prospect.archived_at = utcnow()
        session.add(prospect)
        session.commit()
    return prospect


def restore(session: Session, prospect: Prospect) -> Prospect:
    if prospect.archived_at is not None:
        prospect.archived_at = None
        session.add(prospect)
        session.commit()
        if misses.claim_for(session, prospect):
            session.commit()
    return prospect


def get_prospect(session: Session, rep_id: int, prospect_id: int) -> Prospect | None:
    """The prospect if it is rep_id's own; None for anyone else's (shown as a 404)."""
    prospect = session.get(Prospect, prospect_id)
    return prospect if prospect and prospect.rep_id == rep_id else None


def find_by_slug(session: Session, slug: str, rep_id: int | None = None) -> Prospect | None:
    query = select(Prospect).where(Prospect.slug_key == slug_key(slug))
    if rep_id is not None:
        query = query.where(Prospect.rep_id == rep_id)
    return session.exec(query).first()


def list_prospects(session: Session, rep_id: int, archived: bool = False) -> list[Prospect]:
    """The rep's prospects, newest first: the current ones, or the archived ones."""
    query = select(Prospect).where(Prospect.rep_id == rep_id).order_by(Prospect.id.desc())
    if archived:
        query = query.where(Prospect.archived_at.is_not(None))
    else:
        query = query.where(Prospect.archived_at.is_(None))
    return list(session.exec(query))


def update_script_choices(
    session: Session,
    prospect: Prospect,
    *,
    goal: str,
    name_spelling: str,
    language: str | None = None,
) -> Prospect:
    """The prospect's voicemail goal, the spelled-out aid for their name and their language
    (None: kept as it is)."""
    given = {"goal": goal, "name_spelling": name_spelling}
    if language is not None:
        given["language"] = language
    values, errors = fields.check(given, "", names=tuple(given))
    if errors:
        raise validate.InputError(errors)
    for field, value in values.items():
        setattr(prospect, field, value)
    session.add(prospect)
    session.commit()
    return prospect


def update_page(
    session: Session,
    prospect: Prospect,
    *,
    personal_note: str,
    video_url: str,
    offer_text: str,
    booking_url: str,
) -> Prospect:
    """What the rep tailored on this prospect's page; empty fields show the team's video and
    offer and the rep's booking link. InputError leaves the stored ones as they were."""
    check = validate.Checker()
    values = {
        "personal_note": check.run("personal_note", validate.text, personal_note, 500),
        "video_url": check.run("video_url", check_video_url, video_url),
        "offer_text": check.run("offer_text", validate.multiline, offer_text, 4000),
        "booking_url": check.run("booking_url", validate.https_url, booking_url),
    }
    check.done()
    for field, value in values.items():
        setattr(prospect, field, value)
    session.add(prospect)
    session.commit()
    return prospect


def delete_prospect(session: Session, prospect: Prospect) -> dict[str, int]:
    """Remove the prospect and every row about them in one transaction; rows per kind.

    Misses the prospect was credited with stay, credited to no one (forget_prospect deletes
    them)."""
    counts = _delete_rows_of(session, prospect)
    counts["misses"] = session.execute(
        update(MissedVisit)
        .where(MissedVisit.prospect_id == prospect.id)
        .values(prospect_id=None, why="")
    ).rowcount
    session.delete(prospect)  # heard_index's mapper event deletes the prospect's heard keys
    session.commit()
    return counts


def forget_prospect(
    session: Session,
    prospect: Prospect,
    *,
    days: int,
    now: datetime | None = None,
) -> dict[str, int]:
    """delete_prospect, and the misses that were or could have been meant for them; the slug
    goes to no one else for `days` (the retention window: their voicemail is still heard)."""
    now = now or utcnow()
    counts = _delete_rows_of(session, prospect)
    missed = misses.about(session, prospect)
    counts["misses"] = 0
    for start in range(0, len(missed), 1000):
        batch = missed[start : start + 1000]
        counts["misses"] += session.execute(
            delete(MissedVisit).where(MissedVisit.id.in_(batch))
        ).rowcount
    session.merge(RetiredSlug(slug_key=prospect.slug_key, until=now + timedelta(days=days)))
    session.delete(prospect)
    session.commit()
    return counts


def _delete_rows_of(session: Session, prospect: Prospect) -> dict[str, int]:
    """Delete what refers to the prospect but misses and heard keys, children first."""
    # Locked first (PostgreSQL): a hit stored meanwhile would make the prospect's own
    # DELETE fail on its foreign key; it waits, then fails alone (and is logged).
    session.execute(select(Prospect.id).where(Prospect.id == prospect.id).with_for_update())
    visit_ids = select(Visit.id).where(Visit.prospect_id == prospect.id)
    notice_about = or_(Notice.prospect_id == prospect.id, Notice.visit_id.in_(visit_ids))
    statements = (
        ("outbox", delete(OutboxMessage).where(
            OutboxMessage.notice_id.in_(select(Notice.id).where(notice_about))
        )),
        ("notices", delete(Notice).where(notice_about)),
        ("engagement", delete(Engagement).where(
            or_(Engagement.prospect_id == prospect.id, Engagement.visit_id.in_(visit_ids))
        )),
        ("visits", delete(Visit).where(Visit.prospect_id == prospect.id)),
        ("voicemails", delete(Voicemail).where(Voicemail.prospect_id == prospect.id)),
        ("call_outcomes", delete(CallOutcome).where(CallOutcome.prospect_id == prospect.id)),
    )  # fmt: skip
    return {kind: session.execute(statement).rowcount for kind, statement in statements}

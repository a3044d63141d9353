"""Company-wide settings an admin edits: name, domain, demo video, offer, references."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from landing import goals, validate
from landing.models import Company
from landing.slugs import HYPHEN_WORDS, SLASH_WORDS
from landing.videos import Video, check_video_url, parse_video


@dataclass(frozen=True)
class CompanySettings:
    """What pages and scripts use: stored values, with config filling the empty ones."""

    name: str
    public_base_url: str
    video_url: str
    offer_text: str
    references: tuple[str, ...]
    default_goal: str = goals.VISIT
    url_slash: str = "forward slash"
    url_hyphen: str = "hyphen"
    how_words: tuple[str, ...] = ()

    @property
    def video(self) -> Video | None:
        try:
            return parse_video(self.video_url) if self.video_url else None
        except ValueError:
            return None

    @property
    def references_text(self) -> str:
        return " and ".join(self.references)


def get_row(session: Session) -> Company:
    return session.exec(select(Company).order_by(Company.id)).first() or Company()


def effective(row: Company, defaults: Mapping) -> CompanySettings:
    return CompanySettings(
        name=row.name or defaults.get("COMPANY_NAME", ""),
        public_base_url=(row.public_base_url or defaults.get("PUBLIC_BASE_URL", "")).rstrip("/"),
        video_url=row.video_url,
        offer_text=row.offer_text,
        references=tuple(r for r in (row.reference_1, row.reference_2) if r),
        default_goal=row.default_goal or goals.VISIT,
        url_slash=row.url_slash or "forward slash",
        url_hyphen=row.url_hyphen or "hyphen",
        how_words=tuple(w.strip() for w in row.how_words.splitlines() if w.strip()),
    )


def current(session: Session, defaults: Mapping) -> CompanySettings:
    return effective(get_row(session), defaults)


def save(
    session: Session,
    *,
    name: str,
    public_base_url: str,
    video_url: str,
    offer_text: str,
    reference_1: str,
    reference_2: str,
    default_goal: str = goals.VISIT,
    url_slash: str = "forward slash",
    url_hyphen: str = "hyphen",
    how_words: str = "",
) -> Company:
    """Store the settings; InputError leaves the stored ones as they were."""
    check = validate.Checker()
    values = {
        "name": check.run("name", validate.text, name, 120, True),
        "public_base_url": check.run("public_base_url", validate.base_url, public_base_url),
        "video_url": check.run("video_url", check_video_url, video_url),
        "offer_text": check.run("offer_text", validate.multiline, offer_text, 4000),
        "reference_1": check.run("reference_1", validate.text, reference_1, 120),
        "reference_2": check.run("reference_2", validate.text, reference_2, 120),
        "default_goal": check.run("default_goal", validate.choice, default_goal, goals.GOALS),
        "url_slash": check.run("url_slash", validate.choice, url_slash, SLASH_WORDS),
        "url_hyphen": check.run("url_hyphen", validate.choice, url_hyphen, HYPHEN_WORDS),
        "how_words": check.run("how_words", _word_list, how_words),
    }
    check.done()
    row = get_row(session)
    for field, value in values.items():
        setattr(row, field, value)
    session.add(row)
    session.commit()
    return row


def _word_list(value: str | None) -> str:
    """One word or phrase per line (commas also split), blanks and repeats dropped."""
    words = [w.strip() for w in (value or "").replace(",", "\n").splitlines() if w.strip()]
    if any(len(w) > 60 for w in words):
        raise ValueError("Each word or phrase at most 60 characters.")
    return validate.multiline("\n".join(dict.fromkeys(words)), 2000)

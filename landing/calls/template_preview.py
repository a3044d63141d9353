"""A template as the three sample prospects would get it, with the team's own values: the
editor's side-by-side preview, and the check a draft passes before it is activated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.lists import format_list
from sqlmodel import Session

from landing.calls import pitches
from landing.core.validate import display_phone
from landing.data.models import Rep, ScriptTemplate
from landing.scripts import drafts, gaps
from landing.scripts.library import Template, sample_context
from landing.scripts.lint import Finding
from landing.scripts.render import callback_day
from landing.team.company import CompanySettings
from landing.urls.slugs import page_url, spoken_url


@dataclass(frozen=True)
class SamplePreview:
    """One sample prospect's script and email, the linter's advice and the gaps found."""

    sample: gaps.Sample
    pitch: pitches.Pitch
    gaps: tuple[Finding, ...]

    def as_dict(self) -> dict:
        return {
            "sample": self.sample.key,
            "label": self.sample.label,
            "script": self.pitch.script,
            "seconds": self.pitch.script_seconds,
            "warnings": list(self.pitch.warnings),
            "gaps": [f.as_dict() for f in self.gaps],
            "email_subject": self.pitch.email_subject,
            "email_body": self.pitch.email_body,
        }


def sample_base(rep: Rep, settings: CompanySettings, language: str) -> dict:
    """Sample prospect values with the team's and the rep's own: their company, references
    and phone, the spoken address in the team's style, a Thursday in language."""
    return sample_context(
        rep_name=rep.name,
        rep_first_name=rep.first_name,
        rep_phone=display_phone(rep.phone),
        rep_email=rep.email,
        company=settings.name or "Acme",
        references=format_list(list(settings.references), locale=language),
        reference=settings.references[0] if settings.references else "",
        url=page_url(settings.public_base_url, "Rob-Mason"),
        spoken_url=spoken_url(
            settings.public_base_url, "Rob-Mason", settings.url_slash, settings.url_hyphen, language
        ),
        callback_day=callback_day(date(2026, 12, 3), date(2026, 12, 1), language),
    )


def previews(
    template: Template, rep: Rep, settings: CompanySettings, language: str
) -> list[SamplePreview]:
    """The template for each sample prospect, in their order: every field, no outcome, no
    company."""
    base = sample_base(rep, settings, language)
    shown = []
    for sample in gaps.SAMPLES:
        values = gaps.sample_context(base, sample)
        pitch = pitches.build_pitch(
            template,
            values,
            goal=template.goal,
            attempt=template.attempt or 1,
            words_per_minute=rep.words_per_minute,
            how_words=settings.how_words,
            language=language,
        )
        shown.append(SamplePreview(sample, pitch, gaps.find_gaps(template, values)))
    return shown


def activate(
    session: Session, rep: Rep, key: str, settings: CompanySettings
) -> ScriptTemplate | None:
    """Activate the draft key names, checked with the team's own values (see drafts)."""
    return drafts.activate(session, rep, key, sample_base(rep, settings, settings.language))

"""What a rep gets before dialing one prospect: a template chosen for the goal and attempt,
rendered with the prospect's values, linted, and the follow-up email that goes with it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from babel.lists import format_list
from markupsafe import Markup, escape
from sqlmodel import Session

from landing.core.validate import InputError, display_phone
from landing.data.models import Prospect, Rep
from landing.scripts import goals, templates
from landing.scripts.library import Template
from landing.scripts.lint import lint_script
from landing.scripts.render import callback_day, mailto, render_email_body, render_text
from landing.team.company import CompanySettings
from landing.urls.slugs import page_url, spoken_url
from landing.videos import library as videos

# The follow-up email's line above a personal video's link and thumbnail, in the prospect's
# language (the rest of the email comes from a template in it).
VIDEO_LINE = {
    "en": "I recorded a short video for you",
    "de": "Ich habe ein kurzes Video für Sie aufgenommen",
    "fr": "J'ai enregistré une courte vidéo pour vous",
    "es": "He grabado un vídeo corto para usted",
    "nl": "Ik heb een korte video voor u opgenomen",
    "pt": "Gravei um vídeo curto para você",
}


@dataclass(frozen=True)
class Pitch:
    """Everything the rep needs before dialing one prospect."""

    slug: str
    url: str
    spoken_url: str
    goal: str
    attempt: int
    template: str
    template_name: str
    script: str
    script_seconds: int
    warnings: tuple[dict, ...]
    email_subject: str
    email_body: str
    mailto: str
    words_per_minute: int
    # The prospect's personal video once ready: video_url, poster_url, thumbnail_url (the
    # animated GIF with their first name, for the email); {} without one.
    video: dict = field(default_factory=dict)
    # The email as HTML, for "Copy email" and mail that can carry it: the same text, and
    # with a personal video, its thumbnail as a link to the page (a mailto cannot).
    email_html: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["seconds"] = self.script_seconds
        data["warnings"] = list(self.warnings)
        return data


def context(prospect: Prospect, rep: Rep, company: CompanySettings, *, today: date) -> dict:
    """The values a template's placeholders stand for (script_library.PLACEHOLDERS), in the
    prospect's language: the day, the spoken address and the list of customers."""
    url = page_url(company.public_base_url, prospect.slug)
    language = prospect_language(prospect, company)
    return {
        "first_name": prospect.first_name,
        "last_name": prospect.last_name,
        "full_name": prospect.full_name,
        "prospect_company": prospect.company,
        "title": prospect.title,
        "outcome": prospect.outcome,
        "rep_name": rep.name,
        "rep_first_name": rep.first_name,
        "rep_phone": display_phone(rep.phone),
        "rep_email": rep.email,
        "booking_url": prospect.booking_url or rep.booking_url,  # their own link, if tailored
        "company": company.name,
        "references": format_list(list(company.references), locale=language),
        "reference": company.references[0] if company.references else "",
        "url": url,
        "spoken_url": spoken_url(
            company.public_base_url,
            prospect.slug,
            company.url_slash,
            company.url_hyphen,
            language,
        ),
        "name_spelling": prospect.name_spelling,
        "callback_day": callback_day(prospect.next_call_on, today, language),
        "attempt": prospect.next_attempt,
    }


def prospect_language(prospect: Prospect, company: CompanySettings) -> str:
    """The language the prospect hears and reads: theirs, else the company's."""
    return prospect.language or company.language


def build_pitch(
    template: Template,
    values: dict,
    *,
    goal: str,
    attempt: int,
    words_per_minute: int = 150,
    how_words: tuple[str, ...] = (),
    to: str = "",
    language: str = "",
    video: dict | None = None,
) -> Pitch:
    """Render template with values and lint the script for its goal (and, given the
    prospect's language, for being in it)."""
    values = {**values, "attempt": attempt}
    script = render_text(template.voicemail, values)
    subject = render_text(template.email_subject, values)
    text = render_email_body(template.email_body, values)
    body = with_video(text, values["url"], video, language) if video else text
    html = email_html(text, values["url"], video, language)
    lint = lint_script(
        script,
        goal=goal,
        first_name=values["first_name"],
        spoken_url=values["spoken_url"],
        callback_day=values["callback_day"],
        words_per_minute=words_per_minute,
        how_words=how_words,
        name_spelling=values.get("name_spelling", ""),
        script_language=template.language,
        prospect_language=language,
    )
    return Pitch(
        slug=values["url"].rsplit("/", 1)[-1],
        url=values["url"],
        spoken_url=values["spoken_url"],
        goal=goal,
        attempt=attempt,
        template=template.key,
        template_name=template.name,
        script=script,
        script_seconds=lint.seconds,
        warnings=tuple(f.as_dict() for f in lint.findings),
        email_subject=subject,
        email_body=body,
        mailto=mailto(to, subject, body),
        words_per_minute=words_per_minute,
        video=video or {},
        email_html=html,
    )


def with_video(body: str, url: str, video: dict, language: str) -> str:
    """The email's text with the video's line and the page's link (the video plays at its
    top), right under the greeting, where video emails put it: what is read before the
    rest. The thumbnail goes only in the HTML copy: as text its address would be noise."""
    line = VIDEO_LINE.get(language[:2], VIDEO_LINE["en"])
    paragraphs = _paragraphs(body)
    paragraphs.insert(_video_place(paragraphs), f"{line}: {url}")
    return "\n\n".join(paragraphs) + "\n"


def _paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _video_place(paragraphs: list[str]) -> int:
    """After a greeting ("Hi Rob," on a line of its own), else first."""
    first = paragraphs[0] if paragraphs else ""
    greeting = "\n" not in first and len(first) <= 60 and first.rstrip().endswith((",", "!", ":"))
    return 1 if greeting else 0


_LINK = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def email_html(text: str, url: str, video: dict | None, language: str) -> str:
    """The email's text as HTML paragraphs with its links clickable; with a personal video,
    the video's line and its animated thumbnail linked to the prospect's page. Every value
    is escaped: a template or a prospect's name cannot add markup."""
    paragraphs = _paragraphs(text)
    html = [Markup("<p>{}</p>").format(_linked(p)) for p in paragraphs]
    if video:
        line = VIDEO_LINE.get(language[:2], VIDEO_LINE["en"])
        html[_video_place(paragraphs) : _video_place(paragraphs)] = [
            Markup("<p>{}:</p>").format(line),
            Markup(
                '<p><a href="{url}"><img src="{src}" alt="{alt}" width="480" '
                'style="display:block;max-width:100%;height:auto;border:0"></a></p>'
                '<p><a href="{url}">{url}</a></p>'
            ).format(url=url, src=video["thumbnail_url"], alt=f"▶ {line}"),
        ]
    return str(Markup("\n").join(html))


def _linked(paragraph: str) -> Markup:
    out, start = [], 0
    for match in _LINK.finditer(paragraph):
        out.append(escape(paragraph[start : match.start()]))
        out.append(Markup('<a href="{0}">{0}</a>').format(match.group()))
        start = match.end()
    out.append(escape(paragraph[start:]))
    return Markup("").join(out).replace("\n", Markup("<br>\n"))


def goal_for(prospect: Prospect, rep: Rep, company: CompanySettings) -> str:
    """The prospect's own goal, else the rep's default, else the team's."""
    return prospect.goal or rep.default_goal or company.default_goal or goals.VISIT


def pitch_for(
    session: Session,
    prospect: Prospect,
    rep: Rep,
    company: CompanySettings,
    *,
    today: date,
    goal: str | None = None,
    attempt: int | None = None,
    template_key: str | None = None,
) -> Pitch:
    """The pitch for the next voicemail; explicit goal, attempt or template override the
    defaults. InputError names a choice that does not exist."""
    errors = {}
    if goal and goal not in goals.GOALS:
        errors["goal"] = f"Goal must be one of: {', '.join(goals.GOALS)}."
    if attempt is not None and not 1 <= attempt <= goals.MAX_ATTEMPT:
        errors["attempt"] = f"Attempt must be a number from 1 to {goals.MAX_ATTEMPT}."
    template = None
    if template_key:
        template = templates.find(session, rep, template_key)
        if template is None:
            errors["template"] = f"No template '{template_key}' that you can use."
    if errors:
        raise InputError(errors)
    attempt = attempt or prospect.next_attempt
    if template is not None:
        goal = template.goal
    else:
        goal = goal or goal_for(prospect, rep, company)
        choices = templates.candidates(
            session, rep, goal, attempt, prospect_language(prospect, company)
        )
        template = templates.rotate(choices, prospect.id or 0, attempt)
    return build_pitch(
        template,
        context(prospect, rep, company, today=today),
        goal=goal,
        attempt=attempt,
        words_per_minute=rep.words_per_minute,
        how_words=company.how_words,
        to=prospect.email,
        language=prospect_language(prospect, company),
        video=videos.urls(
            videos.shown(session, prospect), company.public_base_url, prospect.first_name
        ),
    )

"""Company-wide settings an admin edits: name, domain, demo video, offer, references."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from landing.core import languages, validate
from landing.data.models import SCORE_WEIGHTS, Company
from landing.pages import brand, images
from landing.pages.scanners import check_ranges, parse_ranges
from landing.pages.videos import Video, check_video_url, parse_video
from landing.scripts import goals
from landing.urls.slugs import HYPHEN_WORDS, SLASH_WORDS

# Personal videos: the longest a company may choose, in seconds. Processing takes about a
# third of a core per second of video (bench/video_processing.py), and a prospect watches
# a short one.
VIDEO_SECONDS_RANGE = (10, 600)
MB_CEILING = 100_000  # a save that does not know the server's VIDEO_MAX_MB (the logo's)

# How an import picks among a row's phone columns; the kinds' order is prospects'
# crm_headers.PHONE_ORDERS (a layer above), which a test keeps in step with these.
PHONE_ORDERS = ("mobile", "work", "main")


@dataclass(frozen=True)
class CompanySettings:
    """What pages and scripts use: stored values, with config filling the empty ones."""

    name: str
    public_base_url: str
    video_url: str
    offer_text: str
    references: tuple[str, ...]
    page_layout: str = "classic"
    logo_url: str = ""
    video_poster: str = ""  # an uploaded poster for video_url (/_/img/...); "": its thumbnail
    brand_colour: str = ""  # "#rrggbb", or "" for page.css's own
    customers: tuple[brand.Customer, ...] = ()
    default_goal: str = goals.VISIT
    url_slash: str = "forward slash"
    url_hyphen: str = "hyphen"
    how_words: tuple[str, ...] = ()
    privacy_contact: str = ""  # empty: the privacy notice names the first admin's email
    scanner_networks: tuple = ()  # ip networks whose hits are email security scanners
    language: str = languages.DEFAULT  # prospects' pages unless a prospect has their own
    main_phone: str = ""  # E.164, for tel: links
    main_email: str = ""
    website_url: str = ""
    heard_recent_days: int = 30  # see landing.urls.resolve
    phone_order: str = "mobile"  # a CSV import's first phone column: see PHONE_ORDERS
    weight_visit: int = SCORE_WEIGHTS["weight_visit"]
    weight_repeat_visit: int = SCORE_WEIGHTS["weight_repeat_visit"]
    weight_video_play: int = SCORE_WEIGHTS["weight_video_play"]
    weight_video_75: int = SCORE_WEIGHTS["weight_video_75"]
    weight_contact_click: int = SCORE_WEIGHTS["weight_contact_click"]
    weight_forwarded: int = SCORE_WEIGHTS["weight_forwarded"]
    half_life_hours: int = SCORE_WEIGHTS["half_life_hours"]
    video_max_seconds: int = 180  # the recorder stops there; the worker refuses a longer one
    video_max_mb: int = 500  # the largest file an upload, the API or the CLI takes

    @property
    def video(self) -> Video | None:
        try:
            return parse_video(self.video_url) if self.video_url else None
        except ValueError:
            return None

    @property
    def brand_version(self) -> str:
        return brand.version(self.brand_colour)

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
        page_layout=row.page_layout if row.page_layout in brand.LAYOUTS else "classic",
        logo_url=row.logo_url,
        video_poster=row.video_poster,
        brand_colour=row.brand_colour,
        customers=brand.parse_customers(row.customers),
        default_goal=row.default_goal or goals.VISIT,
        url_slash=row.url_slash or "forward slash",
        url_hyphen=row.url_hyphen or "hyphen",
        how_words=tuple(w.strip() for w in row.how_words.splitlines() if w.strip()),
        privacy_contact=row.privacy_contact,
        language=row.language or languages.DEFAULT,
        main_phone=row.main_phone,
        main_email=row.main_email,
        website_url=row.website_url,
        scanner_networks=_networks(row.scanner_ranges),
        heard_recent_days=row.heard_recent_days,
        phone_order=row.phone_order if row.phone_order in PHONE_ORDERS else "mobile",
        **{field: getattr(row, field) for field in SCORE_FIELDS},
        **video_limits(row, defaults),
    )


def video_limits(row: Company, defaults: Mapping) -> dict[str, int]:
    """The company's limits of personal videos; unset ones are the server's, and no file may
    be larger than the server takes (its operator may lower VIDEO_MAX_MB later)."""
    server_mb = int(defaults.get("VIDEO_MAX_MB", 500))
    return {
        "video_max_seconds": row.video_max_seconds or int(defaults.get("VIDEO_MAX_SECONDS", 180)),
        "video_max_mb": min(row.video_max_mb or server_mb, server_mb),
    }


def _video_seconds(value: str | int) -> int:
    low, high = VIDEO_SECONDS_RANGE
    try:
        seconds = int(str(value).strip())
    except ValueError:
        seconds = 0
    if not low <= seconds <= high:
        raise ValueError(f"A whole number of seconds from {low} to {high}.")
    return seconds


def _video_mb(value: str | int, server_mb: int) -> int:
    try:
        megabytes = int(str(value).strip())
    except ValueError:
        megabytes = 0
    if not 1 <= megabytes <= server_mb:
        raise ValueError(
            f"A whole number of megabytes from 1 to {server_mb}: this server takes no larger file."
        )
    return megabytes


def _networks(text: str) -> tuple:
    try:
        return parse_ranges(text or "")
    except ValueError:
        return ()  # saved through check_ranges, so only a hand-edited database gets here


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
    scanner_ranges: str | None = None,
    privacy_contact: str | None = None,
    page_layout: str | None = None,
    logo_url: str | None = None,
    video_poster: str | None = None,
    brand_colour: str | None = None,
    customers: str | None = None,
    language: str | None = None,
    main_phone: str | None = None,
    main_email: str | None = None,
    website_url: str | None = None,
    phone_region: str = "US",
    heard_recent_days: str | int | None = None,
    phone_order: str | None = None,
    video_max_seconds: str | int | None = None,
    video_max_mb: str | int | None = None,
    server_max_mb: int | None = None,
    **weights: str | int,
) -> Company:
    """Store the settings; InputError leaves the stored ones as they were. `server_max_mb`
    (VIDEO_MAX_MB) is the most video_max_mb may be."""
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
    if scanner_ranges is not None:
        values["scanner_ranges"] = check.run("scanner_ranges", check_ranges, scanner_ranges)
    if privacy_contact is not None:
        values["privacy_contact"] = check.run("privacy_contact", validate.email, privacy_contact)
    if language is not None:
        values["language"] = check.run("language", languages.language, language, False)
    contact = {
        "main_phone": (lambda value: validate.phone(value, phone_region), main_phone),
        "main_email": (validate.email, main_email),
        "website_url": (validate.https_url, website_url),
    }
    for field, (check_contact, value) in contact.items():
        if value is not None:
            values[field] = check.run(field, check_contact, value)
    if heard_recent_days is not None:
        values["heard_recent_days"] = check.run(
            "heard_recent_days", validate.integer, heard_recent_days, 0, 365
        )
    if phone_order is not None:
        values["phone_order"] = check.run("phone_order", validate.choice, phone_order, PHONE_ORDERS)
    if video_max_seconds is not None:
        values["video_max_seconds"] = check.run(
            "video_max_seconds", _video_seconds, video_max_seconds
        )
    if video_max_mb is not None:
        most = server_max_mb or MB_CEILING
        values["video_max_mb"] = check.run("video_max_mb", _video_mb, video_max_mb, most)
    if video_poster is not None:
        values["video_poster"] = check.run("video_poster", images.own_image_url, video_poster)
    looks = {
        "page_layout": (brand.check_layout, page_layout),
        "logo_url": (images.image_url, logo_url),
        "brand_colour": (brand.check_colour, brand_colour),
        "customers": (brand.check_customers, customers),
    }
    for field, (check_look, value) in looks.items():
        if value is not None:  # not given (the CLI's init, older scripts): kept as stored
            values[field] = check.run(field, check_look, value)
    unknown = set(weights) - set(SCORE_FIELDS)
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    for field, value in weights.items():
        low, high = (1, 24 * 90) if field == "half_life_hours" else (0, 1000)
        values[field] = check.run(field, validate.integer, value, low, high)
    check.done()
    row = get_row(session)
    if video_poster is None and values["video_url"] != row.video_url:
        values["video_poster"] = ""  # a poster uploaded for the old video is not this one's
    for field, value in values.items():
        setattr(row, field, value)
    session.add(row)
    session.commit()
    return row


SCORE_FIELDS = tuple(SCORE_WEIGHTS)
# Every setting an admin edits, by save()'s names: the form at /app/company and
# `landing company set` take these, so one list answers "what can I configure?".
FIELDS = (
    "name", "public_base_url", "video_url", "offer_text", "reference_1", "reference_2",
    "default_goal", "url_slash", "url_hyphen", "how_words", "scanner_ranges", "privacy_contact",
    "page_layout", "logo_url", "brand_colour", "customers", "language", "main_phone",
    "main_email", "website_url", "heard_recent_days", "phone_order", "video_max_seconds",
    "video_max_mb", *SCORE_FIELDS,
)  # fmt: skip


def stored(session: Session, defaults: Mapping) -> dict[str, str | int]:
    """Each setting by its save() name, as the form shows it: an empty name, public address
    or video limit shows the config's, which a save then stores."""
    row = get_row(session)
    settings = effective(row, defaults)
    return {
        **{field: getattr(row, field) for field in FIELDS},
        "name": settings.name,
        "public_base_url": settings.public_base_url,
        "video_max_seconds": settings.video_max_seconds,
        "video_max_mb": settings.video_max_mb,
    }


def _word_list(value: str | None) -> str:
    """One word or phrase per line (commas also split), blanks and repeats dropped."""
    words = [w.strip() for w in (value or "").replace(",", "\n").splitlines() if w.strip()]
    if any(len(w) > 60 for w in words):
        raise ValueError("Each word or phrase at most 60 characters.")
    return validate.multiline("\n".join(dict.fromkeys(words)), 2000)

"""The company's one row of settings, and the score weights a team starts with."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from landing.data.scanner_defaults import DEFAULT_RANGES

# The call-next score's weights a team starts with: the table's, settings' and ranking's.
SCORE_WEIGHTS = {
    "weight_visit": 10, "weight_repeat_visit": 5, "weight_video_play": 15, "weight_video_75": 20,
    "weight_contact_click": 30, "weight_forwarded": 15, "half_life_hours": 72,
}  # fmt: skip


def _default_scanner_ranges() -> str:
    return DEFAULT_RANGES


class Company(SQLModel, table=True):
    """The one row of company-wide settings an admin edits; empty fields fall back to config."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=120)
    public_base_url: str = Field(default="", max_length=200)
    video_url: str = Field(default="", max_length=500)
    # A poster uploaded for that video (an image stored like the logo); empty: its thumbnail.
    video_poster: str = Field(default="", max_length=60)
    # The team's personal video (landing/videos/): shown first on the pages of prospects
    # who have none of their own; `landing video default`.
    default_video_id: int | None = Field(default=None, foreign_key="video.id")
    offer_text: str = Field(default="", max_length=4000)
    reference_1: str = Field(default="", max_length=120)
    reference_2: str = Field(default="", max_length=120)
    language: str = Field(default="en", max_length=8)  # prospects' pages unless theirs is set
    # How prospects' pages look: a layout ("classic" or "spotlight"), the logo, the brand
    # colour ("#1f6feb") and customers to name, one per line: "Name" or "Name | logo URL".
    page_layout: str = Field(default="classic", max_length=16)
    logo_url: str = Field(default="", max_length=500)
    brand_colour: str = Field(default="", max_length=7)
    customers: str = Field(default="", max_length=4000)
    default_goal: str = Field(default="visit", max_length=16)
    # How the page address is said: "forward slash" or "slash"; "hyphen" or "dash".
    url_slash: str = Field(default="forward slash", max_length=16)
    url_hyphen: str = Field(default="hyphen", max_length=16)
    # Where prospects write about their data (the privacy notice); empty: the rep's email.
    privacy_contact: str = Field(default="", max_length=254)
    # How anyone reaches the company, on the not-found page and the site root: no person's.
    main_phone: str = Field(default="", max_length=40)
    main_email: str = Field(default="", max_length=254)
    website_url: str = Field(default="", max_length=500)
    # Product words ("the how") the linter warns about, one per line.
    how_words: str = Field(default="", max_length=2000)
    # Days a voicemail saying a prospect's URL makes them the likelier one a near miss
    # meant (urls/resolve.py); 0: voicemails are not evidence.
    heard_recent_days: int = 30
    # Which of a CSV row's phone numbers an import takes first: "mobile", "work" or "main"
    # (prospects/crm_headers.py PHONE_ORDERS).
    phone_order: str = Field(default="mobile", max_length=16)
    # Personal videos' limits: the longest recording or upload in seconds, the largest file
    # in megabytes; 0: the server's (VIDEO_MAX_SECONDS, VIDEO_MAX_MB), also the size's ceiling.
    video_max_seconds: int = 0
    video_max_mb: int = 0
    # Address ranges of email security scanners, one per line; their hits are bots.
    scanner_ranges: str = Field(default_factory=lambda: _default_scanner_ranges(), max_length=20000)
    # The call-next score: each event's weight, halved every half_life_hours.
    weight_visit: int = SCORE_WEIGHTS["weight_visit"]
    weight_repeat_visit: int = SCORE_WEIGHTS["weight_repeat_visit"]
    weight_video_play: int = SCORE_WEIGHTS["weight_video_play"]
    weight_video_75: int = SCORE_WEIGHTS["weight_video_75"]
    weight_contact_click: int = SCORE_WEIGHTS["weight_contact_click"]
    weight_forwarded: int = SCORE_WEIGHTS["weight_forwarded"]
    half_life_hours: int = SCORE_WEIGHTS["half_life_hours"]

"""The company website's own paths, on the domain landing shares with it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from landing.core.clock import utcnow
from landing.data.models.columns import utc_column


class WebsitePath(SQLModel, table=True):
    """A top-level path segment the company's website answers (/pricing, /blog): no slug
    takes its key and no misheard URL is redirected away from it. Replaced as a whole by
    `landing site import` or the admin page."""

    key: str = Field(primary_key=True, max_length=60)
    segment: str = Field(max_length=200)  # as the website writes it: "Pricing", "blog"
    imported_at: datetime = Field(default_factory=utcnow, **utc_column())

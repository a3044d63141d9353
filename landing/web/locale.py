"""The language of what a prospect or a visitor reads (Flask-Babel, catalogs in
landing/translations/): a prospect's page, and everything rendered for it, in the prospect's
language; pages that name no one (the 404, the privacy notice reached directly, the site root)
in the visitor's browser language, else the company's. The rep's area stays English."""

from __future__ import annotations

from pathlib import Path

from babel.lists import format_list
from flask import Flask, render_template, request
from flask_babel import Babel, force_locale, get_locale

from landing.core import languages

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

__all__ = ["and_list", "browser_language", "force_locale", "init_app", "render_in", "shipped"]


def init_app(app: Flask) -> None:
    # No selector: English unless a view renders inside force_locale, so the rep's area, the
    # API and the CLI never change language with a browser's settings.
    Babel(app, default_translation_directories=str(TRANSLATIONS))


def shipped(code: str | None) -> str:
    """code when it is a language we ship, else ""."""
    return code if code in languages.LANGUAGES else ""


def browser_language(default: str) -> str:
    """The best of our languages for the visitor's Accept-Language (`de-DE` is German), else
    default (the company's)."""
    return request.accept_languages.best_match(languages.CODES) or shipped(default) or "en"


def and_list(items) -> str:
    """`Globex and Initech`, `Globex und Initech`: joined in the language being rendered."""
    return format_list(list(items), locale=get_locale() or "en")


def render_in(language: str, template: str, **context) -> str:
    """template rendered in language (its words, dates and lists), `<html lang>` saying so."""
    with force_locale(language):
        return render_template(template, lang=language, **context)

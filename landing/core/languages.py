"""The languages a prospect's page, email and spoken URL can be in: codes as browsers and
CRMs write them (`de`, `de-DE`, `German`, `Deutsch`) brought to the one code we store."""

from __future__ import annotations

# code: (English name, its own name). English first: the default.
LANGUAGES = {
    "en": ("English", "English"),
    "de": ("German", "Deutsch"),
    "fr": ("French", "Français"),
    "es": ("Spanish", "Español"),
    "nl": ("Dutch", "Nederlands"),
    "pt": ("Portuguese", "Português"),
}
CODES = tuple(LANGUAGES)
DEFAULT = "en"
_BY_NAME = {name.casefold(): code for code, names in LANGUAGES.items() for name in names}


def language(value: str | None, allow_empty: bool = True) -> str:
    """The stored code for what was typed; empty stays empty (the company's language).
    ValueError lists the codes we ship."""
    text = (value or "").strip()
    if not text and allow_empty:
        return ""
    code = text.replace("_", "-").split("-")[0].casefold()
    if code in LANGUAGES:
        return code
    if text.casefold() in _BY_NAME:
        return _BY_NAME[text.casefold()]
    shipped = ", ".join(f"{code} ({names[0]})" for code, names in LANGUAGES.items())
    raise ValueError(f"Not a language we ship. Use one of: {shipped}.")


def choices() -> list[tuple[str, str]]:
    """(code, name) pairs for a select, each language in its own name."""
    return [(code, names[1]) for code, names in LANGUAGES.items()]

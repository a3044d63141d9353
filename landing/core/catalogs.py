"""The translation catalogs (landing/translations/<lang>/LC_MESSAGES/messages.po): what the
pages say, extracted as `make translations` does, checked for every shipped language, and
compiled to the .mo files Flask-Babel reads (built at install, never kept in git).

    python -m landing.core.catalogs compile   .mo for every .po newer than its .mo
    python -m landing.core.catalogs check     exit 1, listing what is missing or fuzzy

Why a check of our own: `pybabel update` adds a new message untranslated and guesses fuzzy
ones, and `pybabel compile` skips both quietly, so a German prospect would read English.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from landing.core import languages

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "landing" / "translations"
# English is the source language: its messages are their own translation.
TRANSLATED = tuple(code for code in languages.CODES if code != languages.DEFAULT)


def po_path(folder: Path, code: str) -> Path:
    return folder / code / "LC_MESSAGES" / "messages.po"


def extract(root: Path = ROOT) -> Catalog:
    """Every message the page templates and the code mark for translation (babel.cfg)."""
    with open(root / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog(project="landing")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def problems(template: Catalog, folder: Path = FOLDER) -> list[str]:
    """What a shipped language lacks: a message missing, untranslated or fuzzy."""
    found = []
    for code in TRANSLATED:
        path = po_path(folder, code)
        if not path.exists():
            found.append(f"{code}: no catalog at {path}")
            continue
        with open(path, "rb") as po:
            catalog = read_po(po, locale=code)
        for message in template:
            if not message.id:
                continue
            translated = catalog.get(message.id, message.context)
            strings = translated.string if translated else None
            values = strings if isinstance(strings, tuple) else (strings,)
            label = message.id[0] if isinstance(message.id, tuple) else message.id
            if translated is None or not all(values):
                found.append(f"{code}: missing {label!r}")
            elif translated.fuzzy:
                found.append(f"{code}: fuzzy {label!r}")
    return found


def compile_catalogs(folder: Path = FOLDER, force: bool = False) -> list[Path]:
    """Write each language's .mo from its .po when the .mo is missing or older; the paths
    written. Fuzzy entries are left out, as pybabel compile does."""
    written = []
    for po_file in sorted(folder.glob("*/LC_MESSAGES/messages.po")):
        mo_file = po_file.with_suffix(".mo")
        if not force and mo_file.exists() and mo_file.stat().st_mtime >= po_file.stat().st_mtime:
            continue
        with open(po_file, "rb") as po:
            catalog = read_po(po, locale=po_file.parent.parent.name)
        with open(mo_file, "wb") as mo:
            write_mo(mo, catalog)
        written.append(mo_file)
    return written


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "compile":
        for path in compile_catalogs():
            print(f"compiled {path.relative_to(ROOT)}")
        return 0
    if command == "check":
        found = problems(extract())
        for line in found:
            print(line, file=sys.stderr)
        if found:
            print(f"{len(found)} translations to write (then `make translations`)", file=sys.stderr)
            return 1
        print(f"every message translated in {', '.join(TRANSLATED)}")
        return 0
    print("usage: python -m landing.core.catalogs compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Every word a prospect or visitor reads is translated in every language we ship; the
check `make translations` runs fails when one is missing or only guessed (fuzzy)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from landing.core import catalogs


def test_every_shipped_language_has_every_message():
    template = catalogs.extract()
    assert "Thanks for stopping by, %(name)s." in template
    assert "Page not found" in template
    assert catalogs.problems(template) == []


def _copy_with(tmp_path, code, change):
    folder = tmp_path / "translations"
    shutil.copytree(catalogs.FOLDER, folder, ignore=shutil.ignore_patterns("*.mo"))
    path = catalogs.po_path(folder, code)
    with open(path, "rb") as po:
        catalog = read_po(po, locale=code)
    change(catalog)
    with open(path, "wb") as po:
        write_po(po, catalog)
    return folder


def test_the_check_fails_on_a_missing_translation(tmp_path):
    folder = _copy_with(tmp_path, "de", lambda catalog: catalog.delete("Book a meeting"))
    assert catalogs.problems(catalogs.extract(), folder) == ["de: missing 'Book a meeting'"]


def test_the_check_fails_on_an_empty_or_fuzzy_translation(tmp_path):
    def change(catalog):
        catalog["Privacy"].string = ""
        catalog["Trusted by"].flags.add("fuzzy")

    folder = _copy_with(tmp_path, "nl", change)
    assert sorted(catalogs.problems(catalogs.extract(), folder)) == [
        "nl: fuzzy 'Trusted by'",
        "nl: missing 'Privacy'",
    ]


def test_the_check_command_says_what_is_wrong():
    done = subprocess.run(
        [sys.executable, "-m", "landing.core.catalogs", "check"],
        capture_output=True,
        text=True,
        cwd=catalogs.ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "every message translated in de, fr, es, nl, pt" in done.stdout


def test_catalogs_compile_to_what_flask_babel_reads(tmp_path):
    folder = _copy_with(tmp_path, "fr", lambda catalog: None)
    written = catalogs.compile_catalogs(folder)
    assert {path.parent.parent.name for path in written} == set(catalogs.TRANSLATED)
    assert catalogs.compile_catalogs(folder) == []  # nothing changed since
    french = Translations.load(str(folder), ["fr"])
    assert french.gettext("Book a meeting") == "Prendre rendez-vous"

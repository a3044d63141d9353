"""README's Settings table and the records in landing/config.py say the same thing.

A setting added to the code without a README row, a row left behind after a setting is
removed, or a default changed on one side only fails here.
"""

from __future__ import annotations

import re

import pytest

from landing import ROOT
from landing.config import ENV_PREFIX, INSTANCE_PATH, SETTINGS, Setting

EVERY_SETTING = (*SETTINGS, INSTANCE_PATH)


def readme_settings() -> dict[str, tuple[str, str]]:
    """Each LANDING_ variable in README's Settings table: (default cell, what cell)."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[str, str]] = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        names, default, what = (cell.strip() for cell in line.strip("|").split(" | ", 2))
        # One row may name several variables (SMTP user and password).
        for name in re.findall(rf"`{ENV_PREFIX}(\w+)`", names):
            assert name not in rows, f"{ENV_PREFIX}{name} has two rows in README"
            rows[name] = (default, what)
    return rows


def shown(setting: Setting) -> str | None:
    """How README's default column writes the setting's default (None: in words)."""
    if setting.default is None:
        return None  # worked out at start; the cell says how, in prose
    if isinstance(setting.default, bool):
        return "on" if setting.default else "off"
    if setting.default == "":
        return "empty"
    return f"`{setting.default}`"


def test_readme_lists_exactly_the_settings_there_are():
    documented = set(readme_settings())
    names = {setting.name for setting in EVERY_SETTING}
    assert names - documented == set(), "settings missing from README's Settings table"
    assert documented - names == set(), "README lists settings that do not exist"


@pytest.mark.parametrize("setting", EVERY_SETTING, ids=lambda s: s.name)
def test_readme_states_each_default_and_minimum(setting):
    default, what = readme_settings()[setting.name]
    expected = shown(setting)
    if expected is None:
        assert default and default != "None", f"say what {setting.name} is when unset"
    else:
        assert default.startswith(expected), f"{setting.name}: README says {default}"
    says_minimum = re.search(r"\b(\d+) or more\b", what)
    if setting.minimum is None:
        assert not says_minimum, f"{setting.name} has no minimum in landing/config.py"
    else:
        assert says_minimum and int(says_minimum[1]) == setting.minimum, setting.name


def test_settings_are_well_formed_records():
    names = [setting.name for setting in EVERY_SETTING]
    assert len(names) == len(set(names))
    for setting in EVERY_SETTING:
        assert setting.name == setting.name.upper() and not setting.name.startswith(ENV_PREFIX)
        assert setting.kind in (str, int, bool)
        assert setting.default is None or type(setting.default) is setting.kind, setting.name
        assert setting.minimum is None or setting.kind is int, setting.name
        if setting.minimum is not None:
            assert setting.default >= setting.minimum, setting.name
        # The help is the plain sentence a reader of the code gets instead of a comment.
        assert setting.help[:1].isupper() and setting.help.endswith("."), setting.name

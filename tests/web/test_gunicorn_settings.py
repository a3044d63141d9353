"""gunicorn.conf.py's worker hook: a started worker keeps what it made at start-up out of the
collector's full passes (issue 18's list speeds were measured with it)."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # the database plays no part

SETTINGS = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_started_worker_freezes_what_it_made():
    hook = runpy.run_path(str(SETTINGS))["post_worker_init"]
    assert gc.get_freeze_count() == 0
    try:
        hook(worker=None)
        assert gc.get_freeze_count() > 1000  # the app and libraries, not a handful
    finally:
        gc.unfreeze()

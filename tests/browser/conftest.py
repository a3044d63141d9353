"""For what only a browser shows: the app served over real HTTP on 127.0.0.1 and Debian's
chromium driven by Playwright. Only tests in this folder import Playwright; every one of them
is a browser test (run on the SQLite pass of `make test`)."""

from __future__ import annotations

import asyncio
import os
import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from landing import create_app
from landing.data.db import get_engine


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


CHROMIUM = "/usr/bin/chromium"
# Flags for a sandbox without a display, a GPU or outside network access.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def live_server(tmp_path, database_url):
    """The app served over real HTTP on a free port of 127.0.0.1, in a thread."""
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "browser-test-secret",
            "COMPANY_NAME": "Acme",
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, base_url
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        get_engine().dispose()


@pytest.fixture(scope="session")
def worker_chromium():
    """Chromium started once per worker (a start costs about a second), with the asyncio loop
    Playwright's sync API runs on; between browser tests the loop is not marked as running, so
    the other tests of the worker may use asyncio as if Playwright were not there."""
    # Fail, never skip: `make test` installs chromium, so a missing one is a broken set-up.
    assert os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} missing: run `make test` to install it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        loop = asyncio.get_running_loop()
        asyncio._set_running_loop(None)
        yield browser, playwright.devices["iPhone 13"], loop
        asyncio._set_running_loop(loop)
        browser.close()


@pytest.fixture
def browser(worker_chromium):
    """The worker's Chromium and the iPhone 13's settings; what the test opened in it (its
    contexts, their pages and cookies) is closed after it, so each test starts clean."""
    browser, phone, loop = worker_chromium
    asyncio._set_running_loop(loop)  # as it was when the sync API last returned
    try:
        yield browser, phone
    finally:
        for context in browser.contexts:
            context.close()
        asyncio._set_running_loop(None)

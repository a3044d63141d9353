"""Settings: defaults, then instance/config.py, then LANDING_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

DEFAULTS = {
    "DATABASE_URL": None,  # None: SQLite file in the instance folder
    "PUBLIC_BASE_URL": None,  # None: http://127.0.0.1:$PORT, where `make run` serves
    "COMPANY_NAME": "Acme",
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    "TRUSTED_PROXIES": 0,
    # Seconds a worker may serve a prospect page from its own memory before asking the
    # database again; other workers may have renamed or archived the prospect meanwhile.
    "PAGE_CACHE_SECONDS": 5,
    # Email notices go out over SMTP; an empty host means email is not configured.
    "SMTP_HOST": "",
    "SMTP_PORT": 25,
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "SMTP_FROM": "landing@localhost",
    "SMTP_SECURITY": "none",  # none, starttls or ssl
    # A failed delivery waits base * 2**(attempts - 1) seconds, never more than the max.
    "OUTBOX_RETRY_BASE_SECONDS": 10,
    "OUTBOX_RETRY_MAX_SECONDS": 600,
    # Failed webhook deliveries in a row before the rep's webhook is turned off.
    "WEBHOOK_MAX_FAILURES": 20,
    # Webhooks must be https:// unless this is on (a receiver on your own network).
    "WEBHOOK_ALLOW_HTTP": False,
    # Webhooks go only to public internet addresses: never to this machine (127.0.0.1,
    # localhost), a private or link-local network (10.x, 192.168.x, 169.254.169.254) or
    # another reserved range, when saved and again after DNS at each delivery. On: any
    # address, for a receiver on this machine or your own network (reps can then make the
    # worker POST to anything it can reach).
    "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": False,
    # One JSON line per request on stderr (route, status, milliseconds, page hit or miss).
    "LOG_REQUESTS": True,
    # Days visits and misses are kept; `landing purge` and the worker delete older ones.
    "VISIT_RETENTION_DAYS": 180,
    # A rep's session ends after this many hours without a request, and this many in all.
    "SESSION_IDLE_HOURS": 12,
    "SESSION_MAX_HOURS": 168,
    # Failed sign-ins allowed for one account from one client address, and from one address
    # for any accounts, within the window; past either, that address gets 429. An account's
    # failures from everywhere never block it (anyone can read a rep's email): past the
    # first limit, every answer for that account waits 0.25 s, doubling per further failure,
    # at most SIGNIN_DELAY_MAX_MS (0: no waiting).
    "SIGNIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "SIGNIN_MAX_FAILURES_PER_ADDRESS": 20,
    "SIGNIN_WINDOW_MINUTES": 15,
    "SIGNIN_DELAY_MAX_MS": 2000,
    # Requests for prospect pages that do not exist allowed per address within the window;
    # past it the address gets 429 for every prospect path, so names cannot be scanned.
    "MISS_MAX_PER_ADDRESS": 30,
    "MISS_WINDOW_MINUTES": 10,
    # Visit rows one address, or one visitor cookie, may add to a prospect's history in a
    # minute (per worker); past it, its hits are counted on one summarising row.
    "VISIT_MAX_PER_MINUTE": 20,
    # A rep hears of a prospect's visits at most once in this many minutes, and of at most
    # this many visits an hour in all (in the app, by email and by webhook alike).
    "NOTICE_EVERY_MINUTES": 10,
    "NOTICES_PER_HOUR": 30,
    # Requests a minute one API token may make (across every worker); past it, 429.
    "API_RATE_PER_MINUTE": 120,
    # Bytes of request body read at most, chunked or not; past it, 413. Signing in and
    # beacons take 4 KB, the API 64 KB, a CSV upload 5 MB (landing/web/body_limits.py).
    "MAX_CONTENT_LENGTH": 1024 * 1024,
}

ENV_PREFIX = "LANDING_"
INT_SETTINGS = {
    "TRUSTED_PROXIES",
    "PAGE_CACHE_SECONDS",
    "SMTP_PORT",
    "OUTBOX_RETRY_BASE_SECONDS",
    "OUTBOX_RETRY_MAX_SECONDS",
    "WEBHOOK_MAX_FAILURES",
    "VISIT_RETENTION_DAYS",
    "SESSION_IDLE_HOURS",
    "SESSION_MAX_HOURS",
    "SIGNIN_MAX_FAILURES_PER_ACCOUNT",
    "SIGNIN_MAX_FAILURES_PER_ADDRESS",
    "SIGNIN_WINDOW_MINUTES",
    "SIGNIN_DELAY_MAX_MS",
    "MISS_MAX_PER_ADDRESS",
    "MISS_WINDOW_MINUTES",
    "API_RATE_PER_MINUTE",
    "MAX_CONTENT_LENGTH",
    "VISIT_MAX_PER_MINUTE",
    "NOTICE_EVERY_MINUTES",
    "NOTICES_PER_HOUR",
}
BOOL_SETTINGS = {"WEBHOOK_ALLOW_HTTP", "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "LOG_REQUESTS"}
# Limits and windows that mean nothing at zero: 0 retention days would purge every visit,
# a 0 miss limit would refuse every page.
POSITIVE_SETTINGS = {
    "VISIT_RETENTION_DAYS",
    "SESSION_IDLE_HOURS",
    "SESSION_MAX_HOURS",
    "SIGNIN_MAX_FAILURES_PER_ACCOUNT",
    "SIGNIN_MAX_FAILURES_PER_ADDRESS",
    "SIGNIN_WINDOW_MINUTES",
    "MISS_MAX_PER_ADDRESS",
    "MISS_WINDOW_MINUTES",
    "API_RATE_PER_MINUTE",
    "MAX_CONTENT_LENGTH",
    "VISIT_MAX_PER_MINUTE",
    "NOTICE_EVERY_MINUTES",
    "NOTICES_PER_HOUR",
}


def load_config(app: Flask, test_config: dict | None = None) -> None:
    """Fill app.config from the defaults, instance/config.py, the environment and test_config."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for key in list(DEFAULTS) + ["SECRET_KEY"]:
        value = os.environ.get(ENV_PREFIX + key)
        if value is not None and value != "":
            app.config[key] = _parse(key, value)
    if test_config:
        app.config.from_mapping(test_config)
    for key in POSITIVE_SETTINGS:
        if not isinstance(app.config[key], int) or app.config[key] < 1:
            raise RuntimeError(f"{ENV_PREFIX}{key} must be 1 or more, not {app.config[key]!r}")
    if not app.config.get("DATABASE_URL"):
        path = Path(app.instance_path) / "landing.sqlite3"
        app.config["DATABASE_URL"] = f"sqlite:///{path}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
    if not app.config.get("PUBLIC_BASE_URL"):
        app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    app.config["PUBLIC_BASE_URL"] = app.config["PUBLIC_BASE_URL"].rstrip("/")


def _parse(key: str, value: str):
    if key in INT_SETTINGS:
        try:
            return int(value)
        except ValueError:
            raise RuntimeError(f"{ENV_PREFIX}{key} must be a whole number, not {value!r}") from None
    if key in BOOL_SETTINGS:
        return value.strip().lower() in ("1", "true", "yes", "on")
    return value


def _instance_secret_key(instance: Path) -> str:
    """Read the generated key from instance/secret_key, creating it on first run."""
    path = instance / "secret_key"
    if not path.exists():
        # Written aside, then linked into place: when several workers start at once, one
        # link wins and every worker reads a complete key.
        tmp = instance / f"secret_key.{os.getpid()}.tmp"
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty; delete it to generate a new secret key")
    return key

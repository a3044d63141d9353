"""Settings: defaults, then instance/config.py, then LANDING_* environment variables.

Every setting is one `Setting` record in `SETTINGS`: its name, default, a sentence saying
what it does, its type and, for limits and windows, its minimum. One list answers "what can
I configure?", and tests/test_settings_documented.py holds README's table to it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import NamedTuple

from flask import Flask

ENV_PREFIX = "LANDING_"


class Setting(NamedTuple):
    """One setting: app.config[name], or LANDING_<name> in the environment."""

    name: str
    default: object
    help: str
    # How an environment variable's text is read: str as given, int or bool.
    kind: type = str
    # Limits and windows that mean nothing below it (0 retention days would purge every
    # visit, a 0 miss limit would refuse every page); checked whatever set the value.
    minimum: int | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        None,
        "SQLAlchemy URL of the database; None: a SQLite file in the instance folder.",
    ),
    Setting(
        "SECRET_KEY",
        None,
        "Signs sessions and CSRF tokens; None: generated once into instance/secret_key.",
    ),
    Setting(
        "PUBLIC_BASE_URL",
        None,
        "The address said in voicemails, until an admin sets one; None: "
        "http://127.0.0.1:$PORT, where `make run` serves.",
    ),
    Setting("COMPANY_NAME", "Acme", "The company's name, until an admin sets one."),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.",
        int,
    ),
    Setting(
        "TRUSTED_PROXY_ADDRESSES",
        "",
        "Addresses or networks of those proxies, comma-separated (127.0.0.1, 10.0.0.0/8): "
        "X-Forwarded-* headers are honoured only on connections from them, so a client that "
        "reaches the app directly cannot claim another address. Empty: from any address.",
    ),
    Setting(
        "WEBSITE_UPSTREAM",
        "",
        "The company website's own address (https://www.acme.com) when landing answers the "
        "domain first: paths that are no prospect's page and not landing's own are passed to "
        'it (README, "Your domain already has a website"). Empty: landing answers every path.',
    ),
    Setting(
        "WEBSITE_CONNECT_TIMEOUT_SECONDS",
        5,
        "Seconds to wait for the website upstream to accept a connection; then 502 or 504.",
        int,
        1,
    ),
    Setting(
        "WEBSITE_READ_TIMEOUT_SECONDS",
        30,
        "Seconds the website upstream may stay silent while answering; then 504 (or the "
        "answer ends there).",
        int,
        1,
    ),
    Setting(
        "PAGE_CACHE_SECONDS",
        5,
        "Seconds a worker may serve a prospect page from its own memory before asking the "
        "database again; other workers may have renamed or archived the prospect meanwhile.",
        int,
    ),
    Setting(
        "SMTP_HOST",
        "",
        "Mail server that email notices go out through; empty: email is not configured.",
    ),
    Setting("SMTP_PORT", 25, "Port of the mail server: 587 with starttls, 465 with ssl.", int),
    Setting("SMTP_USER", "", "SMTP login, when the mail server needs one."),
    Setting("SMTP_PASSWORD", "", "SMTP password, when the mail server needs one."),
    Setting("SMTP_FROM", "landing@localhost", "Sender of email notices."),
    Setting("SMTP_SECURITY", "none", "How to talk to the mail server: none, starttls or ssl."),
    Setting(
        "OUTBOX_RETRY_BASE_SECONDS",
        10,
        "A failed delivery waits base * 2**(attempts - 1) seconds, never more than the max.",
        int,
    ),
    Setting("OUTBOX_RETRY_MAX_SECONDS", 600, "The longest wait before a retry.", int),
    Setting(
        "WEBHOOK_MAX_FAILURES",
        20,
        "Failed webhook deliveries in a row before the rep's webhook is turned off.",
        int,
    ),
    Setting(
        "WEBHOOK_ALLOW_HTTP",
        False,
        "Webhooks must be https:// unless this is on (a receiver on your own network).",
        bool,
    ),
    Setting(
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES",
        False,
        "Webhooks go only to public internet addresses: never to this machine (127.0.0.1, "
        "localhost), a private or link-local network (10.x, 192.168.x, 169.254.169.254) or "
        "another reserved range, when saved and again after DNS at each delivery. On: any "
        "address, for a receiver on this machine or your own network (reps can then make the "
        "worker POST to anything it can reach).",
        bool,
    ),
    Setting(
        "LOG_REQUESTS",
        True,
        "One JSON line per request on stderr (route, status, milliseconds, page hit or miss).",
        bool,
    ),
    Setting(
        "VISIT_RETENTION_DAYS",
        180,
        "Days visits and misses are kept; `landing purge` and the worker delete older ones.",
        int,
        1,
    ),
    Setting(
        "SESSION_IDLE_HOURS",
        12,
        "A rep's session ends after this many hours without a request.",
        int,
        1,
    ),
    Setting(
        "SESSION_MAX_HOURS",
        168,
        "A rep's session ends after this many hours in all, however active.",
        int,
        1,
    ),
    Setting(
        "SIGNIN_MAX_FAILURES_PER_ACCOUNT",
        5,
        "Failed sign-ins allowed for one account from one client address within the window; "
        "past it, that address gets 429. An account's failures from everywhere never block it "
        "(anyone can read a rep's email): past this limit, every answer for that account waits "
        "0.25 s, doubling per further failure, at most SIGNIN_DELAY_MAX_MS.",
        int,
        1,
    ),
    Setting(
        "SIGNIN_MAX_FAILURES_PER_ADDRESS",
        20,
        "Failed sign-ins allowed from one client address for any accounts within the window; "
        "past it, that address gets 429.",
        int,
        1,
    ),
    Setting(
        "SIGNIN_WINDOW_MINUTES",
        15,
        "Minutes over which failed sign-ins are counted against the limits.",
        int,
        1,
    ),
    Setting(
        "SIGNIN_DELAY_MAX_MS",
        2000,
        "Longest wait of a slowed sign-in answer, in milliseconds (0: no waiting).",
        int,
    ),
    Setting(
        "MISS_MAX_PER_ADDRESS",
        30,
        "Requests for prospect pages that do not exist allowed per address within the window; "
        "past it the address gets 429 for every prospect path, so names cannot be scanned.",
        int,
        1,
    ),
    Setting(
        "MISS_WINDOW_MINUTES",
        10,
        "Minutes over which an address's requests for missing pages are counted.",
        int,
        1,
    ),
    Setting(
        "VISIT_MAX_PER_MINUTE",
        20,
        "Visit rows one address, or one visitor cookie, may add to a prospect's history in a "
        "minute (per worker); past it, its hits are counted on one summarising row.",
        int,
        1,
    ),
    Setting(
        "NOTICE_EVERY_MINUTES",
        10,
        "A rep hears of a prospect's visits at most once in this many minutes (in the app, by "
        "email and by webhook alike).",
        int,
        1,
    ),
    Setting(
        "NOTICES_PER_HOUR",
        30,
        "A rep hears of at most this many visits an hour in all (in the app, by email and by "
        "webhook alike).",
        int,
        1,
    ),
    Setting(
        "API_RATE_PER_MINUTE",
        120,
        "Requests a minute one API token may make (across every worker); past it, 429.",
        int,
        1,
    ),
    Setting(
        "MAX_CONTENT_LENGTH",
        1024 * 1024,
        "Bytes of request body read at most, chunked or not; past it, 413. Signing in and "
        "beacons take 4 KB, the API 64 KB, a CSV upload 5 MB (landing/web/body_limits.py).",
        int,
        1,
    ),
)

VIDEO_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "VIDEO_MAX_SECONDS",
        180,
        "Longest personal video, in seconds, until an admin sets the company's own on the "
        "Company page: the browser's recorder stops there, and the worker refuses a longer "
        "upload in words.",
        int,
        10,
    ),
    Setting(
        "VIDEO_MAX_MB",
        500,
        "Largest personal video file taken (the rep's upload or recording, the API, the "
        "CLI), in megabytes; past it, 413. The company's own limit (Company page) may be "
        "lower, never higher.",
        int,
        1,
    ),
    Setting(
        "VIDEO_STORAGE",
        "local",
        "Where processed videos are kept: local (instance/media/videos/) or s3 (a bucket, for "
        "several web servers).",
    ),
    Setting("VIDEO_S3_BUCKET", "", "The bucket of VIDEO_STORAGE=s3 (keys under videos/)."),
    Setting(
        "VIDEO_S3_ENDPOINT",
        "",
        "URL of an S3-compatible service (MinIO, Ceph, R2); empty: AWS S3 itself.",
    ),
    Setting("VIDEO_S3_REGION", "", "The bucket's region; empty: the service's default."),
    Setting("VIDEO_S3_ACCESS_KEY", "", "Access key id for the bucket; empty: boto3's own lookup."),
    Setting("VIDEO_S3_SECRET_KEY", "", "Secret access key for the bucket."),
    Setting(
        "VIDEO_REDIRECT",
        False,
        "On (with s3): /_/video/ answers with a redirect to a presigned URL of the bucket, "
        "so bytes do not pass through the app; off: the app serves them, with ranges.",
        bool,
    ),
)
SETTINGS = SETTINGS + VIDEO_SETTINGS

# Read by create_app from the environment alone, before there is an app to configure, so it
# is no app.config key; recorded here so that the one list of settings is complete.
INSTANCE_PATH = Setting(
    "INSTANCE_PATH",
    "instance/",
    "Folder of the database, the secret key and the demo login (tests pass it in test_config).",
)


def load_config(app: Flask, test_config: dict | None = None) -> None:
    """Fill app.config from the defaults, instance/config.py, the environment and test_config."""
    app.config.from_mapping({setting.name: setting.default for setting in SETTINGS})
    app.config.from_pyfile("config.py", silent=True)
    for setting in SETTINGS:
        value = os.environ.get(ENV_PREFIX + setting.name)
        if value is not None and value != "":
            app.config[setting.name] = _parse(setting, value)
    if test_config:
        app.config.from_mapping(test_config)
    for setting in SETTINGS:
        _check_minimum(setting, app.config[setting.name])
    if not app.config.get("DATABASE_URL"):
        path = Path(app.instance_path) / "landing.sqlite3"
        app.config["DATABASE_URL"] = f"sqlite:///{path}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
    if not app.config.get("PUBLIC_BASE_URL"):
        app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    app.config["PUBLIC_BASE_URL"] = app.config["PUBLIC_BASE_URL"].rstrip("/")


def _parse(setting: Setting, value: str) -> object:
    """Read an environment variable's text as the setting's kind."""
    if setting.kind is int:
        try:
            return int(value)
        except ValueError:
            raise RuntimeError(
                f"{ENV_PREFIX}{setting.name} must be a whole number, not {value!r}"
            ) from None
    if setting.kind is bool:
        return value.strip().lower() in ("1", "true", "yes", "on")
    return value


def _check_minimum(setting: Setting, value: object) -> None:
    """Refuse to start with a limit or window below its minimum, wherever it was set."""
    if setting.minimum is None:
        return
    if not isinstance(value, int) or value < setting.minimum:
        raise RuntimeError(
            f"{ENV_PREFIX}{setting.name} must be {setting.minimum} or more, not {value!r}"
        )


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

"""Settings come from the environment or instance/config.py; the secret key is generated."""

import pytest

from landing import create_app
from landing.config import SETTINGS


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDING_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    first = create_app({"INSTANCE_PATH": str(instance)})
    key_file = instance / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert len(first.config["SECRET_KEY"]) >= 32
    second = create_app({"INSTANCE_PATH": str(instance)})
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_environment_and_instance_config(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("COMPANY_NAME = 'From File'\nPAGE_CACHE_SECONDS = 9\n")
    monkeypatch.setenv("LANDING_PUBLIC_BASE_URL", "https://acme.com/")
    monkeypatch.setenv("LANDING_SECRET_KEY", "from-env")
    monkeypatch.setenv("LANDING_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app({"INSTANCE_PATH": str(instance)})
    assert app.config["PUBLIC_BASE_URL"] == "https://acme.com"
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["COMPANY_NAME"] == "From File"
    assert app.config["PAGE_CACHE_SECONDS"] == 9
    assert app.config["DATABASE_URL"].endswith("x.sqlite3")


def test_default_public_url_follows_port(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDING_PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "9123")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:9123"


@pytest.mark.sqlite_only  # the SQLite settings themselves: nothing to check on PostgreSQL
def test_sqlite_runs_in_wal_with_foreign_keys(app):
    from landing.data.db import get_engine

    with app.app_context(), get_engine().connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_numbers_and_switches_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LANDING_SMTP_PORT", "587")
    monkeypatch.setenv("LANDING_WEBHOOK_ALLOW_HTTP", "true")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SMTP_PORT"] == 587 and app.config["WEBHOOK_ALLOW_HTTP"] is True
    monkeypatch.setenv("LANDING_SMTP_PORT", "five")
    with pytest.raises(RuntimeError, match="LANDING_SMTP_PORT must be a whole number"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_a_zero_retention_or_limit_is_refused_at_start(tmp_path, monkeypatch):
    # 0 retention days would let the worker purge every visit the moment it starts.
    monkeypatch.setenv("LANDING_VISIT_RETENTION_DAYS", "0")
    with pytest.raises(RuntimeError, match="LANDING_VISIT_RETENTION_DAYS must be 1 or more"):
        create_app({"INSTANCE_PATH": str(tmp_path)})
    monkeypatch.delenv("LANDING_VISIT_RETENTION_DAYS")
    with pytest.raises(RuntimeError, match="LANDING_MISS_MAX_PER_ADDRESS must be 1 or more"):
        create_app({"INSTANCE_PATH": str(tmp_path), "MISS_MAX_PER_ADDRESS": -1})


@pytest.mark.parametrize(
    "given, used",
    [
        (
            "postgres://u:p@db.example:5432/landing",
            "postgresql+psycopg://u:p@db.example:5432/landing",
        ),
        ("postgresql://u@db/landing", "postgresql+psycopg://u@db/landing"),
        ("postgresql+psycopg://u@db/landing", "postgresql+psycopg://u@db/landing"),
        ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
    ],
)
def test_platform_database_urls_mean_psycopg_3(given, used):
    from landing.data.db import database_url, make_engine

    assert database_url(given) == used
    assert make_engine(given).dialect.driver in ("psycopg", "pysqlite")


@pytest.mark.parametrize(
    "setting", [s for s in SETTINGS if s.minimum is not None], ids=lambda s: s.name
)
def test_every_setting_with_a_minimum_refuses_less(setting, tmp_path, monkeypatch):
    below = setting.minimum - 1
    monkeypatch.setenv(f"LANDING_{setting.name}", str(below))
    message = f"LANDING_{setting.name} must be {setting.minimum} or more, not {below}"
    with pytest.raises(RuntimeError, match=message):
        create_app({"INSTANCE_PATH": str(tmp_path)})
    # Set in instance/config.py, the same rule holds.
    monkeypatch.delenv(f"LANDING_{setting.name}")
    (tmp_path / "config.py").write_text(f"{setting.name} = {below}\n")
    with pytest.raises(RuntimeError, match=message):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_settings_at_their_minimum_and_defaults_start(tmp_path, monkeypatch):
    for setting in SETTINGS:
        monkeypatch.delenv(f"LANDING_{setting.name}", raising=False)
    at_minimum = {s.name: s.minimum for s in SETTINGS if s.minimum is not None}
    app = create_app({"INSTANCE_PATH": str(tmp_path), **at_minimum})
    assert all(app.config[name] == value for name, value in at_minimum.items())
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    for setting in SETTINGS:
        if setting.default is not None:
            assert app.config[setting.name] == setting.default, setting.name

"""Every application setting, documented in one place.

Each setting can be given by an environment variable `STEPDOWN_<NAME>`; command-line options win
over the environment. Clinical thresholds are not here: they live with the rules that use them
(`stepdown.domain.adapt.Thresholds`) so a reviewer sees the number beside its reasoning.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from stepdown.domain.numbers import digits_text

APP_NAME = "stepdown"

#: name -> (environment variable, description). tests/test_docs.py checks each is in the README.
DOCUMENTED: dict[str, tuple[str, str]] = {
    "database_url": (
        "STEPDOWN_DATABASE_URL",
        "SQLAlchemy URL of the database. Default: SQLite file stepdown.db in the data folder. "
        "Use postgresql+psycopg://user@host/dbname for PostgreSQL.",
    ),
    "data_dir": (
        "STEPDOWN_DATA_DIR",
        "Folder for the default database, demo database and backups. "
        "Default: the platform's user data folder (platformdirs).",
    ),
    "host": ("STEPDOWN_HOST", "Address the web app binds to. Default 127.0.0.1 (this machine only)."),
    "port": ("STEPDOWN_PORT", "Port of the web app. Default 8765."),
    "max_upload_mb": (
        "STEPDOWN_MAX_UPLOAD_MB",
        "Largest backup or export the web app accepts, in MB (refused unread above it). Default 64: "
        "five years of daily use make a backup of about 10-15 MB.",
    ),
    "max_form_kb": (
        "STEPDOWN_MAX_FORM_KB",
        "Largest ordinary web form the app accepts, in KB (refused unread above it). Default 1024.",
    ),
    "accounts": (
        "STEPDOWN_ACCOUNTS",
        "Set to 1 to run `stepdown serve` as the clinic server (accounts, roles, audit), like --accounts.",
    ),
    "session_idle_minutes": (
        "STEPDOWN_SESSION_IDLE_MINUTES",
        "Clinic server: minutes without use after which a sign-in ends. Default 30.",
    ),
    "workers": ("STEPDOWN_WORKERS", "Clinic server: number of app processes. Default 1."),
    "allowed_hosts": (
        "STEPDOWN_ALLOWED_HOSTS",
        "Clinic server: comma-separated host names it answers to, e.g. clinic.example.org. "
        "Default: the loopback names and the --host address; behind a proxy, set the public name.",
    ),
    "debug": (
        "STEPDOWN_DEBUG",
        "Set to 1 to see the Python traceback of an unexpected error instead of the one-line message.",
    ),
    "refill_warning_days": (
        "STEPDOWN_REFILL_WARNING_DAYS",
        "How many days before the supply runs out Today warns that a refill is needed (0-60). Default 5.",
    ),
    "locale": (
        "STEPDOWN_LOCALE",
        "Locale for numbers, dates and plural forms (Babel), e.g. en_GB or de_DE. Default en_US. "
        "The wording stays English until a translation is added (see docs/development.md).",
    ),
}

REFILL_WARNING_DAYS = 5


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8765
    # Measured on the demo data: ~6 KB of database a day, so five years is ~10-15 MB; 4x room.
    max_upload_mb: int = 64
    max_form_kb: int = 1024


def parse_port(text: str, name: str) -> int:
    """A TCP port from text: ASCII digits only (no other scripts' digits, signs or spaces), 1-65535."""
    from stepdown.domain.errors import InvalidInput

    value = text.strip()
    if not digits_text(value) or not 1 <= int(value) <= 65535:
        shown = value if len(value) <= 20 else value[:20] + "..."
        raise InvalidInput(f"{name} must be a port number from 1 to 65535 (digits 0-9); got {shown!r}.",
                           field="port")  # fmt: skip
    return int(value)


def default_data_dir() -> Path:
    env = os.environ.get("STEPDOWN_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir  # imported here: keeps CLI start-up fast

    return Path(user_data_dir(APP_NAME, appauthor=False))


def load_settings(*, database_url: str | None = None, data_dir: Path | None = None) -> Settings:
    """Build settings from arguments, then the environment, then defaults."""
    folder = data_dir or default_data_dir()
    url = database_url or os.environ.get("STEPDOWN_DATABASE_URL")
    if not url:
        url = f"sqlite:///{folder / 'stepdown.db'}"
    port = parse_port(os.environ.get("STEPDOWN_PORT", "8765"), "STEPDOWN_PORT")
    host = os.environ.get("STEPDOWN_HOST", "127.0.0.1")
    limits = {name: _positive_int(name) for name in ("max_upload_mb", "max_form_kb")}
    limits = {name: value for name, value in limits.items() if value is not None}
    return Settings(data_dir=folder, database_url=url, host=host, port=port, **limits)


def _positive_int(name: str) -> int | None:
    """A size limit from its environment variable, or None when it is not set."""
    env = DOCUMENTED[name][0]
    raw = os.environ.get(env, "").strip()
    if not raw:
        return None
    if not digits_text(raw) or not 0 < int(raw) <= 1_000_000:
        from stepdown.domain.errors import InvalidInput

        raise InvalidInput(f"{env} must be a whole number from 1 to 1000000; got {raw[:20]!r}.", field=name)
    return int(raw)


def refill_warning_days() -> int:
    """Days ahead of running out that Today warns a refill is needed (STEPDOWN_REFILL_WARNING_DAYS)."""
    raw = os.environ.get("STEPDOWN_REFILL_WARNING_DAYS", "").strip()
    if not raw:
        return REFILL_WARNING_DAYS
    if not digits_text(raw) or not 0 <= int(raw) <= 60:
        from stepdown.domain.errors import InvalidInput

        raise InvalidInput(
            f"STEPDOWN_REFILL_WARNING_DAYS must be a whole number of days from 0 to 60; got {raw!r}.",
            field="refill_warning_days",
        )
    return int(raw)

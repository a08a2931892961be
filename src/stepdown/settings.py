"""Every application setting, documented in one place.

Each setting can be given by an environment variable `STEPDOWN_<NAME>`; command-line options win
over the environment. Clinical thresholds are not here: they live with the rules that use them
(`stepdown.domain.adapt.Thresholds`) so a reviewer sees the number beside its reasoning.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
    port = int(os.environ.get("STEPDOWN_PORT", "8765"))
    host = os.environ.get("STEPDOWN_HOST", "127.0.0.1")
    return Settings(data_dir=folder, database_url=url, host=host, port=port)


def refill_warning_days() -> int:
    """Days ahead of running out that Today warns a refill is needed (STEPDOWN_REFILL_WARNING_DAYS)."""
    raw = os.environ.get("STEPDOWN_REFILL_WARNING_DAYS", "").strip()
    if not raw:
        return REFILL_WARNING_DAYS
    if not raw.isdigit() or not 0 <= int(raw) <= 60:
        from stepdown.domain.errors import InvalidInput

        raise InvalidInput(
            f"STEPDOWN_REFILL_WARNING_DAYS must be a whole number of days from 0 to 60; got {raw!r}.",
            field="refill_warning_days",
        )
    return int(raw)

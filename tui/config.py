"""Where Huddle keeps things, and the user's settings.

Precedence for every setting is: command-line flag > environment variable > settings file >
default. The settings file is JSON in platformdirs' user config dir (`~/.config/huddle/
settings.json`); it holds the user's own preferences (language, theme, default workspace,
standup timer), never team data, which lives in the shared database.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs

APP_NAME = "huddle"
ENV_DB = "HUDDLE_DB"
ENV_LANG = "HUDDLE_LANG"
ENV_CONFIG_DIR = "HUDDLE_CONFIG_DIR"
ENV_DATA_DIR = "HUDDLE_DATA_DIR"
ENV_CACHE_DIR = "HUDDLE_CACHE_DIR"


def config_dir() -> Path:
    override = os.environ.get(ENV_CONFIG_DIR)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Things Huddle can always make again (the compiled translation catalog)."""
    override = os.environ.get(ENV_CACHE_DIR)
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def default_db_path() -> Path:
    return data_dir() / "workspace.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def drafts_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    base = Path(override) if override else Path(platformdirs.user_state_dir(APP_NAME))
    return base / "drafts"


@dataclass
class Settings:
    """The user's preferences, as saved in the settings file."""

    language: str | None = None
    theme: str = "textual-dark"
    db: str | None = None
    standup_minutes: float = 2.0

    @classmethod
    def load(cls) -> "Settings":
        """Read the settings file; a missing or damaged file gives the defaults."""
        try:
            raw = json.loads(settings_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        known = {field.name for field in fields(cls)}
        settings = cls(**{key: value for key, value in raw.items() if key in known})
        try:
            settings.standup_minutes = float(settings.standup_minutes)
        except (TypeError, ValueError):
            settings.standup_minutes = 2.0
        if not 0.25 <= settings.standup_minutes <= 60:
            settings.standup_minutes = 2.0
        return settings

    def save(self) -> None:
        """Write atomically; a settings file that cannot be written is not worth a crash."""
        path = settings_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
            ) as handle:
                json.dump(asdict(self), handle, ensure_ascii=False, indent=2)
            os.replace(handle.name, path)
        except OSError:
            pass


def resolve_db(flag: str | os.PathLike | None, settings: Settings) -> Path:
    """The workspace file: `--db` > `$HUDDLE_DB` > settings file > user data dir."""
    for candidate in (flag, os.environ.get(ENV_DB), settings.db):
        if candidate:
            return Path(candidate).expanduser()
    return default_db_path()


def resolve_language(flag: str | None, settings: Settings) -> str:
    """`--lang` > `$HUDDLE_LANG` > settings file > `$LANG` > English."""
    from .i18n import DEFAULT_LANGUAGE, normalize_language

    for candidate in (flag, os.environ.get(ENV_LANG), settings.language):
        language = normalize_language(candidate)
        if language:
            return language
    system = os.environ.get("LANG", "")
    return "zh_CN" if system.lower().startswith("zh") else DEFAULT_LANGUAGE

"""Where Huddle keeps things, and the user's settings.

Precedence for every setting is: command-line flag > environment variable > settings file >
default. The settings file is JSON in platformdirs' user config dir (`~/.config/huddle/
settings.json`); it holds the user's own preferences (language, theme, default workspace,
standup timer), never team data, which lives in the shared database.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import platformdirs

from .store.errors import StoreError
from .store.messages import _

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


def exports_dir() -> Path:
    """Where exports from the app go by default (the dialog shows it and lets the user
    change it): a folder of the user's own, never the current folder."""
    return data_dir() / "exports"


def drafts_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    base = Path(override) if override else Path(platformdirs.user_state_dir(APP_NAME))
    return base / "drafts"


class SettingsError(StoreError):
    """The settings file cannot be used as it is; the message names the file and what to
    fix. (The command line prints it as its one-line error.)"""


_TYPES: dict[str, tuple[type, ...]] = {
    "language": (str, type(None)),
    "theme": (str,),
    "db": (str, type(None)),
    "standup_minutes": (int, float),
    "keymap": (dict,),
}


@dataclass
class Settings:
    """The user's preferences, as saved in the settings file."""

    language: str | None = None
    theme: str = "textual-dark"
    db: str | None = None
    standup_minutes: float = 2.0
    keymap: dict[str, str] = dataclasses.field(default_factory=dict)
    """Binding id → keys, e.g. {"list.approve": "y", "changes.assess": "S"}: the user's own
    keys, loaded with Textual's `App.set_keymap` (`huddle keys` lists every id)."""

    @classmethod
    def load(cls) -> Settings:
        """Read the settings file; a missing file gives the defaults. A file that is not a
        JSON object, or whose known keys have the wrong type or hold a NUL character,
        raises `SettingsError` (saying which key and file) rather than being used or
        silently replaced: the next save would otherwise overwrite what the user wrote."""
        path = settings_path()
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cls()
        except OSError as error:
            raise SettingsError(_("Cannot read the settings file {path}: {reason}").format(
                path=path, reason=error.strerror)) from None
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise SettingsError(_("The settings file {path} is not valid JSON ({reason}): fix or remove it.").format(
                path=path, reason=error)) from None
        if not isinstance(raw, dict):
            raise SettingsError(_("The settings file {path} must hold a JSON object: fix or remove it.").format(path=path))
        values: dict[str, Any] = {}
        for field in fields(cls):
            if field.name not in raw:
                continue
            value = raw[field.name]
            if isinstance(value, bool) or not isinstance(value, _TYPES[field.name]) or (
                isinstance(value, str) and ("\x00" in value or (field.name != "db" and not value.isprintable()))
            ) or (isinstance(value, dict) and not _is_keymap(value)):
                raise SettingsError(
                    _("The settings file {path} has a wrong value for “{key}”: fix or remove it.").format(
                        path=path, key=field.name)
                )
            values[field.name] = value
        settings = cls(**values)
        settings.standup_minutes = float(settings.standup_minutes)
        if not 0.25 <= settings.standup_minutes <= 60:
            settings.standup_minutes = 2.0
        return settings

    def save(self) -> None:
        """Write the file safely (private, 0600; see `tui.store.files`); a settings file that
        cannot be written is not worth a crash."""
        from .store.files import write_file

        text = json.dumps(asdict(self), ensure_ascii=False, indent=2)
        try:
            write_file(settings_path(), text, replace=True, private=True, make_folder=True)
        except StoreError:
            pass


def _is_keymap(value: dict) -> bool:
    """Binding ids and keys: printable, non-empty strings."""
    return all(
        isinstance(key, str) and isinstance(keys, str) and key.strip() and keys.strip()
        and key.isprintable() and keys.isprintable()
        for key, keys in value.items()
    )


def resolve_db(flag: str | os.PathLike | None, settings: Settings) -> Path:
    """The workspace file: `--db` > `$HUDDLE_DB` > settings file > user data dir."""
    for candidate in (flag, os.environ.get(ENV_DB), settings.db):
        if candidate:
            return Path(candidate).expanduser()
    return default_db_path()

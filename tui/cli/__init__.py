"""Shared plumbing for the command line: options, opening the store, one-line errors.

The contract (DESIGN.md): exit 0 when done, 1 with one line on stderr for anything a person
can fix, 2 for usage errors (click's own). Never a traceback.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from ..config import Settings, resolve_db, resolve_language
from ..i18n import _, set_language
from ..store.errors import StoreError


@dataclass
class Options:
    """What the top-level options resolved to."""

    db_flag: str | None
    settings: Settings
    language: str

    @property
    def db_path(self) -> Path:
        return resolve_db(self.db_flag, self.settings)

    def open(self, *, create: bool = True):
        from ..store import members
        from ..store.db import Store

        store = Store(self.db_path, create=create)
        members.ensure(store)
        return store


def options(ctx: click.Context) -> Options:
    return ctx.find_object(Options)


def setup(ctx: click.Context, db: str | None, lang: str | None) -> Options:
    settings = Settings.load()
    language = resolve_language(lang, settings)
    set_language(language)
    opts = Options(db, settings, language)
    ctx.obj = opts
    return opts


class HuddleGroup(click.Group):
    """A click group whose errors are one plain line on stderr and exit 1, and whose
    subcommands are imported lazily: `lazy_subcommands` maps a name to "module:attribute"
    inside tui.cli (click's documented lazy-loading pattern)."""

    def __init__(self, *args, lazy_subcommands: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = lazy_subcommands or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_subcommands))

    def get_command(self, ctx: click.Context, name: str):
        if name in self.lazy_subcommands and name not in self.commands:
            from importlib import import_module

            module_name, attribute = self.lazy_subcommands[name].split(":")
            command = getattr(import_module(f"{__name__}.{module_name}"), attribute)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `huddle ... | head`: the reader left; not an error
            sys.stderr.close()
            sys.exit(0)
        except StoreError as error:
            fail(str(error))
        except sqlite3.Error as error:
            fail(_("Workspace error: {error}").format(error=error))
        except OSError as error:
            fail(_("{path}: {reason}").format(path=error.filename or "", reason=error.strerror or error))
        except KeyboardInterrupt:
            fail(_("Interrupted."))


def fail(message: str) -> None:
    """Print one line to stderr and exit 1."""
    click.echo("huddle: " + " ".join(str(message).split()), err=True)
    sys.exit(1)


def emit_json(rows) -> None:
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2))


db_option = click.option(
    "--db", "db", metavar="PATH", default=None, help="Workspace file (default: $HUDDLE_DB, settings, user data dir)."
)
lang_option = click.option("--lang", "lang", metavar="en|zh_CN", default=None, help="Interface language.")


def common_options(func):
    """`--db` and `--lang` accepted on subcommands too (`huddle standup show --db x`)."""

    def apply_db(ctx: click.Context, _param, value):
        if value is not None and ctx.find_object(Options) is not None:
            ctx.find_object(Options).db_flag = value
        return value

    def apply_lang(ctx: click.Context, _param, value):
        opts = ctx.find_object(Options)
        if value is not None and opts is not None:
            from ..i18n import normalize_language

            language = normalize_language(value)
            if language is None:
                raise click.BadParameter(value, param_hint="--lang")
            opts.language = language
            set_language(language)
        return value

    func = click.option("--lang", "_lang", metavar="en|zh_CN", default=None, expose_value=False,
                        callback=apply_lang, is_eager=True, help="Interface language.")(func)
    func = click.option("--db", "_db", metavar="PATH", default=None, expose_value=False,
                        callback=apply_db, is_eager=True, help="Workspace file.")(func)
    return func

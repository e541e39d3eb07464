"""Shared plumbing for the command line: options, opening the store, one-line errors,
and the one function every human-readable line goes out through.

The contract (DESIGN.md): exit 0 when done, 1 with one line on stderr for anything a person
can fix, 2 for usage errors (click's own). Never a traceback.

Text printed for people (`echo()`, `fail()`, and click's own usage errors, which quote the
arguments given) is cleaned as the app cleans it (`tui.text.clean`): no C0/C1 control,
escape sequence or bidi override reaches the terminal, whoever wrote the text. `--json`
output is exact, with every such character escaped by JSON (`emit_json()`).
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from ..config import Settings, resolve_db, resolve_language
from ..i18n import _, set_language
from ..store.errors import StoreError
from ..text import clean


def echo(message: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line for people: the only way Huddle's commands print text. Control
    characters, escape sequences and bidi overrides in it are shown visibly (`clean()`);
    tabs and newlines are kept."""
    click.echo(clean(str(message), tabs=True), err=err, nl=nl)


class _CleanWriter:
    """A text stream that cleans what is written to it (for click's own messages)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(clean(text, tabs=True))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _clean_click_error(error: click.ClickException) -> None:
    """Make a usage error print through `clean()`: its message quotes the arguments."""
    show = error.show

    def cleaned_show(file=None) -> None:
        show(file=_CleanWriter(file or sys.stderr))

    error.show = cleaned_show


def not_utf8(argument: str) -> bool:
    """Whether a command-line argument held bytes that are not UTF-8 (Python hands them
    over as lone surrogates)."""
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def shown_bytes(argument: str) -> str:
    """An argument that is not UTF-8, with its bad bytes written as `\\xNN`."""
    raw = argument.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "backslashreplace")


@dataclass
class Options:
    """What the top-level options resolved to."""

    db_flag: str | None
    settings: Settings
    language: str

    @property
    def db_path(self) -> Path:
        return resolve_db(self.db_flag, self.settings)

    def open(self, *, create: bool = False):
        """The workspace, with me as a member (joining as one the first time). Only `init`
        and `demo` create a workspace (`create=True`): any other command given a path
        where there is none says so (`No workspace at PATH…`) and creates nothing."""
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

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = sys.argv[1:] if args is None else list(args)
        for argument in args:
            if not_utf8(argument):
                fail(_("An argument is not valid UTF-8 text: {argument}").format(argument=shown_bytes(argument)))
        return super().main(args, prog_name, complete_var, standalone_mode, **extra)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as error:
            _clean_click_error(error)
            raise

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            _clean_click_error(error)
            raise
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
    echo("huddle: " + " ".join(clean(str(message)).split()), err=True)
    sys.exit(1)


# Characters JSON may carry raw that a terminal could still act on (C1 controls, bidi
# overrides, line/paragraph separators) or that cannot be printed (lone surrogates):
# written as \uXXXX escapes, so the output stays exact JSON and harmless.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def emit_json(rows) -> None:
    text = json.dumps(rows, ensure_ascii=False, indent=2)
    click.echo(_JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text))


HISTORY_KEYS = ("action", "field", "old", "new", "note", "actor", "at")


def show_item(row: dict, title_field: str, fields: tuple[str, ...], long_fields: tuple[str, ...],
              history: list[dict], label=None) -> None:
    """`huddle cr|feedback|promise show KEY`: the title line, one line per field that has a
    value, the long fields indented, then the history, newest first. Every line goes
    through `echo()`; a field's value is folded to one line so it cannot pose as another."""
    from ..text import one_line

    echo(f"{row['key']}  {one_line(row[title_field])}")
    for column in fields:
        value = row.get(column)
        if value not in (None, ""):
            shown = label(column, value) if label else value
            echo(f"  {column}: {one_line(str(shown))}")
    for column in long_fields:
        if row.get(column):
            echo(f"  {column}:")
            for line in str(row[column]).splitlines():
                echo(f"    {line}")
    if history:
        echo(f"  {_('history')}:")
        for entry in history:
            what = entry["action"] + (f" {entry['field']}" if entry.get("field") else "")
            if entry.get("old") is not None or entry.get("new") is not None:
                what += f": {one_line(entry.get('old') or '', 80)} → {one_line(entry.get('new') or '', 80)}"
            note = f" — {one_line(entry['note'], 200)}" if entry.get("note") else ""
            echo(f"    {entry['at'][:16].replace('T', ' ')}  {one_line(entry['actor'], 40)}  {what}{note}")


def write_output(ctx: click.Context, out: str, text: str | bytes, *, force: bool, param: str = "--out") -> Path:
    """Write a command's output file safely (`tui.files.write_file`): an empty name is a
    usage error, an existing file needs `--force`, a symlink or a device is refused."""
    from ..files import TargetExists, write_file

    if not out or not out.strip():
        raise click.BadParameter(_("give the name of a file."), ctx=ctx, param_hint=param)
    path = Path(out).expanduser()
    try:
        return write_file(path, text, replace=force)
    except TargetExists:
        fail(_("{path} already exists: add --force to replace it.").format(path=path))
    raise AssertionError("unreachable")


force_option = click.option("--force", is_flag=True, help="Replace the file if it exists.")


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

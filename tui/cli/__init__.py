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
from typing import IO, Any, cast

import click

from ..config import Settings, resolve_db
from ..i18n import N_, _, resolve_language, set_language
from ..store.errors import StoreError
from ..text import clean, one_line
from . import help as click_help
from .help import TranslatedGroup, cell_len, cut, pad

click_help.install()


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
    """Make a usage error print through `clean()` (its message quotes the arguments), and
    end with the language's full stop (click puts an ASCII one after its own words)."""
    show = error.show
    format_message = error.format_message

    def full_stop() -> str:
        from ..i18n import get_language

        message = format_message()
        if get_language() == "zh_CN" and message.endswith("."):
            message = message[:-1] + "。"
        return message

    def cleaned_show(file=None) -> None:
        show(file=cast(IO[Any], _CleanWriter(file or sys.stderr)))

    # This one error object's methods (click calls them when it prints the error).
    error.format_message = full_stop  # type: ignore[method-assign]
    error.show = cleaned_show  # type: ignore[method-assign]


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
    """The options of the `huddle` command (the root command always makes them)."""
    opts = ctx.find_object(Options)
    if opts is None:  # pragma: no cover - a subcommand always runs under `huddle`
        raise RuntimeError("huddle's command-line options are missing")
    return opts


def setup(ctx: click.Context, db: str | None, lang: str | None) -> Options:
    settings = Settings.load()
    language = resolve_language(lang or _early["flag"], settings)
    set_language(language)
    opts = Options(db, settings, language)
    ctx.obj = opts
    return opts


def area_group(name: str, help: str) -> TranslatedGroup:
    """`cr_group = area_group("cr", N_("…"))`: an area's group of subcommands, its help and its
    commands' help drawn in the active language (`tui/cli/help.py`)."""
    return TranslatedGroup(name, help=help)


def early_language(root: click.Group, args: list[str]) -> None:
    """Settle the language before click parses anything, so that help and click's own
    messages (`huddle cr show --help --lang zh_CN`, a usage error) are already in it: the
    last interface `--lang` before `--` (at the top or on a subcommand; a report's or a
    minutes' `--lang` is the document's language, not the interface's), else
    `$HUDDLE_LANG`, the settings file, `$LANG`. A value that is not a language is left for
    the option itself to refuse; a broken settings file is reported by the command."""
    from ..i18n import normalize_language

    flag = None
    command: click.Command = root
    context = click.Context(root)
    index = 0
    while index < len(args):
        argument = args[index]
        if argument == "--":
            break
        if argument == "--lang" or argument.startswith("--lang="):
            value = argument.partition("=")[2] if "=" in argument else (args[index + 1] if index + 1 < len(args) else "")
            if _interface_lang(command):
                flag = normalize_language(value) or flag
            index += 1 if "=" in argument else 2
            continue
        if not argument.startswith("-") and isinstance(command, click.Group):
            command = command.get_command(context, argument) or command
        index += 1
    _early["flag"] = flag
    try:
        settings = Settings.load()
    except StoreError:  # the command reports a broken settings file in its own words
        settings = Settings()
    set_language(resolve_language(flag, settings))


def _interface_lang(command: click.Command) -> bool:
    """Whether `command`'s `--lang` is the interface language (`lang_option` at the top,
    `common_options` on subcommands), not a document's."""
    return any("--lang" in getattr(param, "opts", ()) and param.name in ("lang", "_lang") for param in command.params)


_early: dict[str, str | None] = {"flag": None}
"""The `--lang` found by `early_language` (a subcommand's too): `setup` keeps it."""


class HuddleGroup(TranslatedGroup):
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
        early_language(self, [argument for argument in args if not not_utf8(argument)])
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
            fail(os_error_message(error))
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


def os_error_message(error: OSError) -> str:
    """An error from the operating system (a missing folder, no permission…) as one
    sentence in the active language, naming the file."""
    import errno

    path = error.filename if error.filename is not None else ""
    messages = {
        errno.ENOENT: N_("{path} does not exist."),
        errno.EACCES: N_("Permission denied: you may not use {path}."),
        errno.EPERM: N_("Permission denied: you may not use {path}."),
        errno.EROFS: N_("{path} is on a read-only disk."),
        errno.ENOSPC: N_("The disk is full: {path} was not written."),
        errno.EDQUOT: N_("The disk is full: {path} was not written."),
        errno.EISDIR: N_("{path} is a folder, not a file."),
        errno.ENOTDIR: N_("{path}: part of the path is not a folder."),
        errno.ELOOP: N_("{path}: too many symbolic links (a loop?)."),
        errno.ENAMETOOLONG: N_("{path}: the name is too long."),
        errno.EEXIST: N_("{path} already exists."),
        errno.EIO: N_("{path}: the disk reported an input/output error."),
    }
    message = messages.get(error.errno) if error.errno is not None else None
    if message and path != "":
        return _(message).format(path=path)
    reason = error.strerror or str(error)
    if path != "":
        return _("Cannot use {path}: {reason}").format(path=path, reason=reason)
    return _("System error: {reason}").format(reason=reason)


# -- lists ------------------------------------------------------------------------------

def terminal_width() -> int:
    """Columns of the terminal (`$COLUMNS` first; 100 when the output is not a terminal)."""
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def format_table(rows: list[list], *, flex: int = -1, limits: dict[int, int] | None = None,
                 indent: str = "", width: int | None = None) -> list[str]:
    """Rows as lines of columns aligned by display width (a CJK character takes two
    cells), two spaces apart. Every value is folded to one cleaned line (`one_line`); a
    missing one (None) shows as `-`. The `flex` column (the title) gets what the width leaves, at
    least 16 cells; it and any column longer than its limit (`limits`) are cut with `…`."""
    if not rows:
        return []
    cells = [["-" if value is None else one_line(str(value)) for value in row] for row in rows]
    count = len(cells[0])
    flex %= count
    limits = limits or {}
    widths = [min(max(cell_len(row[i]) for row in cells), limits.get(i, 1_000_000)) for i in range(count)]
    others = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (count - 1) + cell_len(indent)
    widths[flex] = min(widths[flex], max(16, (width or terminal_width()) - 1 - others))
    lines = []
    for row in cells:
        parts = [pad(cut(value, widths[i]), widths[i]) for i, value in enumerate(row)]
        lines.append((indent + "  ".join(parts)).rstrip())
    return lines


def print_table(rows: list[list], *, empty: str, flex: int = -1, limits: dict[int, int] | None = None) -> None:
    """`huddle … list`: the rows as aligned columns (`format_table`), or `empty` (a
    sentence such as "No requirements.") when there are none."""
    if not rows:
        echo(empty)
        return
    for line in format_table(rows, flex=flex, limits=limits):
        echo(line)


# -- show KEY ---------------------------------------------------------------------------

def when(at: str | None) -> str:
    """A stored UTC timestamp as local `YYYY-MM-DD HH:MM`."""
    if not at:
        return ""
    from ..i18n import parse_timestamp

    try:
        return parse_timestamp(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return one_line(at, 25)


def labelled(label: str) -> str:
    """`Status:` / `状态：` (the language's colon)."""
    return _("{label}:").format(label=label)


RELATION_LABELS = {
    "affects": N_("affects"),
    "changed_by": N_("changed by"),
    "became": N_("became"),
    "raised_by": N_("raised by"),
    "duplicate_of": N_("duplicate of"),
    "duplicated_by": N_("duplicated by"),
    "related": N_("related"),
    "decision": N_("meeting decision"),
    "promise": N_("promised in a meeting"),
}


def relation_label(relation: str) -> str:
    return _(RELATION_LABELS[relation]) if relation in RELATION_LABELS else relation


def status_label(status: str | None) -> str:
    """A workflow status in the active language ("" for none)."""
    from ..store import workflow

    return workflow.label(status) if status else ""


def describe_entry(entry: dict, field_label, value=None, status=None) -> str:
    """One history entry in words: created, a move (Draft → Documented), an undo, a
    re-opened decision, an edit (`Priority: P2 → P1`)."""
    status = status or status_label
    value = value or (lambda _field, raw: one_line(raw, 60))
    action, field = entry.get("action"), entry.get("field")
    old, new = entry.get("old"), entry.get("new")
    if action == "create":
        return _("created")
    if action == "move" and field == "undo":
        return _("undid a move: {old} → {new}").format(old=status(old or ""), new=status(new or ""))
    if action == "move":
        return f"{status(old or '')} → {status(new or '')}"
    if action == "reopen":
        return _("re-opened the decision")
    if action == "link":
        return _("made from {key}").format(key=one_line(new, 40))
    if action == "decision":
        return _("decided in {key}").format(key=one_line(new, 40))
    if action == "edit" and field:
        def shown(raw):
            return "—" if raw is None or raw == "" else value(field, raw)

        if "\n" in (old or "") or "\n" in (new or "") or len(old or "") > 60 or len(new or "") > 60:
            return _("edited {field}").format(field=field_label(field))
        return _("{field}: {old} → {new}").format(field=field_label(field), old=shown(old), new=shown(new))
    return one_line(" ".join(part for part in (action, field) if part), 60)


def history_json(entries: list[dict]) -> list[dict]:
    return [{k: entry.get(k) for k in HISTORY_KEYS} for entry in entries]


def show_item(key: str, title: str, fields: list[tuple[str, object]], texts: list[tuple[str, str | None]],
              links: list[dict] | None, history: list[dict], describe) -> None:
    """`huddle cr|req|feedback|promise show KEY` for people: the key and title, one line
    per field that has a value (labels in the active language, aligned by display width),
    the long texts indented, the linked items, then the history, newest first (`describe`
    words an entry; None leaves it out). Every line goes through `echo()`, and a field's
    value is folded to one line so it cannot pose as another."""
    echo(f"{key}  {one_line(title)}")
    shown = [(labelled(label), one_line(str(value))) for label, value in fields if value not in (None, "")]
    width = max((cell_len(label) for label, _value in shown), default=0)
    for label, value in shown:
        echo(f"  {pad(label, width)}  {value}")
    for label, text in texts:
        if text and text.strip() and " ".join(text.split()) != " ".join(title.split()):
            echo("  " + labelled(label))
            for line in clean(text).strip("\n").split("\n"):
                echo(f"    {line}")
    if links is None:  # items of this kind are not linked (projects, members)
        pass
    elif links:
        echo("  " + labelled(_("Links")))
        for line in format_table([[link["key"], relation_label(link["relation"]),
                                   status_label(link["status"]), link["title"]] for link in links],
                                 indent="    "):
            echo(line)
    else:
        echo("  " + labelled(_("Links")))
        echo("    " + _("none"))
    echo("  " + labelled(_("History")))
    lines = []
    for entry in history:
        what = describe(entry)
        if what is None:
            continue
        note = entry.get("note")
        shown_note = f" — {one_line(note, 200)}" if note and entry.get("action") in ("move", "reopen", "decision") \
            and entry.get("field") != "undo" else ""
        lines.append([when(entry.get("at")), one_line(entry.get("actor_name") or entry.get("actor"), 30),
                      what + shown_note])
    if lines:
        for line in format_table(lines, indent="    "):
            echo(line)
    else:
        echo("    " + _("none"))


def write_output(ctx: click.Context, out: str, text: str | bytes, *, force: bool, param: str = "--out",
                 private: bool = False) -> Path:
    """Write a command's output file safely (`tui.store.files.write_file`): an empty name is a
    usage error, an existing file needs `--force`, a symlink or a device is refused;
    `private`: a new file is 0600 (a whole-workspace export)."""
    from ..store.files import TargetExists, write_file

    if not out or not out.strip():
        raise click.BadParameter(_("give the name of a file."), ctx=ctx, param_hint=param)
    path = Path(out).expanduser()
    try:
        return write_file(path, text, replace=force, private=private)
    except TargetExists:
        fail(_("{path} already exists: add --force to replace it.").format(path=path))
    raise AssertionError("unreachable")


force_option = click.option("--force", is_flag=True, help=N_("Replace the file if it exists."))


db_option = click.option(
    "--db", "db", metavar="PATH", default=None, help=N_("Workspace file (default: $HUDDLE_DB, settings, user data dir).")
)
lang_option = click.option("--lang", "lang", metavar="en|zh_CN", default=None, help=N_("Interface language."))


def _apply_db(ctx: click.Context, _param, value):
    found = ctx.find_object(Options)
    if value is not None and found is not None:
        found.db_flag = value
    return value


subcommand_db_option = click.option("--db", "_db", metavar="PATH", default=None, expose_value=False,
                                    callback=_apply_db, is_eager=True, help=N_("Workspace file."))
"""`--db` on a subcommand (`huddle standup show --db x`)."""


def common_options(func):
    """`--db` and `--lang` accepted on subcommands too (`huddle standup show --db x`)."""

    def apply_lang(ctx: click.Context, _param, value):
        opts = ctx.find_object(Options)
        if value is not None and opts is not None:
            from ..i18n import normalize_language

            language = normalize_language(value)
            if language is None:
                raise bad_language(value)
            opts.language = language
            set_language(language)
        return value

    func = click.option("--lang", "_lang", metavar="en|zh_CN", default=None, expose_value=False,
                        callback=apply_lang, is_eager=True, help=N_("Interface language."))(func)
    return subcommand_db_option(func)


def bad_language(value: str) -> click.BadParameter:
    return click.BadParameter(_("“{value}” is not a language Huddle speaks: use en or zh_CN.").format(value=value),
                              param_hint="'--lang'")


json_option = click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
"""`--json` on a command that prints one item."""
json_list_option = click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
"""`--json` on a list."""

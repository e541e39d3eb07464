"""Click in the active language: its own messages, every help text, and help laid out by
display width.

**Click's own messages** ("Usage:", "Missing argument", "No such command", "Show this message
and exit." …). Click marks them for translation with the standard library's `gettext`: each of
its modules does `from gettext import gettext as _` (and `ngettext`), which looks messages up
in the global "messages" domain, in `.mo` files chosen by `$LANGUAGE`/`$LANG` at call time.
That documented hook does not fit Huddle: its catalog is a `.po` compiled in memory
(`tui/i18n.py`), and its language is `--lang`, `$HUDDLE_LANG` or the settings file, not the
environment's locale; using it would mean writing `.mo` files to disk and changing the global
gettext domain (and so the language of every other library in the process). So `install()`
rebinds those two names, `_` and `ngettext`, in click's modules to Huddle's own translator:
one assignment per module, done once when `tui.cli` is imported, and the active language is
read each time a message is made. The msgids click uses are listed in `CLICK_MESSAGES` (with
`N_()`), so `scripts/i18n.py update` keeps them in the catalog for translators.

**Help texts.** Every command's and option's help is English marked with `N_()` (not a
docstring, which the extraction would not see). `TranslatedCommand` and `TranslatedGroup`
translate it while help is drawn (`format_help_text`, `format_options`,
`get_short_help_str`), so the language decided at run time applies although the text was
written when the module was imported. `huddle --lang zh_CN cr --help` works because
`HuddleGroup.main` settles the language before click parses anything.

**Layout.** `CellHelpFormatter` wraps and aligns by terminal cells (a CJK character takes
two), ends headings with the language's colon, and never starts a line with closing
punctuation (`，` `。` `）`).
"""

from __future__ import annotations

import copy
import inspect
import re
from typing import TYPE_CHECKING

import click
from click.formatting import HelpFormatter

from ..i18n import N_, _, ngettext

HELP_OPTION = N_("Show this message and exit.")

CLICK_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Aborted!"),
    N_("required"),
    N_("default: {default}"),
    N_("Error: invalid input"),
    N_("Value must be an iterable."),
    N_("Argument {name!r} takes {nargs} values."),
)
"""Click's messages a Huddle user can meet, so the catalog keeps them (see the module's doc)."""


def _click_plurals() -> None:  # pragma: no cover - never called: marks click's plural messages
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1)
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1)
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1)


_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
_installed = False


def _gettext(message: str) -> str:
    return _(message) if message else message


def install() -> None:
    """Make click's own messages speak the active language (see the module's doc)."""
    global _installed
    if _installed:
        return
    import gettext
    from importlib import import_module

    for name in _CLICK_MODULES:
        module = import_module(f"click.{name}")
        if getattr(module, "_", None) is gettext.gettext:
            setattr(module, "_", _gettext)  # noqa: B010 - click's module attribute, replaced
        if getattr(module, "ngettext", None) is gettext.ngettext:
            setattr(module, "ngettext", ngettext)  # noqa: B010
    _installed = True


# -- display width ----------------------------------------------------------------------

def cell_len(text: str) -> int:
    """How many terminal cells `text` takes (CJK characters and full-width forms take two)."""
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending with `…` when something was cut."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    kept, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…"


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` cells."""
    return text + " " * max(0, width - cell_len(text))


_WIDE = "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
_TOKENS = re.compile(rf"\s+|\[[^\]\s]*\]|[{_WIDE}]|[^\s{_WIDE}]+")  # click's "[默认：md]" stays whole
_NO_LINE_START = set("，。、：；！？）】》」』”’,.;:!?)]…")


def wrap(text: str, width: int) -> list[str]:
    """One paragraph wrapped to `width` cells: Latin text breaks between words, CJK text
    between characters, and no line starts with closing punctuation."""
    width = max(width, 4)
    lines: list[list[tuple[str, str]]] = []  # each line: (space before, token)
    line: list[tuple[str, str]] = []
    used = 0
    space = ""
    for token in _TOKENS.findall(text):
        if token.isspace():
            space = " " if line else ""
            continue
        size = cell_len(token)
        if line and used + len(space) + size > width:
            carried: list[tuple[str, str]] = []
            if token[0] in _NO_LINE_START:  # take the word before along (and punctuation before it)
                while len(line) > 1 and (not carried or carried[0][1][0] in _NO_LINE_START):
                    carried.insert(0, ("", line.pop()[1]))
                    if carried[0][1][0] not in _NO_LINE_START:
                        break
            lines.append(line)
            line, space = carried, ""
            used = sum(cell_len(t) for _s, t in line)
        while size > width and not line:  # a word longer than a line: cut it by cells
            head = cut(token, width + 1)[:-1] or token[0]
            lines.append([("", head)])
            token = token[len(head):]
            size = cell_len(token)
        if token:
            separator = space if line else ""
            line.append((separator, token))
            used += len(separator) + size
        space = ""
    if line:
        lines.append(line)
    return ["".join(s + t for s, t in words) for words in lines] or [""]


def wrap_paragraphs(text: str, width: int) -> list[str]:
    """`text` wrapped to `width` cells, paragraphs (blank-line separated) kept apart."""
    out: list[str] = []
    for number, paragraph in enumerate(re.split(r"\n\s*\n", text.strip())):
        if number:
            out.append("")
        out.extend(wrap(" ".join(paragraph.split()), width))
    return out


class CellHelpFormatter(HelpFormatter):
    """Click's help formatter, measuring text in terminal cells (see the module's doc)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            label = _("Usage:")
            prefix = label if label.endswith("：") else label + " "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        self.write(" " * self.current_indent + _("{label}:").format(label=heading) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap_paragraphs(text, self.width - self.current_indent):
            self.write((indent + line).rstrip() + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [tuple(row) + ("",) * (2 - len(row)) for row in rows]
        if not rows:
            return
        first_col = min(max(cell_len(first) for first, _second in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - first_col - self.current_indent, 10)
        for first, second in rows:
            self.write(indent + first)
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_paragraphs(second, text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write((" " * (first_col + self.current_indent) + line).rstrip() + "\n")


class HuddleContext(click.Context):
    formatter_class = CellHelpFormatter


def short_help(text: str, limit: int) -> str:
    """The first sentence of a (translated) help text, in at most `limit` cells."""
    text = " ".join(text.split())
    match = re.search(r"(?<=[.!?])\s|(?<=[。！？])", text)
    if match:
        text = text[: match.start()].rstrip()
    return cut(text, limit)


if TYPE_CHECKING:
    _Command = click.Command
else:
    _Command = object


class TranslatedHelp(_Command):
    """Help drawn in the active language from English texts marked with `N_()` (a mixin
    for click's commands and groups)."""

    context_class: type[click.Context] = HuddleContext

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION  # the msgid: translated when drawn
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(_gettext(self.short_help or self.help or ""), limit)

    def format_help_text(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        text = inspect.cleandoc(_gettext(self.help or "")).partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_epilog(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(inspect.cleandoc(_gettext(self.epilog)))

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        records = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                continue
            shown = copy.copy(param)
            shown.help = _gettext(param.help or "") or None
            record = shown.get_help_record(ctx)
            if record is not None:
                records.append(record)
        if records:
            with formatter.section(_("Options")):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class TranslatedCommand(TranslatedHelp, click.Command):
    """A command whose help is drawn in the active language."""


class TranslatedGroup(TranslatedHelp, click.Group):
    """A group whose help, and its commands' and subgroups', is drawn in the active language."""

    command_class = TranslatedCommand
    group_class = type  # subgroups are of this group's class

    def format_commands(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        commands = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _command in commands)
        with formatter.section(_("Commands")):
            formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])

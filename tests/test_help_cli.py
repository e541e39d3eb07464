"""The command line speaks the active language everywhere: every `--help` text (commands,
groups, options), click's own messages (usage errors, "Missing argument", "No such
command"…), help laid out by display width, and errors from the operating system worded by
Huddle in one line."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tui import i18n
from tui.__main__ import SUBCOMMANDS, cli
from tui.cli import os_error_message
from tui.cli.help import cell_len

CJK = re.compile(r"[\u4e00-\u9fff]")


def huddle(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *map(str, args)], capture_output=True, text=True,
                          env=dict(os.environ, **env), timeout=60, check=False)


def run(*args, columns: int = 80):
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(cli, [str(a) for a in args], prog_name="huddle",
                                                           terminal_width=columns, catch_exceptions=False)


def every_command() -> list[tuple[list[str], click.Command]]:
    """(path, command) for every command and group under `huddle`, lazy ones loaded."""
    found = [([], cli)]
    context = click.Context(cli)
    todo = [([], cli)]
    while todo:
        path, group = todo.pop()
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            found.append((path + [name], command))
            if isinstance(command, click.Group):
                todo.append((path + [name], command))
    return found


def test_every_subcommand_is_registered():
    names = {path[0] for path, _command in every_command() if path}
    assert names == set(SUBCOMMANDS)


@pytest.mark.parametrize("path, command", every_command(), ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_every_help_text_has_a_chinese_translation(path, command):
    i18n.set_language("zh_CN")
    texts = [command.help] + [param.help for param in command.params if getattr(param, "help", None)]
    assert command.help, f"huddle {' '.join(path)} has no help"
    for text in texts:
        if text in ("Show this message and exit.", "Show the version and exit."):
            continue
        assert CJK.search(i18n._(text)), f"huddle {' '.join(path)}: no Chinese for {text!r}"
    assert type(command).__name__ in ("TranslatedCommand", "TranslatedGroup", "HuddleGroup"), path


@pytest.mark.parametrize("path, command", every_command(), ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_chinese_help_fits_the_terminal_and_reads_as_chinese(path, command):
    result = run("--lang", "zh_CN", *path, "--help", columns=60)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("用法：huddle")
    assert "选项：" in lines and "Options:" not in result.output and "Usage:" not in result.output
    assert "Show this message and exit." not in result.output and "显示此帮助并退出。" in result.output
    for line in lines:
        assert cell_len(line) <= 60 or " " not in line.strip(), line
        assert not re.match(r"\s*[，。、：；）]", line), line  # no line starts with closing punctuation
    if isinstance(command, click.Group):
        assert "命令：" in lines


def test_help_in_english_has_no_chinese_but_names():
    result = run("cr", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: huddle cr [OPTIONS] COMMAND [ARGS]...")
    assert "Commands:" in result.output and not CJK.search(result.output)


@pytest.mark.parametrize("args", [
    ["--lang", "zh_CN", "cr", "--help"],
    ["cr", "show", "--help", "--lang", "zh_CN"],     # --lang after --help, on the subcommand
    ["cr", "show", "--help", "--lang=zh"],
])
def test_lang_is_applied_before_help_is_drawn(args):
    result = huddle(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：huddle cr")
    assert "显示此帮助并退出。" in result.stdout


def test_huddle_lang_from_the_environment_applies_to_help():
    result = huddle("--help", HUDDLE_LANG="zh_CN")
    assert result.stdout.startswith("用法：huddle") and "碰头" in result.stdout


@pytest.mark.parametrize("args, english, chinese", [
    (["cr", "show"], "Missing argument 'KEY'.", "缺少参数 'KEY'。"),
    (["cr", "bogus"], "No such command 'bogus'.", "没有 'bogus' 这个命令。"),
    (["cr", "list", "--bogus"], "No such option '--bogus'.", "没有 '--bogus' 这个选项。"),
    (["cr", "list", "--status"], "Option '--status' requires an argument.", "选项 '--status' 需要一个值。"),
    (["cr", "list", "extra"], "Got unexpected extra argument (extra)", "多余的参数（extra）"),
    (["project", "add", "X", "--name", "N", "--client", "C", "--client-lang", "fr"], "'fr' is not one of",
     "'fr' 不是"),
    (["--lang", "klingon", "cr", "list"], "is not a language Huddle speaks", "碰头不支持"),
])
def test_clicks_own_messages_in_both_languages(tmp_path, args, english, chinese):
    db = ["--db", str(tmp_path / "w.db")]
    result = huddle(*db, *args)
    assert result.returncode == 2, result.stderr
    assert english in result.stderr and "Error: " in result.stderr
    if args[0] == "--lang":
        return
    result = huddle(*db, "--lang", "zh_CN", *args)
    assert result.returncode == 2
    assert chinese in result.stderr, result.stderr
    assert "错误：" in result.stderr and "Usage" not in result.stderr and "Try" not in result.stderr


def test_switching_language_in_one_process_does_not_stick():
    assert "显示此帮助并退出。" in run("--lang", "zh_CN", "req", "--help").output
    assert "Show this message and exit." in run("req", "--help").output
    assert "显示此帮助并退出。" in run("--lang", "zh_CN", "req", "--help").output


# -- errors from the operating system -----------------------------------------------------

@pytest.mark.parametrize("code, english, chinese", [
    (errno.ENOENT, "/x/y does not exist.", "/x/y 不存在。"),
    (errno.EACCES, "Permission denied: you may not use /x/y.", "权限不足"),
    (errno.EROFS, "read-only disk", "只读"),
    (errno.ENOSPC, "The disk is full", "磁盘"),
    (errno.EISDIR, "is a folder", "文件夹"),
    (errno.ENOTDIR, "not a folder", "不是文件夹"),
])
def test_os_errors_are_worded_by_huddle(code, english, chinese):
    error = OSError(code, os.strerror(code), "/x/y")
    assert english in os_error_message(error)
    i18n.set_language("zh_CN")
    assert chinese in os_error_message(error)


def test_an_os_error_during_a_command_is_one_line_in_the_active_language(tmp_path, monkeypatch):
    db = tmp_path / "w.db"
    run("--db", db, "init")
    export = tmp_path / "export.json"
    assert run("--db", db, "export", "--out", export).exit_code == 0

    read_bytes = Path.read_bytes

    def denied(self, *args, **kwargs):
        if self.name == "export.json":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return read_bytes(self, *args, **kwargs)

    monkeypatch.setattr("pathlib.Path.read_bytes", denied)
    for language, words in (("en", "Permission denied: you may not use"), ("zh_CN", "权限不足：你无权使用")):
        result = run("--db", db, "--lang", language, "import", export)
        assert result.exit_code == 1, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0] and str(export) in lines[0], lines
        assert "Errno" not in lines[0]


def test_a_missing_folder_for_an_output_file(tmp_path):
    db = tmp_path / "w.db"
    run("--db", db, "init")
    for language, words in (("en", "does not exist"), ("zh_CN", "不存在")):
        result = run("--db", db, "--lang", language, "export", "--out", tmp_path / "no" / "such" / "x.json")
        assert result.exit_code == 1 and words in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_version_in_both_languages():
    assert re.fullmatch(r"huddle, version \S+\n", huddle("--version").stdout)
    assert re.fullmatch(r"huddle，版本 \S+\n", huddle("--lang", "zh_CN", "--version").stdout)

"""The footer and header at any width: whole keys only, help, language and palette always
shown, keys clickable; area names kept before the workspace name."""

from __future__ import annotations

import pytest

from conftest import make_app
from tui.screens import AREAS
from tui.widgets.footer import HuddleFooter


def footer_line(app) -> str:
    return str(app.screen.query_one(HuddleFooter).render())


@pytest.mark.parametrize("language, palette, help_key", [("en", "palette", "Help"), ("zh_CN", "命令面板", "帮助")])
@pytest.mark.parametrize("width", [60, 80, 100])
async def test_every_area_shows_whole_keys_and_the_pinned_ones(demo_store, language, palette, help_key, width):
    app = make_app(demo_store, language)
    async with app.run_test(size=(width, 24)) as pilot:
        for area in AREAS:
            await pilot.press(area.key)
            await pilot.pause()
            footer = app.screen.query_one(HuddleFooter)
            line = footer_line(app)
            assert line.rstrip().endswith(f"^p {palette}"), (area.mode, line)
            assert f"? {help_key}" in line and "f2 中文/English" in line, (area.mode, line)
            shown, _pinned = footer.shown_bindings()
            left = line.split(f"? {help_key}")[0]
            # Every key is shown whole or not at all, in order: no description is cut.
            expected = ""
            for binding, _enabled in shown:
                piece = f" {app.get_key_display(binding)} {binding.description} "
                if piece.strip() in left:
                    expected += piece
                else:
                    break
            assert left.rstrip() == expected.rstrip(), (area.mode, line)
            from rich.cells import cell_len

            assert cell_len(line) == width


async def test_clicking_a_key_presses_it(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        line = footer_line(app)
        column = line.index("My note")
        await pilot.click(HuddleFooter, offset=(column, 0))
        await pilot.pause()
        assert app.screen.id == "note-form"


async def test_header_keeps_area_names_before_the_workspace_name(demo_store):
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one("#header").render())
        assert all(title in header for title in ("概览", "站会", "需求", "变更", "客户反馈", "承诺")), header
        assert "王芳（负责人）" in header and "demo.db" not in header
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        assert "demo.db · 王芳（负责人）" in str(app.screen.query_one("#header").render())


async def test_clicking_a_pinned_key_presses_it(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        line = footer_line(app)
        await pilot.click(HuddleFooter, offset=(line.index("中文/English"), 0))
        await pilot.pause()
        from tui import i18n

        assert i18n.get_language() == "zh_CN"
        assert "命令面板" in footer_line(app)


@pytest.mark.parametrize("area", [area.mode for area in AREAS])
async def test_help_is_all_chinese_in_chinese(demo_store, area):
    """Every description in `?` is translated, Textual's own keys (tab, copy) included."""
    import re

    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(next(a.key for a in AREAS if a.mode == area))
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        described = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        untranslated = [text for text in described if re.search(r"[A-Za-z]{3,}", text) and text != "中文/English"]
        assert described and untranslated == [], untranslated


async def test_textuals_own_notices_speak_the_active_language(demo_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+c")  # nothing to copy: how to quit
        await pilot.pause()
        app.take_screenshot()
        await pilot.pause()
        notices = [(n.title, str(n.message)) for n in app._notifications]
        assert ("要退出吗？", f"按 {app.key_of('quit')} 退出碰头。") in notices and app.key_of("quit") == "^q"
        [saved] = list(tmp_path.glob("*.svg"))
        assert ("", f"截图已保存到 {saved}") in notices


async def test_collector_paused_for_start_up_resumes_after_the_first_frame(demo_store):
    import gc

    gc.disable()  # as `huddle` (tui.__main__.main) does before it opens the app
    try:
        app = make_app(demo_store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_command_turns_the_collector_back_on(monkeypatch, capsys):
    import gc

    from tui.__main__ import main

    monkeypatch.setattr("sys.argv", ["huddle", "--version"])
    with pytest.raises(SystemExit):
        main()
    assert gc.isenabled()
    assert "huddle" in capsys.readouterr().out


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_palette_lists_every_command_in_one_fixed_order(demo_store, language):
    from textual.command import CommandList

    app = make_app(demo_store, language)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("4")  # an area with its own commands
        await pilot.pause()
        expected = [item.title for item in (*app.screen.palette_commands(), *app.palette_commands())]
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]
        assert shown == expected

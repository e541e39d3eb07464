"""Store work runs off the event loop: while another process holds the write lock, the app
keeps painting and taking keys, the form says it is waiting, and the wait can be stopped
with nothing written and nothing typed lost."""

from __future__ import annotations

import asyncio
import sqlite3
import time

from textual.widgets import TextArea

from conftest import TODAY, USER, make_app
from tui.store import standup
from tui.store.errors import Cancelled
from tui.store.runner import StoreThread
from tui.widgets.form import FormScreen


def hold_write_lock(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


async def test_a_save_waits_without_freezing_and_escape_stops_the_wait(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"before the lock")
        holder = hold_write_lock(store.path)
        try:
            await pilot.press("ctrl+s")
            ticks = []
            app.set_interval(0.02, lambda: ticks.append(time.monotonic()))
            for _ in range(40):  # the event loop runs while the save waits
                await asyncio.sleep(0.02)
            assert len(ticks) >= 10
            assert form.saving and app.store_thread.waiting.is_set()
            assert "Waiting for the workspace" in form.error
            # typing goes on while it waits
            await pilot.press(*" and after")
            await pilot.press("escape")  # stop waiting
            for _ in range(50):
                if not form.saving:
                    break
                await asyncio.sleep(0.02)
            assert not form.saving
            assert "nothing was saved" in form.error
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert app.screen is form
        assert form.query_one("#field-today", TextArea).text == "before the lock and after"
        assert standup.get(store, TODAY, USER) is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert standup.get(store, TODAY, USER)["today"] == "before the lock and after"


async def test_the_store_thread_gives_up_a_waiting_write_when_cancelled(store):
    runner = StoreThread(store.clone)
    holder = hold_write_lock(store.path)
    try:
        call = asyncio.ensure_future(runner.run(standup.save, TODAY, USER, standup.Note(today="x"), expected_version=None))
        for _ in range(100):
            if runner.waiting.is_set():
                break
            await asyncio.sleep(0.01)
        assert runner.waiting.is_set()
        runner.cancel()
        try:
            await call
        except Cancelled:
            pass
        else:
            raise AssertionError("the write should have been cancelled")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert standup.get(store, TODAY, USER) is None
    # the next call works as usual
    await runner.run(standup.save, TODAY, USER, standup.Note(today="y"), expected_version=None)
    assert standup.get(store, TODAY, USER)["today"] == "y"
    runner.close()


async def test_ctrl_q_answers_at_once_while_a_save_waits_and_the_draft_is_kept(store):
    from tui import drafts

    app = make_app(store)
    holder = None
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("2", "n")
            await pilot.pause()
            await pilot.press(*"half a note")
            holder = hold_write_lock(store.path)
            await pilot.press("ctrl+s")
            for _ in range(100):
                if app.store_thread.waiting.is_set():
                    break
                await asyncio.sleep(0.02)
            assert app.store_thread.waiting.is_set()
            await pilot.press("ctrl+q")
        # the app has returned while the lock is still held: the waiting save gave up
        # (it did not wait out the busy timeout), so it can never land later
        assert app.store_thread.store is None
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
    await asyncio.sleep(0.3)
    assert standup.get(store, TODAY, USER) is None
    draft = drafts.load(store.path, f"standup/{TODAY.isoformat()}/{USER}")
    assert draft and draft["values"]["today"] == "half a note"

"""No test depends on the machine's calendar: the app, the store and every `huddle`
subprocess share one frozen "today" (`$HUDDLE_TODAY`, `$HUDDLE_NOW`, set by conftest)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from conftest import NOW, TODAY
from tui.store.db import Store

ROOT = Path(__file__).parent.parent


def test_the_store_and_a_cli_subprocess_share_the_frozen_day(tmp_path):
    db = tmp_path / "w.db"
    store = Store(db, user="wangfang")
    assert store.today() == TODAY and store.now() == NOW
    store.close()
    run = lambda *args: subprocess.run(
        [sys.executable, "-m", "tui", *args, "--db", str(db)], capture_output=True, text=True, timeout=60
    )
    assert run("standup", "add", "--today", "Ship it").returncode == 0
    shown = json.loads(run("standup", "show", "--json").stdout)
    assert [row["date"] for row in shown] == [TODAY.isoformat()]
    assert shown[0]["created_at"] == NOW.isoformat(timespec="seconds")


def test_the_date_sensitive_tests_pass_on_another_day():
    """Run the tests that mix the app, the store and CLI subprocesses with "today" moved to
    another year and weekday: they must pass there too."""
    other = date(2031, 2, 14)
    assert other != TODAY
    env = dict(os.environ, HUDDLE_TEST_TODAY=other.isoformat())
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         "-o", "addopts=", "tests/test_live.py", "tests/test_frozen_clock.py::test_the_store_and_a_cli_subprocess_share_the_frozen_day"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout

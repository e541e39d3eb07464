"""Eight real processes adding and moving change requests at once: nothing is lost and
nobody sees "database is locked"."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tui.store import changes

WORKER = textwrap.dedent(
    """
    import sys
    from tui.store import changes, members
    from tui.store.db import Store

    path, user, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(path, user=user)
    members.ensure(store)
    for n in range(count):
        row = changes.add(store, f"{user} change {n} 变更")
        changes.move(store, row["key"], "assessing", expected_version=row["version"])
        changes.assign(store, row["key"])
        if n % 3 == 0:
            changes.move(store, row["key"], "withdrawn", note="client withdrew")
    print("ok", flush=True)
    """
)

PROCESSES = 8
EACH = 25


def test_eight_processes(store):
    members_ = [f"user{n}" for n in range(PROCESSES)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(store.path), user, str(EACH)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for user in members_
    ]
    outputs = [proc.communicate(timeout=300) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and out.strip() == "ok"
    rows = changes.list_rows(store)
    assert len(rows) == PROCESSES * EACH
    assert sorted(row["number"] for row in rows) == list(range(1, PROCESSES * EACH + 1))
    withdrawn = sum(1 for n in range(EACH) if n % 3 == 0) * PROCESSES
    assert sum(row["status"] == "withdrawn" for row in rows) == withdrawn
    assert all(row["assignee"] == row["created_by"] for row in rows)
    moves = store.scalar("SELECT count(*) FROM activity WHERE entity = 'change_request' AND action = 'move'")
    assert moves == PROCESSES * EACH + withdrawn

"""The demo's commitments: a month of promises to the clients, most kept, one missed, one
renegotiated, two overdue."""

from __future__ import annotations

from datetime import date, timedelta

from ..store import commitments
from ..store.db import Store
from .days import clock_at

# (created days ago, project, promise, to whom, owner, due in days from today, outcome,
#  closed days from due (negative = early), renegotiated to (days from today), reason)
_DEMO = [
    (30, "ACME", "发送需求调研纪要并请客户确认", "刘总 (ACME 信息部)", "wangfang", -27, "kept", -1, None, None),
    (28, "NOVA", "Send the revised sprint plan", "Grace Lee (Nova PMO)", "alice", -24, "kept", 0, None, None),
    (25, "ACME", "修复登录超时问题并上线", "赵经理", "liming", -18, "kept", 2, None, None),
    (22, "NOVA", "Open the UAT test accounts", "Mark Chen (Nova IT)", "zhangwei", -15, "missed", 3, None, None),
    (20, "ACME", "阶段验收材料提交", "刘总 (ACME 信息部)", "chenjing", -10, "kept", -2, None, None),
    (18, "NOVA", "Deliver the pressure test report", "Mark Chen (Nova IT)", "zhangwei", -6, "renegotiated", None, 4,
     "压测环境审批延迟，客户同意顺延一周 / test environment approval was late; client agreed"),
    (14, "ACME", "按部门汇总的报表原型", "孙主管 (财务)", "bob", -3, "open", None, None, None),
    (10, "NOVA", "Call back about the card tokenisation failures", "David Wu (Nova Ops)", "bob", -1, "open", None, None, None),
    (8, "ACME", "每周五发送项目周报", "刘总 (ACME 信息部)", "wangfang", 0, "open", None, None, None),
    (6, "NOVA", "Review the Chinese labels on receipts", "Grace Lee (Nova PMO)", "alice", 5, "open", None, None, None),
    (3, "ACME", "导出格式与客户确认", "刘总 (ACME 信息部)", "chenjing", 7, "open", None, None, None),
    (1, "NOVA", "Go-live checklist walkthrough", "Grace Lee (Nova PMO)", "wangfang", 12, "open", None, None, None),
]


def seed(store: Store, today: date) -> None:
    """A month of promises: most kept, one missed, one renegotiated, two overdue."""
    user, clock = store.user, store.clock
    try:
        for ago, project, promise, to_whom, owner, due, outcome, closed, moved, reason in _DEMO:
            created = today - timedelta(days=ago)
            due_day = today + timedelta(days=due)
            store.clock = clock_at(created, 11, 0)
            store.user = owner
            row = commitments.add(store, promise, due_day.isoformat(), to_whom=to_whom, owner=owner, project=project)
            if moved is not None:
                store.clock = clock_at(due_day - timedelta(days=1), 16, 30)
                row = commitments.move_due(store, row["key"], (today + timedelta(days=moved)).isoformat(), reason)
            if outcome in ("kept", "missed"):
                store.clock = clock_at(due_day + timedelta(days=closed or 0), 17, 0)
                reason = "测试账号审批流程比预期长 / account approval took longer than planned" if outcome == "missed" else None
                commitments.move(store, row["key"], outcome, note=reason)
    finally:
        store.user, store.clock = user, clock

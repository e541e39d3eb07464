"""The demo's client feedback: five weeks of it in both languages, with scores, some
closed after a follow-up, some still waiting for one."""

from __future__ import annotations

from datetime import date, timedelta

from ..store import feedback
from ..store.db import Store
from .days import clock_at

# (days ago, project, contact, channel, csat, summary, status, owner, follow-up in days from today)
_DEMO = [
    (40, "NOVA", "Grace Lee (Nova PMO)", "survey", 4, "Kick-off went well; clear plan and roles.", "closed", "wangfang", None),
    (37, "ACME", "孙主管 (财务)", "survey", 3, "需求调研问得很细，但会议时间太长。", "closed", "liming", None),
    (33, "ACME", "刘总 (ACME 信息部)", "meeting", 4, "需求调研会上认可了门户的整体方案，希望报表模块再细化。", "closed", "wangfang", None),
    (30, "NOVA", "Grace Lee (Nova PMO)", "email", 3, "Happy with the sprint demo, but the release notes came late.", "closed", "alice", None),
    (26, "ACME", "赵经理", "phone", 2, "登录经常超时，业务部门投诉很多，希望尽快解决。", "resolved", "liming", -3),
    (23, "NOVA", "David Wu (Nova Ops)", "survey", 5, "Transfer limits screen is clear; the team answered every question fast.", "closed", "bob", None),
    (19, "ACME", "刘总 (ACME 信息部)", "acceptance", 4, "阶段验收基本通过，导出功能的格式还要再对一下。", "in_progress", "chenjing", 2),
    (17, "NOVA", "David Wu (Nova Ops)", "survey", 2, "Weekly demo moved twice without notice.", "closed", "alice", None),
    (16, "NOVA", "Grace Lee (Nova PMO)", "im", 3, "微信群里反馈：测试账号一直没开通，进度受影响。", "acknowledged", "alice", -1),
    (12, "ACME", "孙主管 (财务)", "meeting", 5, "对账报表正是我们想要的，感谢团队加班赶出来。", "closed", "zhangwei", None),
    (9, "NOVA", "Mark Chen (Nova IT)", "email", 2, "Pressure test environment still not ready; we are worried about the go-live date.", "acknowledged", "zhangwei", 1),
    (7, "ACME", "赵经理", "survey", 4, "登录超时问题修复后明显好多了。", "resolved", "liming", 3),
    (5, "NOVA", "David Wu (Nova Ops)", "phone", 1, "Card tokenisation failed twice in UAT; nobody called us back.", "new", None, None),
    (3, "ACME", "刘总 (ACME 信息部)", "meeting", 5, "周会上表扬了需求变更控制做得规范，每次变更都有评估。", "acknowledged", "wangfang", 6),
    (2, "NOVA", "Grace Lee (Nova PMO)", "survey", 4, "Good progress this week; please keep the weekly status mail.", "new", None, None),
    (1, "ACME", "孙主管 (财务)", "im", None, "能否在月底前加一个按部门汇总的视图？", "new", None, None),
    (1, "NOVA", "Mark Chen (Nova IT)", "meeting", 3, "Demo was fine; the Chinese labels on the receipt need review.", "new", "bob", None),
]


def seed(store: Store, today: date) -> None:
    """Five weeks of client feedback in both languages, some waiting for a follow-up."""
    user, clock = store.user, store.clock
    try:
        for ago, project, contact, channel, score, summary, status, owner, follow in _DEMO:
            day = today - timedelta(days=ago)
            store.clock = clock_at(day, 10, 15)
            store.user = owner or "wangfang"
            row = feedback.add(store, summary, project=project, contact=contact, channel=channel,
                      received_on=day.isoformat() if ago else None, csat=score, owner=owner)
            path = {
                "new": [],
                "acknowledged": ["acknowledged"],
                "in_progress": ["acknowledged", "in_progress"],
                "resolved": ["acknowledged", "in_progress", "resolved"],
                "closed": ["acknowledged", "in_progress", "resolved", "closed"],
            }[status]
            for step, target in enumerate(path):
                later = min(today, day + timedelta(days=step + (3 if score and score <= 2 else 1)))
                store.clock = clock_at(later, 14, 5 + step)
                outcome = "回访已完成，客户满意。" if project == "ACME" else "Follow-up call done; the client is satisfied."
                row = feedback.move(store, row["key"], target, outcome=outcome if target == "closed" else None)
            if follow is not None:
                feedback.schedule_follow_up(store, row["key"], (today + timedelta(days=follow)).isoformat())
    finally:
        store.user, store.clock = user, clock

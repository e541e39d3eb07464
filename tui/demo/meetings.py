"""The demo's client meetings: a requirements workshop, a weekly review and today's
acceptance preparation, with decisions that concern demo requirements and change
requests, and action items (the promises among them are commitments)."""

from __future__ import annotations

from datetime import date, timedelta

from ..store import meetings, members, projects
from ..store.db import Store
from .days import clock_at

# (days ago, project, kind, title, team, client, notes, [(decision, links)],
#  [(action, owner, due in days from today, promise)], by)
_DEMO = [
    (
        8, "ACME", "workshop", "报表模块需求调研",
        ("wangfang", "bob", "liming"), ("刘总 (ACME 信息部)", "孙主管 (财务)"),
        ("月报：区域经理每月第一个工作日 9 点前收到 PDF，数字要和财务一致。\n"
        "孙主管希望能按区域筛选，按部门汇总的视图月底前要。\n"
        "导出：保留筛选条件；大批量导出 PDF 先评估。"),
        [
            ("月度销售报表按区域汇总，每月第一个工作日 9:00 前以 PDF 发送", "REQ-4"),
            ("按区域筛选作为变更评估，先给出工期和费用影响再定", "CR-5"),
        ],
        [
            ("发送调研纪要并请客户确认", "wangfang", 1, True),
            ("按部门汇总的报表原型", "bob", 2, False),
        ],
        "wangfang",
    ),
    (
        3, "NOVA", "weekly", "Weekly review with Nova PMO",
        ("alice", "bob", "zhangwei"), ("Grace Lee (Nova PMO)", "Mark Chen (Nova IT)"),
        ("Sprint 3 on track; Face ID in verification.\n"
        "Pressure test still blocked: environment approval pending on Nova's side.\n"
        "Grace asked for the UAT test plan before the acceptance review."),
        [
            ("Face ID ships in Sprint 3; PIN fallback after 3 failed attempts", "REQ-13, CR-4"),
            ("Pressure test runs as soon as Nova approves the environment; go-live date unchanged", "REQ-16"),
        ],
        [
            ("Send the UAT test plan to Grace", "alice", 6, True),
            ("Prepare the pressure test scripts", "zhangwei", 4, False),
        ],
        "alice",
    ),
    (
        0, "ACME", "acceptance", "二期验收准备会",
        ("wangfang", "chenjing", "zhangwei"), ("刘总 (ACME 信息部)", "赵经理 (ACME 业务部)"),
        ("验收范围：二期里程碑的需求，改价审批流必须在验收前完成。\n"
        "验收环境证书已续期。"),
        [("改价审批流纳入二期验收范围", "REQ-6")],
        [("验收测试环境周一前准备好", "chenjing", 3, False)],
        "wangfang",
    ),
]


def seed(store: Store, today: date) -> None:
    """Three client meetings (a requirements workshop, a weekly review, today's acceptance
    preparation) with decisions that concern demo requirements and change requests, and
    action items: the promises among them are commitments."""
    user, clock = store.user, store.clock
    if projects.get(store, "ACME") is None or projects.get(store, "NOVA") is None:
        return
    try:
        for ago, project, kind, title, team, client, notes, the_decisions, the_actions, by in _DEMO:
            day = today - timedelta(days=ago)
            store.user = by
            store.clock = clock_at(day, 10 if day != today else 0, 0)
            row = meetings.add(store, title, project=project, day=day.isoformat(), kind=kind,
                               attendees=[login for login in team if members.get(store, login)], client_attendees=client)
            store.clock = clock_at(day, 11 if day != today else 0, 10)
            for text, keys in the_decisions:
                present = [k for k in meetings.parse_links(keys) if store.scalar(
                    f"SELECT count(*) FROM {meetings.LINKABLE[k.split('-', 1)[0]]} WHERE key = ?", (k,))]
                meetings.decide(store, row["key"], text, present)
            for text, owner, due, promise in the_actions:
                meetings.add_action(store, row["key"], text, owner=owner,
                                    due=(today + timedelta(days=due)).isoformat(), promise=promise)
            store.clock = clock_at(day, 11 if day != today else 0, 30)
            meetings.save_notes(store, row["key"], notes)
    finally:
        store.user, store.clock = user, clock

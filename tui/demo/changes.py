"""The demo's change queue: bilingual change requests spread over the last weeks, each
through its history (assessed, approved or rejected, implemented…), one snoozed."""

from __future__ import annotations

from datetime import date, timedelta

from ..store import changes, members
from ..store.db import Store
from .days import clock_at

_DEMO = [
    # title, requested_by, priority, days ago, path of statuses, assessment?, assignee
    ("登录页增加短信验证码登录 / SMS code login", "ACME 张经理", "P1", 18, ["assessing", "approved", "implementing", "verifying", "done"], (5, 3, 12000, "medium"), "alice"),
    ("Export orders to Excel with custom columns", "ACME Ms. Li", "P2", 15, ["assessing", "approved", "implementing"], (3, 2, 6000, "low"), "liming"),
    ("首页横幅改为可配置 / Configurable home banner", "Nova 产品部 赵总", "P3", 14, ["assessing", "rejected"], (8, 5, 20000, "high"), None),
    ("Add Face ID to the mobile banking app", "Nova Bank — Mr. Wong", "P0", 12, ["assessing", "approved", "implementing", "verifying"], (10, 6, 45000, "high"), "bob"),
    ("报表增加按区域筛选 / Filter reports by region", "ACME 张经理", "P2", 10, ["assessing"], (2, 1, 3000, "low"), "zhangwei"),
    ("Change password policy to 12 characters", "Nova 安全部", "P1", 9, ["assessing"], (1.5, 0, 1500, "low"), "alice"),
    ("订单列表支持批量导出 PDF", "ACME 财务部 王会计", "P2", 7, ["assessing"], None, "liming"),
    ("Dark mode for the client portal", "ACME Ms. Li", "P3", 6, [], None, None),
    ("转账限额改为按客户等级配置", "Nova Bank 风控部", "P1", 5, [], None, None),
    ("Send the weekly report by email on Mondays", "ACME 张经理", "P2", 4, ["withdrawn"], None, None),
    ("接口响应时间要求从 2 秒改为 1 秒", "Nova 产品部 赵总", "P0", 3, [], None, None),
    ("Rename 'Clients' to 'Accounts' everywhere", "Nova Bank — Mr. Wong", "P3", 2, [], None, None),
    ("增加操作日志导出（审计要求）/ Audit log export", "ACME 审计部", "P1", 1, [], None, "chenjing"),
    ("Add a second approver for large transfers", "Nova Bank 风控部", "P0", 0, [], None, None),
]


def seed(store: Store, today: date) -> None:
    """Bilingual change requests spread over the last weeks, with their history."""
    user, clock = store.user, store.clock
    lead = "wangfang" if members.get(store, "wangfang") else user
    requirement_keys = [r["key"] for r in store.query("SELECT key FROM requirements ORDER BY number LIMIT 5")]
    try:
        for index, (title, requester, priority, ago, path, assessment, assignee) in enumerate(_DEMO):
            day = today - timedelta(days=ago)
            store.user = ["liming", "alice", "zhangwei", "bob", "chenjing"][index % 5]
            hour = 0 if day == today else 9  # today's items: early, so never "in 3 hours"
            store.clock = clock_at(day, hour, index)
            project = "ACME" if "ACME" in requester else "NOVA"
            row = changes.add(store, title, project=project if store.scalar("SELECT 1 FROM projects WHERE key = ?", (project,)) else None,
                      priority=priority, requested_by=requester,
                      detail=_detail(title))
            if assignee:
                changes.assign(store, row["key"], assignee)
            for step, target in enumerate(path):
                moment = day + timedelta(days=min(ago, step + 1))
                store.clock = clock_at(moment, 0, 30 + step) if moment == today else clock_at(moment, 14, step)
                if target == "assessing" and assessment:
                    effort, schedule, cost, risk = assessment
                    store.user = assignee or lead
                    changes.assess(store, row["key"], {
                        "effort_days": effort, "schedule_days": schedule, "cost": cost, "risk": risk,
                        "requirement": requirement_keys[index % len(requirement_keys)] if requirement_keys else None,
                        "assessment_note": "影响登录模块和短信网关；需要客户确认短信费用。 / Touches login and the SMS gateway.",
                    }, expected_version=None)
                    continue
                store.user = lead if target in ("approved", "rejected", "assessing") else (assignee or lead)
                note = ""
                if target == "rejected":
                    note = "超出本期合同范围，建议放到二期。 / Out of scope for phase 1."
                elif target == "approved":
                    note = "客户已确认费用和工期。 / Client accepted cost and schedule."
                elif target == "withdrawn":
                    note = "客户撤回。 / The client withdrew it."
                changes.move(store, row["key"], target, note=note)
        store.user = lead
        store.clock = clock_at(today - timedelta(days=1), 16, 0)
        changes.snooze(store, "CR-12", (today + timedelta(days=14)).isoformat())
    finally:
        store.user, store.clock = user, clock


def _detail(title: str) -> str:
    return (
        f"客户在周会上提出：{title}。\n"
        "需要评估对排期和成本的影响，确认后更新需求说明书。\n"
        "Raised by the client in the weekly meeting; assess schedule and cost impact."
    )

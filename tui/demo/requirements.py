"""The demo's requirements register: two projects with their milestones, requirements in
both languages at every step from draft to accepted, and their history."""

from __future__ import annotations

from datetime import date, timedelta

from ..store import milestones, requirements
from ..store.db import Store
from .days import clock_at, workdays_before


def seed(store: Store, today: date) -> None:
    """Bilingual sample register: two projects, three milestones each side, history."""
    user = store.user
    days = workdays_before(today, 15)

    def as_user(login: str, day: date, hour: int = 10, minute: int = 0) -> None:
        store.user = login
        store.clock = clock_at(day, hour, minute)

    try:
        as_user("wangfang", days[0], 9)
        ms = {
            "A1": milestones.create(store, "ACME", "一期验收 Phase 1", today - timedelta(days=6)),
            "A2": milestones.create(store, "ACME", "二期验收 Phase 2", today + timedelta(days=9)),
            "A3": milestones.create(store, "ACME", "上线验收 Go-live", today + timedelta(days=40)),
            "N1": milestones.create(store, "NOVA", "Sprint 3 验收", today + timedelta(days=4)),
            "N2": milestones.create(store, "NOVA", "UAT 用户验收测试", today + timedelta(days=30)),
        }
        # project, milestone, title, detail, criteria, source, priority, owner, path
        register = [
            ("ACME", "A1", "单点登录（SSO）接入集团 AD", "员工用集团域账号登录门户，不再单独注册。",
             "1. 域账号可登录\n2. 离职账号 1 小时内失效", "需求调研会 10/28，ACME 信息部 刘经理", "P0", "alice", "accepted"),
            ("ACME", "A1", "Order list with filters and export", "Sales staff filter orders by date, region and status, then export to Excel.",
             "Filters combine; export keeps the filter; 10k rows export in under 10 s", "Email from Mr. Liu, ACME IT", "P1", "liming", "accepted"),
            ("ACME", "A1", "订单详情页显示物流轨迹", "", "能看到每个物流节点的时间和地点", "周例会 11/04，ACME 销售部 赵总", "P2", "liming", "delivered"),
            ("ACME", "A2", "Monthly sales report as PDF", "Regional managers get a PDF report on the first workday of each month.",
             "Report matches the finance numbers; sent by 09:00", "Requirement workshop, ACME finance (Ms. Zhou)", "P1", "bob", "in_progress"),
            ("ACME", "A2", "客户门户支持手机浏览", "门户在手机浏览器上可正常使用，重点是订单查询。",
             "iOS Safari、安卓微信内置浏览器可用", "ACME 赵总电话沟通", "P1", "alice", "confirmed"),
            ("ACME", "A2", "审批流：订单改价需主管审批", "改价超过 5% 时需要区域主管审批。", "", "需求评审会 11/18", "P0", "zhangwei", "in_progress"),
            ("ACME", "A2", "Audit log of price changes", "", "", "ACME internal audit", "P2", None, "documented"),
            ("ACME", "A3", "数据迁移：旧系统三年订单", "把旧 ERP 中近三年的订单迁到新门户。", "抽样核对 200 单无差异", "项目启动会", "P1", "zhangwei", "documented"),
            ("ACME", "A3", "Dark mode", "Nice to have, asked in passing.", "", "ACME sales team, demo session", "P3", None, "draft"),
            ("ACME", None, "门户首页加公告栏", "", "", "ACME 行政部微信留言", "P3", None, "deferred"),
            ("ACME", "A2", "导出 CSV 给旧报表系统", "", "", "ACME IT", "P2", "liming", "dropped"),
            ("NOVA", "N1", "转账限额可由客户自行调整", "客户在 App 里设置单笔和单日限额，需短信验证。",
             "1. 限额立即生效\n2. 超额转账被拒并提示", "Nova Bank 产品部 Ms. Wong, kickoff", "P0", "bob", "delivered"),
            ("NOVA", "N1", "Face ID / fingerprint login", "Biometric login on iOS and Android.", "Falls back to PIN after 3 failures",
             "Nova Bank product owner", "P0", "alice", "confirmed"),
            ("NOVA", "N1", "交易记录按月筛选", "", "", "Nova 客服反馈汇总", "P2", "chenjing", "in_progress"),
            ("NOVA", "N2", "Push notifications for incoming transfers", "", "Notification within 5 s of the credit",
             "Client meeting 11/20 (Ms. Wong)", "P1", "bob", "documented"),
            ("NOVA", "N2", "压测：转账接口 500 TPS", "上线前压测转账接口。", "500 TPS 下 P99 < 800ms", "Nova 技术部要求", "P1", "zhangwei", "draft"),
            ("NOVA", "N2", "无障碍：读屏软件支持", "", "", "监管要求（客户转达）", "P2", None, "draft"),
            ("NOVA", None, "Card freeze from the app", "", "", "Nova call centre feedback", "P1", None, "draft"),
        ]
        path = ("documented", "confirmed", "in_progress", "delivered", "accepted")
        signers = {"ACME": "ACME 刘经理", "NOVA": "Ms. Wong (Nova)"}
        for index, (project, m, title, detail, criteria, source, priority, owner, final) in enumerate(register):
            day = days[min(index % 5, len(days) - 1)]
            as_user("wangfang" if index % 3 else "liming", day, 10, index)
            row = requirements.create(store, {
                "project": project, "title": title, "detail": detail, "acceptance_criteria": criteria,
                "source": source, "priority": priority, "owner": owner,
                "milestone_id": ms[m]["id"] if m else None,
            })
            steps: tuple[str, ...]
            if final in ("deferred", "dropped"):
                steps = ("documented", final)
            else:
                steps = path[: path.index(final) + 1] if final in path else ()
            # Every step before today: the demo never shows a move "in 2 hours".
            start, end = days.index(day), len(days) - 2 - index % 3
            for number, status in enumerate(steps):
                step_day = start + round((number + 1) * (end - start) / len(steps))
                as_user("wangfang" if status == "accepted" else (owner or "wangfang"), days[step_day], 11, number)
                requirements.move(store, row["key"], status,
                     confirmed_by=signers[project] if status == "confirmed" else None,
                     note="阶段验收通过" if status == "accepted" else None)
    finally:
        store.user = user

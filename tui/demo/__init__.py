"""A bilingual demo workspace: a small team, two client projects and two weeks of history.

`huddle demo` calls `seed()` on its own file. Each area adds its sample data through a
function in `SEEDERS` (the areas' data are the modules of this package), so the demo grows
with the product. The seeders run in one write transaction with the clock set back to the
day each item happened, so the demo's history and "3 days ago" labels look like a real
team's. The demo lives outside the store: it writes through the areas' own store functions,
like a team would, and no production module imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ..store import members, standup
from ..store.db import Store
from ..store.errors import StoreError
from ..store.messages import _
from .days import clock_at, workdays_before

TEAM = [
    # login, display name, role
    ("wangfang", "王芳", "lead"),
    ("liming", "李明", "member"),
    ("alice", "Alice Chen", "member"),
    ("zhangwei", "张伟", "member"),
    ("bob", "Bob Smith", "member"),
    ("chenjing", "陈静", "member"),
]

PROJECTS = [
    # key, name, client, client's language, contacts, started (days ago), ends (days ahead)
    ("ACME", "ACME 客户门户 / Client portal", "ACME 集团", "zh_CN",
     "刘总 (ACME 信息部)\n赵经理 (ACME 业务部)\n孙主管 (财务)", 120, 95),
    ("NOVA", "Nova 移动银行 / Mobile banking", "Nova Bank", "en",
     "Grace Lee (Nova PMO)\nMark Chen (Nova IT)\nDavid Wu (Nova Ops)", 75, 150),
]

# (yesterday, today, blockers) pools, mixed languages as a real bilingual team writes.
_NOTES = {
    "wangfang": [
        ("和 ACME 客户开需求评审会", "整理评审纪要，发给客户确认", ""),
        ("Reviewed the change queue", "Client call about the login redesign", ""),
        ("阶段验收材料准备", "跟进 Nova 的回访", ""),
    ],
    "liming": [
        ("完成订单列表接口", "订单详情页联调", ""),
        ("修复分页 bug", "写接口文档", "测试环境数据库连不上"),
        ("性能优化：列表查询加索引", "联调导出功能", ""),
    ],
    "alice": [
        ("Login page redesign", "Finish SSO callback handling", ""),
        ("SSO callback", "Write tests for SSO", "Waiting for Nova's SSO test account"),
        ("Tests for SSO", "Accessibility fixes on the dashboard", ""),
    ],
    "zhangwei": [
        ("部署脚本", "监控告警配置", ""),
        ("监控告警", "压测 Nova 转账接口", "压测环境还没批下来"),
        ("压测报告", "优化数据库连接池", ""),
    ],
    "bob": [
        ("Payment form validation", "Card tokenisation", ""),
        ("Card tokenisation", "Receipts by email", ""),
        ("Receipts", "Bug bash with QA", ""),
    ],
    "chenjing": [
        ("测试用例评审", "回归测试 ACME 2.1", ""),
        ("回归测试", "提交缺陷报告", ""),
        ("验证修复", "准备验收测试环境", "验收环境的证书过期了"),
    ],
}

SEEDERS: list[Callable[[Store, date], None]] = []
"""Each area's sample data: `seeder(store, today)`; called inside one write transaction."""


def is_demo(store: Store) -> bool:
    return store.get_meta("demo") == "1"


def holds_real_data(store: Store) -> bool:
    if is_demo(store):
        return False
    return bool(store.scalar("SELECT count(*) FROM members")) or bool(
        store.scalar("SELECT count(*) FROM standups")
    )


def seed(store: Store) -> None:
    """Fill an empty workspace with the demo; refuse a workspace that has real data."""
    if holds_real_data(store):
        raise StoreError(
            _("{path} holds real data: the demo is written only into a new file. Use another --db.").format(
                path=store.path
            )
        )
    if is_demo(store):
        return
    today = store.today()
    real_clock = store.clock
    with store.write() as conn:
        # The person who makes the demo workspace is a lead in it.
        members.ensure(store, display_name={login: name for login, name, _r in TEAM}.get(store.user))
        conn.execute("UPDATE members SET role = 'lead', active = 1 WHERE login = ?", (store.user,))
        for login, name, role in TEAM:
            if members.get(store, login) is None:
                store.db["members"].insert(
                    {"login": login, "display_name": name, "role": role, **store.audit_insert()}
                )
        for key, name, client, client_lang, contacts, started, ends in PROJECTS:
            store.db["projects"].insert(
                {"key": key, "name": name, "client": client, "client_lang": client_lang, "contacts": contacts,
                 "start_on": (today - timedelta(days=started)).isoformat(),
                 "end_on": (today + timedelta(days=ends)).isoformat(), **store.audit_insert()}
            )
        seed_standups(store, today)
        for seeder in SEEDERS:
            seeder(store, today)
        store.clock = real_clock
        store.set_meta("demo", "1")


def seed_standups(store: Store, today: date) -> None:
    """Two weeks of notes; today only some have posted, so the board shows who is missing."""
    days = workdays_before(today, 10)
    user = store.user
    try:
        for offset, day in enumerate(days):
            for index, (login, _name, _role) in enumerate(TEAM):
                if day == today and index % 2 == 1:
                    continue  # not posted yet today
                if day != today and (offset + index) % 7 == 3:
                    continue  # the odd absence
                pool = _NOTES[login]
                choice = (offset + index) % len(pool)
                if offset >= len(days) - 2 and login in ("liming", "alice", "zhangwei"):
                    choice = 1  # recent blockers, so the board and dashboard show some
                yesterday, today_text, blockers = pool[choice]
                store.clock = clock_at(day, 9, 30 + index)
                store.user = login
                standup.save(
                    store, day, login,
                    standup.Note(yesterday, today_text, blockers),
                    expected_version=None,
                )
    finally:
        store.user = user


def _area_seeders() -> list[Callable[[Store, date], None]]:
    """Each area's sample data, in the order they are written (an area's items may refer
    to the ones before: a meeting's decisions to requirements and change requests)."""
    from . import changes, commitments, feedback, meetings, requirements, text

    # text: after every area's items, their text in the other language
    return [requirements.seed, changes.seed, feedback.seed, commitments.seed, meetings.seed, text.seed]


SEEDERS.extend(_area_seeders())

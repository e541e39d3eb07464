"""The demo's items in both languages (语言障碍): each area's seeder types its items in one
language, as the team did; this one, run after them, records which language that was and
the same text in the other one, as a bilingual team keeps it.

Items whose text already holds both languages ("登录页增加短信验证码登录 / SMS code login")
keep it as it is. Writes only the `text_lang` and `*_tr` columns (and marks one standup
blocker as waiting on the client, so the weekly report has one to show); nothing else of
a row changes.
"""

from __future__ import annotations

from datetime import date

from ..store.bilingual import TRANSLATED, guess_language, translation_field
from ..store.db import Store

TRANSLATIONS: dict[str, str] = {
    # requirements: titles
    "单点登录（SSO）接入集团 AD": "Single sign-on (SSO) with the group's AD",
    "Order list with filters and export": "订单列表支持筛选和导出",
    "订单详情页显示物流轨迹": "Order details show the delivery tracking",
    "Monthly sales report as PDF": "月度销售报表（PDF）",
    "客户门户支持手机浏览": "The client portal works in mobile browsers",
    "审批流：订单改价需主管审批": "Approval flow: a price change on an order needs a manager's approval",
    "Audit log of price changes": "改价审计日志",
    "数据迁移：旧系统三年订单": "Data migration: three years of orders from the old system",
    "Dark mode": "深色模式",
    "门户首页加公告栏": "A notice board on the portal's home page",
    "导出 CSV 给旧报表系统": "CSV export for the old reporting system",
    "转账限额可由客户自行调整": "Customers set their own transfer limits",
    "Face ID / fingerprint login": "面容 ID 或指纹登录",
    "交易记录按月筛选": "Filter transactions by month",
    "Push notifications for incoming transfers": "到账推送通知",
    "压测：转账接口 500 TPS": "Load test: the transfer API at 500 TPS",
    "无障碍：读屏软件支持": "Accessibility: screen reader support",
    "Card freeze from the app": "在 App 中冻结银行卡",
    # requirements: descriptions
    "员工用集团域账号登录门户，不再单独注册。":
        "Staff sign in to the portal with their group domain account; no separate registration.",
    "Sales staff filter orders by date, region and status, then export to Excel.":
        "销售人员按日期、区域和状态筛选订单，然后导出到 Excel。",
    "Regional managers get a PDF report on the first workday of each month.":
        "区域经理在每月第一个工作日收到 PDF 报表。",
    "门户在手机浏览器上可正常使用，重点是订单查询。":
        "The portal works in mobile browsers, above all for looking up orders.",
    "改价超过 5% 时需要区域主管审批。": "A price change of more than 5% needs the regional manager's approval.",
    "把旧 ERP 中近三年的订单迁到新门户。": "Move the last three years of orders from the old ERP to the new portal.",
    "Nice to have, asked in passing.": "锦上添花，客户顺口提过。",
    "客户在 App 里设置单笔和单日限额，需短信验证。":
        "Customers set per-transfer and daily limits in the app, confirmed by an SMS code.",
    "Biometric login on iOS and Android.": "iOS 和安卓上的生物识别登录。",
    "上线前压测转账接口。": "Load-test the transfer API before go-live.",
    # change requests
    "Export orders to Excel with custom columns": "订单导出到 Excel，可自选列",
    "Add Face ID to the mobile banking app": "手机银行 App 增加面容 ID 登录",
    "Change password policy to 12 characters": "密码策略改为至少 12 位",
    "订单列表支持批量导出 PDF": "Batch export of the order list to PDF",
    "Dark mode for the client portal": "客户门户支持深色模式",
    "转账限额改为按客户等级配置": "Transfer limits set by customer tier",
    "Send the weekly report by email on Mondays": "每周一通过邮件发送周报",
    "接口响应时间要求从 2 秒改为 1 秒": "API response time: 1 second instead of 2",
    "Rename 'Clients' to 'Accounts' everywhere": "所有界面把“客户”改称“账户”",
    "Add a second approver for large transfers": "大额转账增加第二审批人",
    # commitments
    "发送需求调研纪要并请客户确认": "Send the requirements workshop minutes for the client's confirmation",
    "Send the revised sprint plan": "发送修订后的迭代计划",
    "修复登录超时问题并上线": "Fix the login timeouts and release the fix",
    "Open the UAT test accounts": "开通 UAT 测试账号",
    "阶段验收材料提交": "Hand in the staged acceptance documents",
    "Deliver the pressure test report": "提交压测报告",
    "按部门汇总的报表原型": "A prototype of the report summed up by department",
    "Call back about the card tokenisation failures": "就银行卡令牌化失败一事回电",
    "每周五发送项目周报": "Send the weekly project report every Friday",
    "Review the Chinese labels on receipts": "检查回单上的中文标签",
    "导出格式与客户确认": "Agree the export format with the client",
    "Go-live checklist walkthrough": "逐项过一遍上线检查清单",
    # feedback
    "Kick-off went well; clear plan and roles.": "启动会很顺利，计划和分工都很清楚。",
    "需求调研问得很细，但会议时间太长。": "The requirements interviews were thorough, but the meetings ran too long.",
    "需求调研会上认可了门户的整体方案，希望报表模块再细化。":
        "At the requirements workshop the client approved the portal's overall design and asked for more "
        "detail in the reports module.",
    "Happy with the sprint demo, but the release notes came late.": "对迭代演示满意，但发布说明给得太晚。",
    "登录经常超时，业务部门投诉很多，希望尽快解决。":
        "Logins often time out; the business departments complain a lot and want it fixed soon.",
    "Transfer limits screen is clear; the team answered every question fast.":
        "转账限额页面很清楚，团队每个问题都回答得很快。",
    "阶段验收基本通过，导出功能的格式还要再对一下。":
        "The staged acceptance mostly passed; the export format still needs checking together.",
    "Weekly demo moved twice without notice.": "周演示两次改期，都没有提前通知。",
    "微信群里反馈：测试账号一直没开通，进度受影响。":
        "In the WeChat group: the test accounts are still not open, and progress suffers.",
    "对账报表正是我们想要的，感谢团队加班赶出来。":
        "The reconciliation report is exactly what we wanted; thanks to the team for the overtime.",
    "Pressure test environment still not ready; we are worried about the go-live date.":
        "压测环境还没准备好，我们担心上线日期。",
    "登录超时问题修复后明显好多了。": "Much better since the login timeouts were fixed.",
    "Card tokenisation failed twice in UAT; nobody called us back.": "UAT 中银行卡令牌化失败了两次，没人给我们回电话。",
    "周会上表扬了需求变更控制做得规范，每次变更都有评估。":
        "At the weekly meeting the client praised our change control: every change is assessed.",
    "Good progress this week; please keep the weekly status mail.": "本周进展不错，请继续发每周状态邮件。",
    "能否在月底前加一个按部门汇总的视图？": "Could you add a view summed up by department before the end of the month?",
    "Demo was fine; the Chinese labels on the receipt need review.": "演示没问题，回单上的中文标签需要再检查。",
}

WAITING_ON_CLIENT = {"Waiting for Nova's SSO test account": "NOVA"}
"""Demo blockers that wait on the client, with the project whose client (the rest are the
team's own)."""


def seed(store: Store, today: date) -> None:
    """Record each demo item's language and its text in the other one (inside the demo's
    write transaction)."""
    for table, fields in TRANSLATED.items():
        first = fields[0]
        columns = ", ".join(("key", *fields))
        for row in store.query(f"SELECT {columns} FROM {table}"):
            values = {"text_lang": guess_language(row[first])}
            for name in fields:
                translated = TRANSLATIONS.get(row[name] or "")
                if translated:
                    values[translation_field(name)] = translated
            assignments = ", ".join(f"{column} = ?" for column in values)
            store.conn.execute(f"UPDATE {table} SET {assignments} WHERE key = ?", (*values.values(), row["key"]))
    for blocker, project in WAITING_ON_CLIENT.items():
        store.conn.execute("UPDATE standups SET blockers_wait_on_client = 1, blockers_project = ? WHERE blockers = ?",
                           (project, blocker))

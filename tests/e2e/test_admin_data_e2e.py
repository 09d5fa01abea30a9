"""Admins' uploads through the local Bot API server: preview, confirm, alerts once, /undo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.admindata.alerts import TYPED_PRICE_GRACE
from bot.alerts.model import AlertSpec
from bot.alerts.service import subscribe
from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.models import MarketPrice
from bot.models.alerts import AlertKind
from bot.models.users import Role
from bot.sandbox.harness import Harness
from bot.sandbox.state import Message
from bot.users import Visitor, set_role, touch
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e
HEADER = "date,product,market,price,unit\n"


def today_of(harness: Harness) -> date:
    return local_today(harness.app.bot_data["settings"].tz)


async def prices() -> dict[tuple[int, int, date], float]:
    async with session_scope() as session:
        rows = await session.scalars(select(MarketPrice))
        return {(r.product_id, r.market_id, r.day): r.avg for r in rows}


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Markets with prices, a farmer subscribed to 西红柿 above 3 元/斤 at 新发地, the admin."""
    async with session_scope() as session:
        await seed_markets(session, today_of(harness))
        await touch(session, Visitor(10001, "张大爷"))
        await touch(session, Visitor(30001, "县管理员"), admin_ids=[30001])
    async with session_scope() as session:
        await subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 3.0, None, "新发地"))
    return harness


def report_of(harness: Harness, message: Message) -> str:
    document = message.media["document"]
    return harness.server.api.files.get(document["file_id"]).content.decode()


async def test_price_upload_preview_apply_alert_once_then_undo(county: Harness) -> None:
    admin, farmer = county.user(30001, "县管理员"), county.user(10001, "张大爷")
    day = today_of(county)
    before = await prices()
    data = (HEADER + f"{day},西红柿,新发地,3.2,元/斤\n{day},茄子,新发地,2.0,元/斤\n").encode()
    replies = await admin.send_document(data, "prices.csv")
    preview = replies.last
    assert preview.text.splitlines()[:2] == [
        "📄 prices.csv：价格，共 2 行",
        "新增 1 · 修改 1 · 不变 0",
    ]
    assert preview.buttons == ["✅ 确认导入", "✖ 取消"]
    assert await prices() == before and farmer.chat.bot_messages == []  # nothing yet
    apply_data = preview.callback_data[0]
    replies = await admin.press("✅ 确认导入")
    assert replies.last.text.startswith("✅ 已导入 prices.csv（价格）：新增 1 · 修改 1 · 不变 0。")
    # Pushed with the apply (the harness waits for the outbox), exactly once.
    assert len(farmer.chat.bot_messages) == 1
    push = farmer.chat.bot_messages[0]
    assert push.text.startswith("🔔 价格提醒：西红柿涨到了您设的 3.00 元/斤")
    # A second press of the same button applies nothing again.
    replies = await admin.press_data(apply_data, message=preview)
    assert replies.answer is not None and replies.answer.show_alert
    asked = await farmer.send("新发地西红柿多少钱")
    assert "3.20" in asked.last.text
    replies = await admin.send("/undo")
    assert replies.last.text.startswith("↩️ 已撤销 prices.csv（价格）")
    asked = await farmer.send("新发地西红柿多少钱")
    assert "3.20" not in asked.last.text
    assert await prices() == before
    await county.delivered()
    alerts = [m for m in farmer.chat.bot_messages if m.text.startswith("🔔")]
    assert len(alerts) == 1  # the one alert, never again
    assert (await admin.send("/undo")).last.text == "没有可以撤销的导入。"
    exported = (await admin.send("/export prices csv")).last
    assert exported.kind == "document" and exported.caption.startswith("价格：共 ")
    assert report_of(county, exported).startswith("date,product,market,price,unit")


async def test_gbk_csv_accepted_and_a_broken_file_changes_nothing(county: Harness) -> None:
    admin = county.user(30001, "县管理员")
    day = today_of(county)
    replies = await admin.send_document(
        (HEADER + f"{day},土豆,新发地,1.5,元/斤\n").encode("gbk"), "gbk.csv"
    )
    assert "修改 1" in replies.last.text and replies.last.buttons[0] == "✅ 确认导入"
    await admin.press("✖ 取消")
    before = await prices()
    rows = "".join(f"{day},西红柿,新发地,x{n},元/斤\n" for n in range(25))
    replies = await admin.send_document((HEADER + rows).encode(), "bad.csv")
    text, report = replies[0].text, replies[1]
    assert "发现 25 个问题，什么都没改" in text
    assert "第 2 行，price 列：'x0' 不是数字" in text
    assert "另有 5 个问题，全部见附件" in text and replies[0].buttons == []
    assert report.kind == "document"
    lines = report_of(county, report).splitlines()
    assert lines[24] == "第 26 行，price 列：'x24' 不是数字"
    assert await prices() == before


async def test_farmer_and_staff_uploads_refused(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    async with session_scope() as session:
        await touch(session, Visitor(20001, "李站长"))
        await set_role(session, 20001, Role.staff, station_id=1)
    before = await prices()
    replies = await farmer.send_document(
        (HEADER + "2026-06-10,西红柿,新发地,9,元/斤\n").encode(), "p.csv"
    )
    assert replies.last.text == t("zh", "media.document")
    assert (await farmer.send("/undo")).last.text == "这个功能只有县里的管理员可以用。"
    replies = await staff.send_document(
        (HEADER + "2026-06-10,西红柿,新发地,9,元/斤\n").encode(), "p.csv"
    )
    assert replies.last.text == "这个功能只有县里的管理员可以用。"
    for command in ("/undo", "/review", "/export prices", "/price 西红柿 新发地 9", "/kb add"):
        assert (await staff.send(command)).last.text == "这个功能只有县里的管理员可以用。"
    assert await prices() == before


async def test_price_by_hand_and_an_entry_step_by_step(county: Harness, clock: PinnedClock) -> None:
    admin, farmer = county.user(30001, "县管理员"), county.user(10001, "张大爷")
    replies = await admin.send("/price 西红柿 新发地 3.3 元/斤")
    assert "确认后改成上面的价格" in replies.last.text and farmer.chat.bot_messages == []
    saved = (await admin.press("✅ 确认保存")).last.text
    assert "发 1 条价格提醒，5 分钟后发出" in saved
    # A price typed by hand alerts farmers after its grace (/undo may stop it meanwhile).
    assert farmer.chat.bot_messages == []
    clock.advance(TYPED_PRICE_GRACE)
    await county.delivered()
    assert farmer.chat.bot_messages[-1].text.startswith("🔔 价格提醒：西红柿")
    assert (await admin.send("/price 西红柿")).last.text.startswith("用法：/price")

    assert (await admin.send("/kb add")).last.text.startswith("第 1 步")
    assert (await admin.send("羊拉稀怎么办")).last.text.startswith("第 2 步")
    # The category is guessed here: the first search loads the index.
    replies = await admin.send("停喂精料，喂口服补液盐。严重的明天带一只来站里。", within=30)
    assert replies.last.text.startswith("第 3 步")
    await admin.press("⏭ 跳过")  # tags: optional
    # The category: a guess kept (⏭), or picked when nothing alike says it.
    step4 = admin.last.buttons
    preview = (await admin.press("⏭ 跳过" if "⏭ 跳过" in step4 else "养殖")).last.text
    assert preview.startswith("👀 农户问「羊拉稀怎么办」时会看到：")
    assert t("zh", "kbadmin.preview_footer") in preview  # 问服务站 or 问县里: said which
    assert (
        "这是新条目" in preview and "明天（时间）" in preview and "带一只来站里（到站）" in preview
    )
    # Flagged wording is saved only on purpose: its button says so.
    await admin.press("✅ 照样保存")
    answer = await farmer.send("羊拉稀怎么办")
    assert answer.last.text.startswith("📖 羊拉稀怎么办\n停喂精料")

    found = (await admin.send("/kb find 羊拉稀")).last.text
    entry_id = found.split("• ", 1)[1].split("：", 1)[0]
    assert entry_id.startswith("admin-")
    # Sandbox walk: the delete preview had no way to say no.
    replies = await admin.send(f"/kb delete {entry_id}")
    assert replies.last.buttons == ["🗑 确认删除", "✖️ 不删了"]
    kept = await admin.press("✖️ 不删了", message=replies.last)
    assert kept.last.text == t("zh", "kbadmin.kept", id=entry_id)
    assert (await farmer.send("羊拉稀怎么办")).last.text.startswith("📖 羊拉稀怎么办\n停喂精料")
    replies = await admin.send(f"/kb delete {entry_id}")
    assert (await admin.press("🗑 确认删除")).last.text.startswith(f"🗑 已删除条目 {entry_id}")
    assert "停喂精料" not in (await farmer.send("羊拉稀怎么办")).last.text
    assert (await admin.send("/undo")).last.text.startswith(f"↩️ 已撤销 /kb delete {entry_id}")
    assert (await farmer.send("羊拉稀怎么办")).last.text.startswith("📖 羊拉稀怎么办\n停喂精料")
    assert (await farmer.send("/kb add")).last.text == "这个功能只有县里的管理员可以用。"


async def test_every_kind_uploads_applies_undoes_and_exports(county: Harness) -> None:
    admin = county.user(30001, "县管理员")
    valid = today_of(county) + timedelta(days=20)
    files = {
        "kb.yaml": "- id: t1\n  question: 羊拉稀怎么办\n  answer: 喂口服补液盐\n"
        "  alt_questions: []\n  tags: []\n  category: livestock\n",
        "demand.csv": "buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact\n"
        f"寿光蔬菜公司,西红柿,5000,斤,2.5,元/斤,36.88,118.74,{valid},0536-1234567\n",
        "stations.json": '[{"id": "S1", "name": "甲站", "lat": 36.88, "lon": 118.74, '
        '"address": "寿光市某路1号", "phone": "0536-5000001", "open_hours": "08:00-18:00", '
        '"slot_capacity": 5, "products": "蔬菜"}]',
        "alerts.csv": "telegram_id,product,market,kind,value\n10001,土豆,新发地,below,1.0\n",
    }
    names = {"kb.yaml": "知识条目", "demand.csv": "收购需求", "stations.json": "服务站"}
    names["alerts.csv"] = "价格提醒订阅"
    for name, text in files.items():
        preview = (await admin.send_document(text.encode(), name)).last
        # A YAML/JSON list has entries, a spreadsheet rows.
        count = "1 条" if name.endswith((".yaml", ".json")) else "1 行"
        assert preview.text.startswith(f"📄 {name}：{names[name]}，共 {count}"), preview.text
        assert "新增 1" in preview.text
        applied = await admin.press("✅ 确认导入")
        assert applied.last.text.startswith(f"✅ 已导入 {name}")
        undone = await admin.send("/undo")
        assert undone.last.text.startswith(f"↩️ 已撤销 {name}")
    for kind in ("kb", "prices", "stations", "demand"):
        exported = (await admin.send(f"/export {kind}")).last
        assert exported.kind == "document" and exported.media["document"]["file_name"].endswith(
            ".xlsx"
        )

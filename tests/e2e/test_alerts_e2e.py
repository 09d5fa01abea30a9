"""Price alerts and the delivery engine through the local Bot API server.

The conversations run on SQLite; what touches the outbox (claims, retries, crash
recovery, runs) is marked both_databases and runs on PostgreSQL too.

Pushes travel the real path: the outbox, the sender's own Bot, HTTP, the
server's flood limits and faults. The server counts what arrived.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.alerts import digests, model
from bot.alerts import service as alerts
from bot.alerts.importer import import_prices
from bot.core.clock import PinnedClock, utcnow
from bot.core.config import RateLimits, Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.delivery import outbox, runs
from bot.delivery.outbox import Push
from bot.delivery.pacing import RetryPolicy
from bot.delivery.sender import Sender
from bot.imports import ImportOptions, read_table
from bot.markets.prices import local_today
from bot.models.alerts import AlertKind, AlertStatus, AlertSubscription, OutboxMessage, OutboxStatus
from bot.models.users import User
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness
from bot.telegram.sender import running_sender
from bot.users import Visitor, touch
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e


def today_of(harness: Harness) -> date:
    return local_today(harness.app.bot_data["settings"].tz)


async def sender_of(harness: Harness) -> Sender:
    """The running sender (it starts with the job queue, a moment after the bot)."""
    for _ in range(200):
        sender = running_sender(harness.app)
        if sender is not None:
            return sender
        await asyncio.sleep(0.01)
    raise AssertionError("the outbox sender did not start")


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """Three markets with prices up to today, and the farmer 张大爷 (10001)."""
    async with session_scope() as session:
        await seed_markets(session, today_of(harness))
        await touch(session, Visitor(10001, "张大爷"))
    return harness


def price_file(tmp_path: Path, day: date, rows: str) -> Path:
    path = tmp_path / f"prices-{time.monotonic_ns()}.csv"
    path.write_text("date,product,market,price,unit\n" + rows.format(day=day), encoding="utf-8")
    return path


async def import_file(path: Path, day: date) -> None:
    async with session_scope() as session:
        await import_prices(session, read_table(path), options=ImportOptions(today=day))


# ---------------------------------------------------------------- conversations


@pytest.mark.both_databases
async def test_subscribe_in_words_then_an_import_pushes_the_alert(
    market: Harness, tmp_path: Path
) -> None:
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("西红柿涨到三块提醒我")
    assert replies.last.text.startswith(
        "✅ 订好了！西红柿（全国各地市场）：涨到 3.00 元/斤 以上时提醒"
    )
    assert replies.last.buttons == ["📋 我的提醒"]
    day = today_of(market)
    await import_file(price_file(tmp_path, day, "{day},西红柿,新发地,3.2,元/斤\n"), day)
    push = await farmer.next_reply(within=5)
    assert push.text.startswith("🔔 价格提醒：西红柿涨到了您设的 3.00 元/斤")
    assert "• 新发地：3.20 元/斤" in push.text
    assert push.buttons == ["⏸ 暂停这个提醒", "📋 我的提醒"]
    # The same file again: no second alert for that price date.
    await import_file(price_file(tmp_path, day, "{day},西红柿,新发地,3.3,元/斤\n"), day)
    await (await sender_of(market)).drain(5)
    assert len(farmer.chat.bot_messages) == 2
    # Pausing from the push's own button.
    replies = await farmer.press("⏸ 暂停这个提醒", message=push)
    assert replies.answer is not None and replies.answer.answered
    assert replies.last.text.startswith("⏸ 已暂停：西红柿")


async def test_menu_button_product_buttons_and_the_list(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("🔔 价格提醒")
    assert replies.last.text.startswith("想订哪个产品的价格？")
    assert "西红柿" in replies.last.buttons
    replies = await farmer.press("西红柿")
    assert replies.last.text.startswith(
        "✅ 订好了！西红柿（全国各地市场）：每天 07:00 推送今日行情"
    )
    await farmer.send("每天早上6点半告诉我新发地土豆价格")
    replies = await farmer.send("/alerts")
    text = replies.last.text
    assert text.splitlines() == [
        "🔔 您的价格提醒（2 个）：",
        "1. 西红柿（全国各地市场）：每天 07:00 推送今日行情",
        "2. 土豆（新发地）：每天 06:30 推送今日行情",
    ]
    assert replies.last.button_rows == [
        ["1. ⏸ 暂停", "✏️ 修改", "🗑 删除"],
        ["2. ⏸ 暂停", "✏️ 修改", "🗑 删除"],
    ]
    listing = replies.last
    replies = await farmer.press("1. ⏸ 暂停", message=listing)
    assert listing.edited and "每天 07:00 推送今日行情（已暂停）" in listing.text
    assert listing.button_rows[0][0] == "1. ▶️ 恢复"
    # ✏️ then the new time.
    replies = await farmer.press(listing.callback_data[4], message=listing)  # row 2, ✏️
    assert replies.last.text.endswith(
        "请发新的推送时间，比如「6点半」或「18:00」。发 /cancel 不改了。"
    )
    replies = await farmer.send("晚上7点")
    assert replies.last.text == "✅ 改好了！土豆（新发地）：每天 19:00 推送今日行情"
    # The digest jobs are in Asia/Shanghai time, one per time, rebuilt from the table.
    queue = market.app.job_queue
    (job,) = queue.get_jobs_by_name("alert_digest 19:00")
    assert job.next_t.utcoffset() == timedelta(hours=8)
    assert (job.next_t.hour, job.next_t.minute) == (19, 0)
    replies = await farmer.send("我的提醒")
    assert "2. 土豆（新发地）：每天 19:00 推送今日行情" in replies.last.text
    replies = await farmer.send("退订")
    assert replies.last.text.startswith(t("zh", "alerts.stop_all_ask", n=2))
    replies = await farmer.press("✅ 全部退订", message=replies.last)
    assert replies.last.text == t("zh", "alerts.unsubscribed_all", n=2)
    replies = await farmer.send("退订")
    assert replies.last.text == t("zh", "alerts.nothing_to_unsubscribe")


@pytest.mark.both_databases
async def test_a_product_typed_after_the_prompt_is_the_answer(market: Harness) -> None:
    # The 🔔 prompt says "点下面的按钮，或者直接打字": 洋芋 typed is the 土豆 button (named as
    # typed, 洋芋（土豆）).
    farmer = market.user(10001, "张大爷")
    await farmer.send("🔔 价格提醒")
    subscribed = await farmer.send("洋芋")
    assert subscribed.last.text.startswith("✅ 订好了！洋芋（土豆）（全国各地市场）：每天 07:00")
    # Answered: the next bare product is a price question again.
    assert (await farmer.send("洋芋")).last.text.startswith("💰 洋芋（土豆） 批发价")
    # An alert asked without its product takes the product typed next.
    await farmer.send("涨到三块五提醒我")
    threshold = await farmer.send("西红柿")
    assert threshold.last.text.startswith("✅ 订好了！西红柿（全国各地市场）：涨到 3.50 元/斤")
    # A question instead of a product is answered by its feature, and ends the wait.
    await farmer.send("🔔 价格提醒")
    assert (await farmer.send("西红柿多少钱")).last.text.startswith("💰 西红柿 批发价")
    assert (await farmer.send("洋芋")).last.text.startswith("💰 洋芋（土豆） 批发价")
    async with session_scope() as session:
        products = await session.scalars(
            select(AlertSubscription.product_id).where(AlertSubscription.user_id == 10001)
        )
        assert len(list(products)) == 2


async def test_the_prompt_waits_only_a_while(market: Harness, clock: PinnedClock) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("🔔 价格提醒")
    clock.advance(timedelta(minutes=11))
    assert (await farmer.send("洋芋")).last.text.startswith("💰 洋芋（土豆） 批发价")


async def test_nonsense_and_forged_buttons_get_clear_answers(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("西红柿涨到-2块提醒我")
    assert replies.last.text == t("zh", "alerts.error.negative")
    replies = await farmer.send("牛油果涨到3块提醒我")
    assert replies.last.text.startswith("我还不认识「牛油果」")
    # Someone else's subscription, and nonsense data.
    async with session_scope() as session:
        await touch(session, Visitor(10002, "刘大姐"))
        other, _ = await alerts.subscribe(
            session, 10002, model.AlertSpec("西红柿", alerts.AlertKind.above, 3.0)
        )
    for data in (f"al:d:{other.id}", f"al:p:{other.id}:l", "al:d:abc", "al:s:99999", "al:s:1:x9"):
        replies = await farmer.press_data(data)
        assert replies.answer is not None and replies.answer.show_alert, data
    async with session_scope() as session:
        assert len(await alerts.list_alerts(session, 10002)) == 1


@pytest.mark.both_databases
async def test_admins_see_delivery_runs(market: Harness, tmp_path: Path) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("西红柿涨到两块提醒我")
    day = today_of(market)
    await import_file(price_file(tmp_path, day, "{day},西红柿,江桥,6,元/公斤\n"), day)
    await farmer.next_reply(within=5)
    await (await sender_of(market)).drain(5)
    replies = await farmer.send("/deliveries")
    assert replies.last.text == t("zh", "guard.admin_only")
    admin = market.user(30001, "王管理员")
    replies = await admin.send("/deliveries")
    lines = replies.last.text.splitlines()
    assert lines[0] == "📮 最近的推送："
    assert f"价格提醒 西红柿 {day.isoformat()}" in lines[1]
    assert lines[2].strip() == "共 1 条：已发 1，失败 0，屏蔽 0"
    assert lines[-1] == "现在排队 0 条，发送中 0 条。"


@pytest.mark.both_databases
async def test_digest_job_pushes_todays_prices(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("订阅新发地西红柿价格")
    settings: Settings = market.app.bot_data["settings"]
    async with session_scope() as session:
        assert (
            await digests.enqueue_digests(
                session, settings.schedule.at("daily_digest"), today_of(market), settings.tz
            )
            == 1
        )
    push = await farmer.next_reply(within=5)
    assert push.text.startswith("🌅 今日行情 · 西红柿")
    assert "新发地：2.70 元/斤，比上周涨" in push.text


# ---------------------------------------------------------------- the delivery engine


async def queue_pushes(pushes: list[Push], label: str = "test") -> None:
    async with session_scope() as session:
        run = await outbox.start_run(session, "alert", label)
        await outbox.enqueue(session, pushes, source="alert", run=run)


async def outbox_rows() -> list[OutboxMessage]:
    async with session_scope() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture
async def fast(settings: Settings) -> AsyncIterator[Harness]:
    """FarmHub with a sandbox that enforces 100 messages/s overall, and believes it
    (and 20/s to a chat, so retries are not spaced by the 1/s chat limit)."""
    limits_ = RateLimits(global_per_second=100, private_chat_per_second=20)
    quick = settings.model_copy(update={"rate_limits": limits_})
    limits = FloodLimits(global_per_second=100, global_burst=100)
    async with Harness.start(quick, flood=limits) as running:
        yield running
        running.assert_clean()


@pytest.mark.both_databases
async def test_a_429_pauses_only_that_chat(harness: Harness) -> None:
    sender = await sender_of(harness)
    people = [harness.user(11000 + i, f"农户{i}") for i in range(4)]
    # This Telegram allows one message per 2 s to a chat; FarmHub believes 1/s.
    harness.server.set_flood_limits(FloodLimits(private_per_second=0.5, private_burst=1))
    started = time.monotonic()
    await queue_pushes(
        [Push("a1", 11000, "第一条"), Push("a2", 11000, "第二条")]
        + [Push(f"b{i}", 11000 + i, f"给{i}") for i in (1, 2, 3)]
    )
    assert await sender.drain(10)
    first = people[0].chat.bot_messages
    assert [m.text for m in first] == ["第一条", "第二条"]
    others = [p.chat.bot_messages[0] for p in people[1:]]
    assert all(len(p.chat.bot_messages) == 1 for p in people[1:])
    # The others were not held up by chat 11000's retry_after.
    refused = [c for c in harness.server.requests("sendMessage") if c.status == 429]
    assert refused and all(c.params["chat_id"] == 11000 for c in refused)
    assert sender.stats.retry_after_chat >= 1 and sender.stats.retry_after_global == 0
    assert max(m.date for m in others) <= min(m.date for m in first) + 1
    assert time.monotonic() - started >= 1.5  # the second waited for retry_after


@pytest.mark.both_databases
async def test_5xx_answers_are_retried(fast: Harness) -> None:
    sender = await sender_of(fast)
    sender.scheduler.policy = RetryPolicy(backoff_first=0.05)
    farmer = fast.user(11000, "农户")
    fast.server.fail_next("sendMessage", 502, times=3, chat_id=11000)
    await queue_pushes([Push("x", 11000, "价格提醒")])
    assert await sender.drain(5)
    assert [m.text for m in farmer.chat.bot_messages] == ["价格提醒"]
    (row,) = await outbox_rows()
    assert row.status is OutboxStatus.sent and row.attempts == 4
    assert sender.stats.transient == 3
    # Backoff 0.05 s, 0.1 s, 0.2 s: the engine waited between tries.
    calls = fast.server.requests("sendMessage")
    assert calls[-1].started - calls[0].started >= 0.3
    # A lost connection is not retried (perhaps delivered): tests/e2e/test_faults_e2e.py.


@pytest.mark.both_databases
async def test_400_fails_with_the_reason_and_is_not_retried(harness: Harness) -> None:
    sender = await sender_of(harness)
    harness.user(11000, "农户")
    await queue_pushes([Push("x", 11000, "价格提醒"), Push("nobody", 99999, "没人")])
    assert await sender.drain(5)
    rows = {row.key: row for row in await outbox_rows()}
    assert rows["x"].status is OutboxStatus.sent
    assert rows["nobody"].status is OutboxStatus.failed
    assert rows["nobody"].error == "400 Chat not found"
    assert rows["nobody"].attempts == 1
    harness.server.take_rejections()  # provoked on purpose


@pytest.mark.both_databases
async def test_403_marks_the_farmer_inactive_and_pauses_their_alerts(market: Harness) -> None:
    sender = await sender_of(market)
    farmer = market.user(10001, "张大爷")
    await farmer.send("西红柿涨到一块提醒我")
    market.server.block_chat(10001)
    await queue_pushes([Push("p1", 10001, "一"), Push("p2", 10001, "二")])
    assert await sender.drain(5)
    assert {row.status for row in await outbox_rows()} == {OutboxStatus.blocked}
    async with session_scope() as session:
        user = await session.get(User, 10001)
        sub = await session.scalar(select(AlertSubscription))
    assert user is not None and not user.active
    assert sub is not None and sub.status is AlertStatus.blocked
    calls = [c for c in market.server.requests("sendMessage") if c.status == 403]
    assert len(calls) == 1  # the second push was stopped, not sent into the 403
    # They unblock and talk again: active again, and so is the alert.
    market.server.block_chat(10001, False)
    replies = await farmer.send("/alerts")
    assert "（已暂停）" not in replies.last.text


async def crash(sender: Sender) -> None:
    """Drop a sender the way kill -9 would: nothing flushed, nothing given back."""
    tasks = [*sender._tasks, *sender._inflight]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if sender._unsubscribe is not None:
        sender._unsubscribe()
    sender.running = False


@pytest.mark.both_databases
async def test_crash_and_restart_neither_duplicates_nor_loses(fast: Harness) -> None:
    from bot.telegram.sender import start_delivery

    first = await sender_of(fast)
    people = [fast.user(12000 + i, f"农户{i}") for i in range(150)]
    await queue_pushes([Push(f"m{p.id}", p.id, "西红柿价格提醒") for p in people])
    for _ in range(1000):  # until a third has arrived (10 s at most)
        if sum(len(p.chat.bot_messages) for p in people) >= 50:
            break
        await asyncio.sleep(0.01)
    await crash(first)
    _, connections = fast.app.bot_data.pop("delivery")
    await connections.shutdown()
    # A new sender, as after a restart: it recovers, then finishes the run.
    second = await start_delivery(fast.app, fast.app.bot_data["settings"])
    try:
        assert await second.drain(10)
    finally:
        await second.stop()
    arrived = Counter(p.id for p in people for _ in p.chat.bot_messages)
    rows = await outbox_rows()
    doubt = [r.chat_id for r in rows if r.status is OutboxStatus.doubt]
    assert max(arrived.values()) == 1  # nobody got it twice
    lost = [p.id for p in people if p.id not in arrived]
    assert set(lost) <= set(doubt)  # only an in-doubt message can be missing
    assert len(doubt) == second.recovered[1] <= first.max_in_flight
    assert all(r.status in (OutboxStatus.sent, OutboxStatus.doubt) for r in rows)
    async with session_scope() as session:
        (run,) = await runs.recent_runs(session, 1)
    assert run.sent + run.in_doubt == 150 and run.finished_at is not None
    assert utcnow() - run.created_at < timedelta(minutes=1)


async def test_subscribe_from_the_button_under_a_price_answer(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    answer = (await farmer.send("西红柿多少钱")).last
    assert answer.buttons == ["📈 看走势图", "🔔 订阅价格"]
    replies = await farmer.press("🔔 订阅价格", message=answer)
    assert replies.answer is not None and replies.answer.answered
    assert replies.last.text.startswith(
        "✅ 订好了！西红柿（全国各地市场）：每天 07:00 推送今日行情"
    )
    # Pressed again: nothing new, and it says so.
    replies = await farmer.press("🔔 订阅价格", message=answer)
    assert replies.last.text.startswith("这个提醒您已经订过了")


async def test_several_products_in_one_message(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("土豆和白菜涨到两块提醒我")
    assert replies.last.text.splitlines() == [
        "✅ 订好了 2 个提醒：",
        "• 土豆（全国各地市场）：涨到 2.00 元/斤 以上时提醒",
        "• 大白菜（全国各地市场）：涨到 2.00 元/斤 以上时提醒",
        # No location shared: what the alerts really watch, and how to narrow them.
        t("zh", "alerts.share_location", n=3),
    ]


async def test_a_price_move_in_farmers_words_is_a_move_alert(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("土豆价格有变化就通知我")
    lines = replies.last.text.splitlines()
    assert lines[0] == "✅ 订好了！土豆（全国各地市场）：一天涨跌超过 5% 时提醒"
    assert lines[-2].startswith("您没说涨跌多少，先按 5% 提醒")
    assert lines[-1].startswith("💡 您还没发位置，提醒看的是全国各地市场的价格。")
    async with session_scope() as session:
        [alert] = await alerts.list_alerts(session, 10001)
    assert (alert.kind, alert.threshold) == (AlertKind.move, 5.0)


async def test_a_threshold_already_crossed_is_said(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("西红柿涨到1块告诉我")
    first, *rest = replies.last.text.splitlines()
    assert first.startswith("⚠️ 西红柿现在已经是 ")
    assert "已经高于您说的 1.00 元/斤" in first
    assert rest[0].startswith("✅ 订好了！西红柿（全国各地市场）：涨到 1.00 元/斤 以上时提醒")
    # Not crossed: no warning.
    replies = await farmer.send("西红柿涨到9块提醒我")
    assert replies.last.text.startswith("✅ 改好了！西红柿")


async def test_a_nearest_markets_alert_ignores_a_far_market(
    market: Harness, tmp_path: Path
) -> None:
    """Sandbox walk: a Guangzhou price fired the alert of a farmer whose answer is Beijing's."""
    from bot.models.markets import Market

    async with session_scope() as session:
        session.add(
            Market(
                name="广州江南果菜批发市场",
                short_name="江南",
                province="广东",
                city="广州",
                lat=23.16,
                lon=113.27,
            )
        )
        farmer_row = await session.get(User, 10001)
        assert farmer_row is not None
        farmer_row.home_lat, farmer_row.home_lon = 39.9, 116.4
    farmer = market.user(10001, "张大爷")
    answer = (await farmer.send("西红柿多少钱")).last.text or ""
    assert "江南" not in answer and "📍 新发地（离您约" in answer
    replies = await farmer.send("西红柿超过两块提醒我")
    # The markets it watches are named, the price answer's own (blind walk: "离您最近的市场"
    # never said which): the far one is not among them.
    assert "西红柿（离您最近的市场：新发地、" in replies.last.text
    assert "江南" not in replies.last.text
    listed = (await farmer.send("/alerts")).texts[0]
    assert "西红柿（离您最近的市场：新发地、" in listed and "江南" not in listed
    assert "💡" not in replies.last.text  # a home is known: no hint to share one
    before = len(farmer.chat.bot_messages)
    day = today_of(market)
    await import_file(price_file(tmp_path, day, "{day},西红柿,江南,9,元/斤\n"), day)
    await (await sender_of(market)).drain(5)
    assert len(farmer.chat.bot_messages) == before
    await import_file(price_file(tmp_path, day, "{day},西红柿,新发地,3.2,元/斤\n"), day)
    push = await farmer.next_reply(within=5)
    assert "• 新发地：3.20 元/斤" in push.text and "江南" not in push.text


async def test_unsubscribe_everything_asks_first(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("订阅西红柿价格")
    await farmer.send("土豆涨到两块提醒我")
    asked = (await farmer.send("退订")).last
    assert asked.text.splitlines() == [
        t("zh", "alerts.stop_all_ask", n=2),
        "• 西红柿（全国各地市场）：每天 07:00 推送今日行情",
        "• 土豆（全国各地市场）：涨到 2.00 元/斤 以上时提醒",
    ]
    assert asked.buttons == ["✅ 全部退订", "❌ 不退订"]
    kept = await farmer.press("❌ 不退订", message=asked)
    assert kept.last.text == t("zh", "alerts.stop_all_kept")
    assert asked.buttons == []  # the question is answered: a second tap does nothing
    async with session_scope() as session:
        assert len(await alerts.list_alerts(session, 10001)) == 2
    # One product: at once, as before.
    replies = await farmer.send("退订西红柿")
    assert replies.last.text == t("zh", "alerts.unsubscribed_product", product="西红柿", n=1)
    asked = (await farmer.send("退订")).last
    # Subscribed after the question: ✅ stops only what it listed.
    await farmer.send("白菜涨到两块提醒我")
    stopped = await farmer.press("✅ 全部退订", message=asked)
    assert stopped.last.text == t("zh", "alerts.unsubscribed_all", n=1)
    async with session_scope() as session:
        assert [a.product for a in await alerts.list_alerts(session, 10001)] == ["大白菜"]


async def test_unsubscribe_everything_in_english(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    async with session_scope() as session:
        row = await session.get(User, 10001)
        assert row is not None
        row.language = "en"
    await farmer.send("subscribe to tomato prices")
    asked = (await farmer.send("unsubscribe")).last
    assert asked.text.startswith(t("en", "alerts.stop_all_ask", n=1))
    assert "markets across China" in asked.text
    assert asked.buttons == ["✅ Stop them all", "❌ Keep them"]
    stopped = await farmer.press("✅ Stop them all", message=asked)
    assert stopped.last.text == t("en", "alerts.unsubscribed_all", n=1)

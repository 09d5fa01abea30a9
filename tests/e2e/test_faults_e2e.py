"""What FarmHub does when Telegram pushes back: flood limits, 5xx, lost connections, blocks."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram.error import NetworkError

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.delivery import runs
from bot.delivery.outbox import Push
from bot.delivery.pacing import RetryPolicy
from bot.models.alerts import OutboxStatus
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness
from tests.e2e.test_alerts_e2e import outbox_rows, queue_pushes, sender_of

pytestmark = [pytest.mark.e2e, pytest.mark.both_databases]


async def test_a_429_is_honoured_and_the_reply_still_arrives(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    harness.server.fail_next("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    replies = await farmer.send("/help")
    waited = time.monotonic() - started
    assert replies.texts == [t("zh", "help.text")]
    sends = harness.server.requests("sendMessage")[-2:]
    assert [c.status for c in sends] == [429, 200]
    # The retry came no sooner than Telegram asked (retry_after 1 s).
    assert sends[1].started - sends[0].finished >= 0.9
    assert waited >= 0.9


async def test_the_flood_limit_itself_answers_429_with_retry_after(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    harness.server.set_flood_limits(FloodLimits(private_per_second=1, private_burst=1))
    # /language sends one message; a handler that sent three at once would be throttled.
    bot = harness.app.bot
    await bot.send_message(10001, "一")
    started = time.monotonic()
    await bot.send_message(10001, "二")  # 429 retry_after 1 → retried by FarmHub's limiter
    assert time.monotonic() - started >= 0.9
    refused = [c for c in harness.server.requests("sendMessage") if c.status == 429]
    assert refused and refused[-1].description == "Too Many Requests: retry after 1"
    assert [m.text for m in farmer.messages[-2:]] == ["一", "二"]


async def test_a_5xx_on_send_is_retried(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    harness.server.fail_next("sendMessage", 502, times=2)
    replies = await farmer.send("/help")
    assert replies.texts == [t("zh", "help.text")]
    assert [c.status for c in harness.server.requests("sendMessage")] == [502, 502, 200]


async def test_a_lost_answer_gives_one_reply_not_two(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    # Telegram sends the reply, then the connection drops before its answer.
    harness.server.lose_answer_next("sendMessage")
    replies = await farmer.send("/help")
    # Exactly the one reply: not repeated, and no apology after it.
    assert replies.texts == [t("zh", "help.text")]
    assert t("zh", "error.generic") not in [m.text for m in farmer.messages]
    assert [c.description for c in harness.server.requests("sendMessage")[-1:]] == ["answer lost"]
    (error,) = harness.take_errors()
    assert isinstance(error, NetworkError)
    # The next message is answered as usual.
    assert (await farmer.send("/help")).texts == [t("zh", "help.text")]


async def test_a_connection_dropped_unanswered_is_not_repeated(harness: Harness) -> None:
    # Lost before Telegram acted, but the bot cannot tell that from a lost answer
    # (above): repeating could duplicate, so the farmer sees nothing this once.
    farmer = harness.user(10001, "张大爷")
    harness.server.drop_next("sendMessage")
    replies = await farmer.send("/help")
    assert replies == []
    assert len(harness.server.requests("sendMessage")) == 1
    assert len(harness.take_errors()) == 1


async def test_a_lost_answer_on_an_alert_arrives_once_and_is_in_doubt(harness: Harness) -> None:
    sender = await sender_of(harness)
    sender.scheduler.policy = RetryPolicy(backoff_first=0.05)
    farmer = harness.user(11000, "农户")
    harness.server.lose_answer_next("sendMessage", times=1)
    await queue_pushes([Push("x", 11000, "价格提醒")])
    assert await sender.drain(5)
    await asyncio.sleep(0.3)  # a retry (there must be none) would come within this
    assert [m.text for m in farmer.chat.bot_messages] == ["价格提醒"]
    assert len(harness.server.requests("sendMessage")) == 1
    (row,) = await outbox_rows()
    assert row.status is OutboxStatus.doubt and row.attempts == 1
    assert row.error is not None and row.error.startswith("in doubt")
    async with session_scope() as session:
        (run,) = await runs.recent_runs(session, 1)
    assert (run.sent, run.in_doubt) == (0, 1) and run.finished_at is not None


async def test_a_5xx_on_get_updates_is_retried_by_polling(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    harness.server.fail_next("getUpdates", 500)
    # PTB's polling loop backs off one second after a server error, then goes on.
    replies = await farmer.send("/help")
    assert replies.texts == [t("zh", "help.text")]
    assert [c.status for c in harness.server.requests("getUpdates")].count(500) == 1
    assert len(harness.polling_errors) == 1


async def test_a_user_who_blocked_the_bot_gets_nothing_and_the_bot_carries_on(
    harness: Harness,
) -> None:
    farmer = harness.user(10001, "张大爷")
    other = harness.user(10002, "李大姐")
    await farmer.send("/start")
    harness.server.block_chat(10001)
    replies = await farmer.send("/help")
    assert replies == []
    assert harness.server.requests("sendMessage")[-1].description == (
        "Forbidden: bot was blocked by the user"
    )
    assert "Forbidden" in repr(harness.take_errors())
    # Other farmers are served, and the farmer again once unblocked.
    assert (await other.send("/help")).texts == [t("zh", "help.text")]
    harness.server.block_chat(10001, blocked=False)
    assert (await farmer.send("/help")).texts == [t("zh", "help.text")]


async def test_blocking_sends_a_my_chat_member_update(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.block_bot()
    delivered = [u for c in harness.server.requests("getUpdates") for u in c.result or []]
    member = delivered[-1]["my_chat_member"]
    assert member["new_chat_member"]["status"] == "kicked"
    assert harness.server.api.chats[10001].blocked
    await farmer.unblock_bot()
    assert (await farmer.send("/help")).texts == [t("zh", "help.text")]


async def test_a_slow_answer_still_delivers(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    harness.server.slow_next("sendMessage", 0.3)
    replies = await farmer.send("/help")
    assert replies.texts == [t("zh", "help.text")]
    assert len(harness.server.requests("sendMessage")) == 1

"""What FarmHub does when Telegram pushes back: flood limits, 5xx, lost connections, blocks."""

from __future__ import annotations

import time

import pytest

from bot.i18n import t
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness

pytestmark = pytest.mark.e2e


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


async def test_a_dropped_connection_is_retried(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    harness.server.drop_next("sendMessage")
    replies = await farmer.send("/help")
    assert replies.texts == [t("zh", "help.text")]
    assert len(harness.server.requests("sendMessage")) == 2


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

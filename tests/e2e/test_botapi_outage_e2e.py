"""The Bot API down for a while, not for one call (issue 16): polling and sending recover.

tests/e2e/test_faults_e2e.py covers single faults (one 5xx, one lost answer, one
dropped connection, a 429, a slow answer). Here every call fails until the outage
ends: answered 502, or the connection dropped.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.core.i18n import t
from bot.delivery.outbox import Push
from bot.delivery.pacing import RetryPolicy
from bot.models.alerts import OutboxStatus
from bot.sandbox.harness import Harness
from tests.e2e.test_alerts_e2e import outbox_rows, queue_pushes, sender_of

pytestmark = pytest.mark.e2e


async def outage(harness: Harness, seconds: float) -> None:
    """End every fault after `seconds`."""
    await asyncio.sleep(seconds)
    harness.server.clear_faults()


@pytest.mark.parametrize("kind", ["502", "dropped"])
async def test_polling_recovers_after_an_outage(harness: Harness, kind: str) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if kind == "502":
        harness.server.fail_next("getUpdates", 502, times=None)
    else:
        harness.server.drop_next("getUpdates", times=None)
    ending = asyncio.create_task(outage(harness, 2.0))
    # Sent during the outage: delivered once polling is back (PTB backs off 1, 2, 4 s).
    replies = await farmer.send("/help", within=15)
    await ending
    assert replies.texts == [t("zh", "help.text")]
    failed = [c for c in harness.server.requests("getUpdates") if not c.ok]
    assert len(failed) >= 2
    assert harness.polling_errors
    assert (await farmer.send("/help")).texts == [t("zh", "help.text")]


@pytest.mark.both_databases
async def test_pushes_queued_during_an_outage_arrive_once(harness: Harness) -> None:
    sender = await sender_of(harness)
    sender.scheduler.policy = RetryPolicy(backoff_first=0.2, backoff_max=0.5, max_failures=20)
    farmers = [harness.user(11000 + i, f"农户{i}") for i in range(3)]
    harness.server.fail_next("sendMessage", 502, times=None)
    harness.wait_for_outbox = False
    await queue_pushes([Push(f"o{i}", f.id, f"提醒 {i}") for i, f in enumerate(farmers)])
    await outage(harness, 1.5)
    assert await sender.drain(10)
    for i, farmer in enumerate(farmers):
        assert [m.text for m in farmer.chat.bot_messages] == [f"提醒 {i}"]
    rows = await outbox_rows()
    assert {row.status for row in rows} == {OutboxStatus.sent}
    assert any(row.attempts > 1 for row in rows)

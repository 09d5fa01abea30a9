"""The sender learns Telegram's overall limit: 300 alerts against the project's own server.

Real time, unavoidably: the sender's pacing (asyncio timers) against the
server's limiter (its monotonic clock). Each case is about ten seconds. The
server is set to the strictest reading of "30 a second" (any one-second window,
sliding), a near-strict token bucket, and a bucket with burst; the sender is
not told which. Figures for longer runs: bench/fanout.py, docs/benchmarks.md.
"""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.delivery import outbox
from bot.delivery.outbox import Push
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness
from tests.e2e.test_alerts_e2e import sender_of

ALERTS = 300
FIRST = 2_000_000
LIMIT = 30

LIMITERS = {
    "strict window": FloodLimits.strict_window(LIMIT),
    "token bucket": FloodLimits.token_bucket(LIMIT),
    "bucket with burst": FloodLimits.bucket_with_burst(LIMIT),
}


def most_in_a_second(times: list[float]) -> int:
    """The largest number of times within any one-second window."""
    times = sorted(times)
    j, best = 0, 0
    for i, start in enumerate(times):
        while times[j] <= start - 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


@pytest.mark.parametrize("limiter", list(LIMITERS))
async def test_300_alerts_hold_93_percent_of_the_limit_with_at_most_one_429(
    harness: Harness, limiter: str
) -> None:
    sender = await sender_of(harness)
    harness.server.set_flood_limits(LIMITERS[limiter])
    farmers = range(FIRST, FIRST + ALERTS)
    for uid in farmers:
        harness.server.api.person(uid, f"农户{uid}", language_code="zh-hans")
    async with session_scope() as session:
        run = await outbox.start_run(session, "alert", "fan-out")
        await outbox.enqueue(
            session,
            [Push(f"f{uid}", uid, "🔔 西红柿 3.20 元/斤，超过您设的 3 元") for uid in farmers],
            source="alert",
            run=run,
        )
    assert await sender.drain(60)

    calls = [
        call
        for call in harness.server.requests("sendMessage")
        if call.params.get("chat_id") in farmers
    ]
    admitted = sorted(call.started for call in calls if call.ok)
    refused = [call for call in calls if call.status == 429]
    received = [len(harness.server.api.chats[uid].bot_messages) for uid in farmers]
    assert received == [1] * ALERTS  # exactly once each
    rate = (len(admitted) - 1) / (admitted[-1] - admitted[0])
    figures = f"{rate:.1f}/s = {rate / LIMIT:.1%} of {limiter}, {len(refused)} 429s"
    assert len(refused) <= 1, figures
    assert rate >= 0.93 * LIMIT, figures
    if limiter == "strict window":
        assert most_in_a_second(admitted) <= LIMIT
    harness.server.take_rejections()

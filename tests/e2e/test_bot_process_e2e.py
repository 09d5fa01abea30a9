"""The harness driving FarmHub in its own process, and each person's own reply time."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.config import Settings
from bot.core.i18n import t
from bot.sandbox.harness import Harness

pytestmark = [pytest.mark.e2e]


async def test_a_bot_in_its_own_process_is_driven_like_one_in_this_one(
    settings: Settings,
) -> None:
    async with Harness.start_process(settings) as harness:
        assert harness.app is None and harness.process is not None
        farmer = harness.user(10001, "张大爷")
        replies = await farmer.send("/start")
        assert replies.last.text.startswith("张大爷")
        assert replies.seconds is not None and replies.seconds > 0
        replies = await farmer.send("/help")
        assert replies.texts == [t("zh", "help.text")]
        # Twenty people at once, each timed to their own reply.
        people = [harness.user(20000 + i, f"农户{i}") for i in range(20)]
        seconds = await asyncio.gather(*(p.timed("/help", within=30) for p in people))
        assert all(0 < s < 30 for s in seconds)
        assert all(p.last.text == t("zh", "help.text") for p in people)
        assert harness.server.take_rejections() == []
        assert await harness.stop_process() == 0


async def test_replies_carry_the_persons_own_reply_time(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send("/help")
    assert replies.seconds is not None and 0 < replies.seconds < harness.timeout
    # A button press answered only by an edit has no new message: no time.
    await farmer.send("/language")
    replies = await farmer.press("English")
    assert replies.seconds is None or replies.seconds > 0
    assert 0 < await farmer.timed("/help") < harness.timeout

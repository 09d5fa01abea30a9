"""Per-user flood control end to end: 50 messages a second from one farmer.

The farmer (or their script) is told once, politely, to slow down; the rest of
the flood is dropped without a reply or a database write; another farmer asking
meanwhile is answered as usual; and once the flood stops, the farmer is answered
again. Issue 16, "Per-user flood control".
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import pytest

from bot.core.config import Settings, UserFlood
from bot.core.i18n import t
from bot.core.throttle import UserThrottle
from bot.sandbox.harness import Harness
from handlers.throttle import THROTTLE_KEY

pytestmark = pytest.mark.e2e

FLOOD = 50


@pytest.fixture
async def harness(settings: Settings) -> AsyncIterator[Harness]:
    """FarmHub with the per-user limits of config.yaml (the other tests relax them)."""
    real = settings.model_copy(update={"user_flood": UserFlood()})
    async with Harness.start(real) as running:
        yield running
        running.assert_clean()


def throttle_of(harness: Harness) -> UserThrottle:
    """The bot's per-user throttle."""
    found: UserThrottle = harness.app.bot_data[THROTTLE_KEY]
    return found


async def test_a_flood_is_told_once_and_dropped_others_are_answered(harness: Harness) -> None:
    flooder = harness.user(10001, "张大爷")
    other = harness.user(10002, "李大姐")
    await other.send("/help")  # the bot is up; the other farmer's usual reply time
    started = time.monotonic()
    await other.send("/help")
    usual = time.monotonic() - started

    # Fifty messages in one go, as a script would (not waiting for any reply).
    api = harness.server.api
    last = 0
    for i in range(FLOOD):
        _, last = api.user_message(flooder.person, flooder.chat, text=f"西红柿多少钱 {i}")
    # Meanwhile the other farmer asks and is answered as usual: timed to their
    # own reply (harness actions wait for every update, the flood's too).
    before = len(other.chat.bot_messages)
    started = time.monotonic()
    _, asked = api.user_message(other.person, other.chat, text="/help")
    while len(other.chat.bot_messages) == before and time.monotonic() - started < 10:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(other.chat.changed.wait(), 0.1)
    during = time.monotonic() - started
    assert other.chat.bot_messages[-1].text == t("zh", "help.text")
    await harness.wait_handled(last, what="the flood", chat=flooder.chat, within=30)
    await harness.wait_handled(asked, what="the other farmer", chat=other.chat, within=30)

    texts = [m.text for m in flooder.chat.bot_messages]
    notice = t("zh", "throttle.slow_down")
    assert notice.startswith("您发得太快了，请稍等")
    assert texts.count(notice) == 1  # told once
    throttle = throttle_of(harness)
    assert throttle.warned == 1
    # The first messages were answered (a quick burst is fine), the rest dropped.
    answered = len(texts) - 1
    assert 15 <= answered <= 25
    assert throttle.dropped >= FLOOD - answered - 1 - 5
    # The other farmer waited for none of it (a generous bound on a loaded machine).
    assert during < max(1.0, 10 * usual)

    # (That the bucket refills, so the farmer is answered again after a pause,
    # and is not told twice: tests/test_throttle.py, on explicit times.)


async def test_presses_too_fast_are_answered_with_the_notice_not_left_spinning(
    harness: Harness,
) -> None:
    farmer = harness.user(10001, "张大爷")
    menu = (await farmer.send("/help")).last
    answers = []
    # A script pressing a (stale) button 30 times as fast as it can.
    for _ in range(30):
        replies = await farmer.press_data("zz:stale", message=menu)
        answers.append(replies.answer)
    assert all(a is not None and a.answered for a in answers)
    texts = [a.text for a in answers if a is not None]
    assert texts.count(t("zh", "throttle.slow_down")) == 1
    # The first ones were handled as usual (this button is out of date).
    assert texts[0] == t("zh", "fallback.unknown_button")

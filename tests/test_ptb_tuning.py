"""FarmHub's update processor and retrying limiter, without a network."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.ptb_tuning import ChatOrderedProcessor, RetryingLimiter, chat_key
from tests.offline import callback_update, text_update


def update(user_id: int, text: str = "hi") -> Update:
    return Update.de_json(text_update(text, user_id=user_id), None)


async def test_one_chat_in_order_different_chats_at_once() -> None:
    processor = ChatOrderedProcessor(limit=8)
    log: list[str] = []
    running = 0
    peak = 0

    async def handle(name: str, delay: float) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")
        running -= 1

    # Chat 1's first update is slow: its second must still wait for it, while
    # chat 2 goes ahead. Tasks start in the order PTB creates them.
    jobs = [(update(1), "1a", 0.05), (update(1), "1b", 0.0), (update(2), "2a", 0.0)]
    await asyncio.gather(*(processor.process_update(u, handle(n, d)) for u, n, d in jobs))
    assert log.index("end 1a") < log.index("start 1b")
    assert log.index("end 2a") < log.index("end 1a")
    assert peak == 2
    assert processor._tails == {}


async def test_concurrency_is_bounded() -> None:
    processor = ChatOrderedProcessor(limit=3)
    running = 0
    peak = 0

    async def handle() -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1

    await asyncio.gather(*(processor.process_update(update(i), handle()) for i in range(10)))
    assert peak == 3


async def test_a_cancelled_update_does_not_block_its_chat() -> None:
    processor = ChatOrderedProcessor(limit=1)
    done: list[str] = []

    async def handle(name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        done.append(name)

    first = asyncio.create_task(processor.process_update(update(1), handle("a", 0.05)))
    second = asyncio.create_task(processor.process_update(update(1), handle("b", 0.0)))
    third = asyncio.create_task(processor.process_update(update(1), handle("c", 0.0)))
    await asyncio.sleep(0.01)
    second.cancel()
    await asyncio.gather(first, third, return_exceptions=True)
    assert done == ["a", "c"]


def test_chat_key() -> None:
    assert chat_key(update(7)) == ("chat", 7)
    assert chat_key(Update.de_json(callback_update("x", user_id=8), None)) == ("chat", 8)
    assert chat_key(object()) is None


class Flaky:
    """A Bot API call failing with the given errors first."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self, *args: Any, **kwargs: Any) -> bool:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return True


async def call(
    limiter: RetryingLimiter,
    flaky: Flaky,
    endpoint: str = "sendMessage",
    rate_limit_args: dict[str, Any] | None = None,
) -> Any:
    return await limiter.process_request(flaky, (), {}, endpoint, {}, rate_limit_args)


async def test_retry_after_is_waited_out() -> None:
    limiter = RetryingLimiter()
    flaky = Flaky(RetryAfter(timedelta(seconds=0.05)))
    started = asyncio.get_running_loop().time()
    assert await call(limiter, flaky) is True
    assert asyncio.get_running_loop().time() - started >= 0.05
    assert flaky.calls == 2


async def test_server_errors_back_off_then_give_up() -> None:
    limiter = RetryingLimiter(max_retries=2, backoff=0.001)
    assert await call(limiter, Flaky(NetworkError("Bad Gateway"))) is True
    with pytest.raises(NetworkError):
        await call(limiter, Flaky(*[NetworkError("Bad Gateway")] * 3))


async def test_what_is_not_retried() -> None:
    limiter = RetryingLimiter(backoff=0.001)
    with pytest.raises(BadRequest):
        await call(limiter, Flaky(BadRequest("message text is empty")))
    # A send that timed out may have arrived: repeating it could duplicate the message.
    with pytest.raises(TimedOut):
        await call(limiter, Flaky(TimedOut()))
    assert await call(limiter, Flaky(TimedOut()), endpoint="getFile") is True
    # Telegram asking for more than max_wait, or a caller that wants every error.
    with pytest.raises(RetryAfter):
        await call(RetryingLimiter(max_wait=1), Flaky(RetryAfter(30)))
    with pytest.raises(RetryAfter):
        await call(
            limiter, Flaky(RetryAfter(timedelta(seconds=0.01))), rate_limit_args={"max_retries": 0}
        )

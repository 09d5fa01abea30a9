"""FarmHub's update processor and retrying limiter, without a network."""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta
from typing import Any

import pytest
from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram.sender import AiohttpRequest
from bot.telegram.tuning import (
    ChatOrderedProcessor,
    RetryingLimiter,
    chat_key,
    may_have_acted,
    not_sent,
)
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


# ---------------------------------------------------------------- real transport errors


class Hangup:
    """A server that reads each request whole, then closes without answering."""

    def __init__(self) -> None:
        self.requests = 0
        self.server: asyncio.Server | None = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            ),
            0,
        )
        await reader.readexactly(length)
        self.requests += 1  # the request arrived whole: Telegram would have acted on it
        writer.transport.abort()

    async def __aenter__(self) -> str:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/bot1:x/sendMessage"

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/bot1:x/sendMessage"


async def post_with(request: BaseRequest, url: str) -> Any:
    await request.initialize()
    try:
        return await request.post(url, RequestData([RequestParameter("text", "你好", None)]))
    finally:
        await request.shutdown()


async def real_error(request: BaseRequest, url: str) -> NetworkError:
    with pytest.raises(NetworkError) as info:
        await post_with(request, url)
    return info.value


@pytest.mark.parametrize("make", [HTTPXRequest, AiohttpRequest], ids=["httpx", "aiohttp"])
async def test_a_connection_lost_after_sending_is_not_retried(make: Any) -> None:
    limiter = RetryingLimiter(backoff=0.001)
    hangup = Hangup()
    async with hangup as url:

        async def send() -> Any:
            return await post_with(make(), url)

        with pytest.raises(NetworkError) as info:
            await limiter.process_request(send, (), {}, "sendMessage", {}, None)
        # Idempotent methods may still be repeated.
        with pytest.raises(NetworkError):
            await limiter.process_request(send, (), {}, "getMe", {}, None)
    assert may_have_acted(info.value) and not not_sent(info.value)
    assert hangup.requests == 1 + 4  # sendMessage once; getMe tried 1 + 3 times
    assert limiter.retried == 3


@pytest.mark.parametrize("make", [HTTPXRequest, AiohttpRequest], ids=["httpx", "aiohttp"])
async def test_a_connection_that_could_not_be_made_is_retried(make: Any) -> None:
    refused = await real_error(make(), closed_port_url())
    assert not_sent(refused) and not may_have_acted(refused)
    limiter = RetryingLimiter(backoff=0.001)
    flaky = Flaky(refused, refused)
    assert await call(limiter, flaky) is True
    assert flaky.calls == 3


async def test_answers_from_the_server_are_not_in_doubt() -> None:
    assert not may_have_acted(NetworkError("Bad Gateway"))  # a 5xx: Telegram said no
    assert not may_have_acted(BadRequest("message text is empty"))
    assert may_have_acted(TimedOut())

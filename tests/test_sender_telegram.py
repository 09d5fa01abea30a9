"""The Telegram end of the sender: error mapping, and interactive sends charged to the budget."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery.outcomes import Envelope
from bot.delivery.pacing import SharedBudget
from bot.delivery.results import ResultKind
from bot.telegram.sender import AiohttpRequest, InteractiveLimiter, TelegramTransport


class FakeBot:
    """Answers do_api_request with a result or raises what Telegram's answer maps to."""

    def __init__(self, outcome: Any) -> None:
        self.outcome = outcome
        self.calls: list[dict[str, Any]] = []

    async def do_api_request(self, endpoint: str, api_kwargs: dict[str, Any]) -> Any:
        self.calls.append({"endpoint": endpoint, **api_kwargs})
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


ENVELOPE = Envelope(
    id=1,
    chat_id=42,
    text="价格提醒",
    run_id=None,
    priority=0,
    attempts=0,
    markup='{"inline_keyboard": [[{"text": "⏸", "callback_data": "al:p:1"}]]}',
)


def caused(error: Exception, cause: Exception) -> Exception:
    """`error` raised from `cause`, as PTB and AiohttpRequest raise them."""
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("outcome", "kind", "reason"),
    [
        ({"message_id": 7}, ResultKind.sent, ""),
        (RetryAfter(3), ResultKind.retry_after, "Flood control exceeded. Retry in 3 seconds"),
        (
            Forbidden("Forbidden: bot was blocked by the user"),
            ResultKind.blocked,
            "Forbidden: bot was blocked by the user",
        ),
        (
            BadRequest("Bad Request: message is too long"),
            ResultKind.bad_request,
            "Message is too long",
        ),
        (ChatMigrated(-1001), ResultKind.bad_request, "the group moved to chat -1001"),
        # A 5xx answer, or no connection: it did not arrive, so it is retried.
        (NetworkError("Bad Gateway"), ResultKind.transient, "Bad Gateway"),
        (
            caused(NetworkError("refused"), ConnectionRefusedError()),
            ResultKind.transient,
            "refused",
        ),
        (
            caused(TimedOut(), aiohttp.ConnectionTimeoutError()),
            ResultKind.transient,
            "timed out: Timed out",
        ),
        # Sent, but no answer came: perhaps delivered, so in doubt and never repeated.
        (TimedOut(), ResultKind.doubt, "timed out: Timed out"),
        (
            caused(
                NetworkError("aiohttp.ServerDisconnectedError: Server disconnected"),
                aiohttp.ServerDisconnectedError(),
            ),
            ResultKind.doubt,
            "aiohttp.ServerDisconnectedError: Server disconnected",
        ),
    ],
)
async def test_answers_map_to_result_kinds(outcome: Any, kind: ResultKind, reason: str) -> None:
    bot = FakeBot(outcome)
    result = await TelegramTransport(bot).send(ENVELOPE, paid=True)  # type: ignore[arg-type]
    assert result.kind is kind
    assert result.reason == reason
    if kind is ResultKind.sent:
        assert result.message_id == 7
    if kind is ResultKind.retry_after:
        assert result.retry_after == 3
    (call,) = bot.calls
    assert call["endpoint"] == "sendMessage" and call["allow_paid_broadcast"] is True
    assert call["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "al:p:1"


async def test_a_push_with_a_photo_goes_as_send_photo_with_its_text_as_caption() -> None:
    bot = FakeBot({"message_id": 8})
    photo = Envelope(
        id=2,
        chat_id=42,
        text="问" * 1100,
        markup=ENVELOPE.markup,
        run_id=None,
        priority=0,
        attempts=0,
        media_kind="photo",
        media="AgACAgIAAxk",
    )
    result = await TelegramTransport(bot).send(photo, paid=False)  # type: ignore[arg-type]
    assert result.kind is ResultKind.sent and result.message_id == 8
    (call,) = bot.calls
    assert call["endpoint"] == "sendPhoto" and call["photo"] == "AgACAgIAAxk"
    assert call["caption"] == "问" * 1024 and "text" not in call
    assert call["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "al:p:1"


async def test_a_voice_goes_as_send_voice_with_its_caption_and_buttons() -> None:
    bot = FakeBot({"message_id": 9})
    voice = Envelope(
        id=3,
        chat_id=42,
        text="🎤 张大爷的语音问题",
        markup=ENVELOPE.markup,
        run_id=None,
        priority=0,
        attempts=0,
        media_kind="voice",
        media="AwACAgIAAxk",
    )
    result = await TelegramTransport(bot).send(voice, paid=False)  # type: ignore[arg-type]
    assert result.kind is ResultKind.sent
    (call,) = bot.calls
    assert call["endpoint"] == "sendVoice" and call["voice"] == "AwACAgIAAxk"
    assert call["caption"] == "🎤 张大爷的语音问题" and "text" not in call
    assert call["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "al:p:1"


async def test_a_video_note_goes_as_send_video_note_without_a_caption() -> None:
    bot = FakeBot({"message_id": 10})
    note = Envelope(
        id=4,
        chat_id=42,
        text="",
        markup=None,
        run_id=None,
        priority=0,
        attempts=0,
        media_kind="video_note",
        media="DQACAgIAAxk",
    )
    result = await TelegramTransport(bot).send(note, paid=False)  # type: ignore[arg-type]
    assert result.kind is ResultKind.sent
    (call,) = bot.calls
    assert call["endpoint"] == "sendVideoNote" and call["video_note"] == "DQACAgIAAxk"
    assert "caption" not in call and "text" not in call


async def test_interactive_sends_are_charged_and_their_429s_pause_bulk() -> None:
    now = [100.0]
    budget = SharedBudget(clock=lambda: now[0])
    limiter = InteractiveLimiter(budget, max_retries=0)
    answers: list[Any] = [{"ok": True}, RetryAfter(2)]

    async def call(*args: Any, **kwargs: Any) -> Any:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 42}, None)
    assert budget.interactive_sent == 1 and budget.last_interactive == {42: 100.0}
    with pytest.raises(RetryAfter):
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 42}, None)
    assert budget.paused_until == 102.0
    # Not a message: not charged.
    answers.append([])
    await limiter.process_request(call, (), {}, "getUpdates", {}, None)
    assert budget.interactive_sent == 2


async def test_a_reply_in_a_busy_group_waits_for_its_minute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    budget = SharedBudget(clock=lambda: now[0])
    limiter = InteractiveLimiter(budget, max_retries=0)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:  # the injected clock moves instead
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr("bot.telegram.sender.asyncio.sleep", sleep)

    async def call(*args: Any, **kwargs: Any) -> Any:
        return {"ok": True}

    group = -100123
    for _ in range(20):  # twenty answers to mentions, one every two seconds
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": group}, None)
        now[0] += 2
    assert slept == []
    # The 21st waits until the first of the twenty is a minute old, not a 429.
    await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": group}, None)
    assert slept == [pytest.approx(20.0)] and now[0] == pytest.approx(160.0)
    # A private chat never waits for it.
    await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 42}, None)
    assert len(slept) == 1


async def test_a_redirect_loop_names_no_token_and_is_retried_not_in_doubt() -> None:
    # The case: aiohttp's error quotes the request URL, which holds the token.
    token = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound(str(request.url))

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", loop)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    request = AiohttpRequest(2)
    bot = Bot(token, base_url=f"http://127.0.0.1:{port}/bot", request=request)
    try:
        result = await TelegramTransport(bot).send(ENVELOPE, paid=False)
    finally:
        await request.shutdown()
        await runner.cleanup()
    assert "TooManyRedirects" in result.reason
    assert "987654321" not in result.reason and "AAHdqTcv" not in result.reason
    assert "/bot<token>/sendMessage" in result.reason
    assert result.kind is ResultKind.transient  # Telegram answered: it did not act

"""The greeting path's shortcuts (issue 17) answer exactly as what they replace."""

from __future__ import annotations

import asyncio
import copy
import pickle
from datetime import timedelta
from typing import Any

import httpx
from telegram import ReplyKeyboardMarkup, Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from bot.telegram.http import SocketCachingBackend, transport
from handlers.render import main_menu
from handlers.timeouts import TimedConversation
from tests.offline import callback_update, text_update


def _update(data: dict[str, Any]) -> Update:
    return Update.de_json(data, None)


async def _noop(update: Any, context: Any) -> int:
    return 1


def _pair() -> tuple[TimedConversation, ConversationHandler[Any]]:
    def build(cls: Any, **extra: Any) -> Any:
        return cls(
            # Regex, not CommandHandler: a command needs the bot's name (no bot here).
            entry_points=[MessageHandler(filters.Regex("^go$"), _noop)],
            states={1: [MessageHandler(filters.TEXT & ~filters.Regex("^(go|cancel)$"), _noop)]},
            fallbacks=[MessageHandler(filters.Regex("^cancel$"), _noop)],
            **extra,
        )

    return build(TimedConversation, timeout=timedelta(minutes=5)), build(ConversationHandler)


def _shape(conversation: ConversationHandler[Any], found: Any) -> Any:
    """A check's result with its handler named by place (the two hold different objects)."""
    if found is None:
        return None
    state, key, handler, check = found
    places = {
        id(h): (group, i)
        for group, handlers in (
            ("entry", conversation.entry_points),
            ("fallback", conversation.fallbacks),
            *((f"state {s}", hs) for s, hs in conversation.states.items()),
        )
        for i, h in enumerate(handlers)
    }
    return state, key, places[id(handler)], repr(check)  # re.Match has no ==


def test_a_conversation_answers_as_ptbs_with_and_without_one_open() -> None:
    timed, plain = _pair()
    updates = [
        text_update("你好", user_id=1),
        text_update("go", user_id=1),
        text_update("cancel", user_id=1),
        callback_update("x", user_id=1),
        text_update("你好", user_id=2),
        text_update("go", user_id=2),
    ]
    for opened in (None, (1, 1)):
        for conversation in (timed, plain):
            if opened is not None:
                conversation._conversations[opened] = 1
        for data in updates:
            update = _update(data)
            assert _shape(timed, timed.check_update(update)) == _shape(
                plain, plain.check_update(update)
            ), (opened, data)
    assert timed.check_update(object()) is None


def test_the_menu_sends_what_ptbs_keyboard_sends() -> None:
    menu = main_menu("zh")
    plain = ReplyKeyboardMarkup(
        menu.keyboard,
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=menu.input_field_placeholder,
    )
    assert menu.to_dict() == plain.to_dict()
    assert menu.to_dict(recursive=False) == plain.to_dict(recursive=False)
    assert menu == plain
    # A caller's change does not reach the next reply.
    menu.to_dict()["keyboard"] = []
    assert menu.to_dict() == plain.to_dict()
    assert copy.deepcopy(menu).to_dict() == plain.to_dict()
    assert pickle.loads(pickle.dumps(menu)).to_dict() == plain.to_dict()


async def test_the_pool_sees_a_connection_the_server_closed() -> None:
    served = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal served
        await reader.readuntil(b"\r\n\r\n")
        served += 1
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()  # keep-alive promised, then closed: the pool must notice

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    made = transport(2)
    assert isinstance(made._pool._network_backend, SocketCachingBackend)
    async with server, httpx.AsyncClient(transport=made) as client:
        for _ in range(3):
            response = await client.get(f"http://127.0.0.1:{port}/")
            assert response.text == "ok"
            await asyncio.sleep(0.05)  # the close reaches this side
    assert served == 3

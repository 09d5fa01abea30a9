"""/start, /help, /language through Application.process_update with an offline bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role
from bot.telegram.app import build_application
from bot.users import get_user
from tests.offline import RecordingRequest, as_update, callback_update, text_update

TOKEN = "123456:OFFLINE-test-token-abcdefghijkl"


@pytest.fixture
async def offline(settings: Settings) -> AsyncIterator[tuple[Any, RecordingRequest]]:
    request = RecordingRequest()
    app = build_application(
        settings, token=TOKEN, request=request, get_updates_request=RecordingRequest()
    )
    async with app:
        yield app, request


async def send(app: Any, data: dict[str, Any]) -> None:
    await app.process_update(as_update(data, app.bot))


def keyboard_labels(params: dict[str, Any]) -> list[str]:
    markup = params["reply_markup"]
    rows = markup.get("keyboard") or markup["inline_keyboard"]
    return [button["text"] for row in rows for button in row]


async def test_start_registers_and_greets_with_menu(offline: Any) -> None:
    app, request = offline
    await send(app, text_update("/start", user_id=10001, name="张大爷"))
    reply = request.sent()[-1]
    assert reply["chat_id"] == 10001
    assert reply["text"].startswith("张大爷您好")
    assert "西红柿多少钱一斤" in reply["text"]
    assert keyboard_labels(reply) == [
        "💰 查价格",
        "📦 卖货/收购",
        "🚚 预约收货",
        "🔔 价格提醒",
        "❓ 问问题",
    ]
    async with session_scope() as session:
        user = await get_user(session, 10001)
    assert user is not None and user.role is Role.farmer and user.language == "zh"


async def test_configured_admin_becomes_admin(offline: Any) -> None:
    app, _ = offline
    await send(app, text_update("/start", user_id=30001, name="王管理员"))
    async with session_scope() as session:
        user = await get_user(session, 30001)
    assert user is not None and user.role is Role.admin


async def test_help_lists_examples(offline: Any) -> None:
    app, request = offline
    await send(app, text_update("/help"))
    assert request.sent()[-1]["text"] == t("zh", "help.text")


async def test_language_switch_to_english_and_back(offline: Any) -> None:
    app, request = offline
    await send(app, text_update("/start"))
    await send(app, text_update("/language"))
    assert keyboard_labels(request.sent()[-1]) == ["中文", "English"]
    await send(app, callback_update("lang:en"))
    assert request.sent("editMessageText")[-1]["text"] == t("en", "language.changed")
    assert request.sent("answerCallbackQuery")
    assert keyboard_labels(request.sent()[-1])[0] == "💰 Prices"
    async with session_scope() as session:
        user = await get_user(session, 10001)
    assert user is not None and user.language == "en"
    await send(app, text_update("/help"))
    assert request.sent()[-1]["text"] == t("en", "help.text")
    await send(app, callback_update("lang:zh"))
    await send(app, text_update("/start"))
    assert request.sent()[-1]["text"].startswith("张大爷您好")


async def test_forged_language_is_refused(offline: Any) -> None:
    app, request = offline
    await send(app, text_update("/start"))
    await send(app, callback_update("lang:klingon"))
    answer = request.sent("answerCallbackQuery")[-1]
    assert answer["text"] == t("zh", "fallback.unknown_button")
    async with session_scope() as session:
        user = await get_user(session, 10001)
    assert user is not None and user.language == "zh"


async def test_unknown_callback_is_answered(offline: Any) -> None:
    app, request = offline
    await send(app, callback_update("booking:cancel:99999"))
    assert request.sent("answerCallbackQuery")[-1]["text"] == t("zh", "fallback.unknown_button")


async def test_command_menu_set_in_both_languages(offline: Any) -> None:
    app, request = offline
    await app.post_init(app)  # run_polling calls it; process_update tests must by hand
    menus = request.sent("setMyCommands")
    assert {m.get("language_code") for m in menus} == {None, "zh", "en"}


async def test_every_message_gets_a_reply(offline: Any) -> None:
    app, request = offline
    before = len(request.sent())
    sticker = text_update("x")
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {
        "file_id": "s1",
        "file_unique_id": "u1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    await send(app, sticker)
    await send(app, text_update("🍅" * 4000))
    await send(app, text_update("/nonsense"))
    replies = request.sent()[before:]
    assert [r["text"] for r in replies] == [
        t("zh", "media.sticker"),
        t("zh", "fallback.too_long"),
        t("zh", "fallback.unknown_text"),
    ]


async def test_a_failing_handler_still_answers_politely(
    offline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, request = offline

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr("handlers.start.register_visitor", broken)
    await send(app, text_update("/help"))
    assert request.sent()[-1]["text"] == t("zh", "error.generic")

"""/start, /help and /language as conversations, through HTTP and the real PTB stack."""

from __future__ import annotations

import pytest

import handlers.common
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role
from bot.sandbox.harness import Harness
from bot.users import get_user

pytestmark = pytest.mark.e2e

MENU_ZH = ["💰 查价格", "📦 卖货/收购", "🚚 预约收货", "🔔 价格提醒", "❓ 问问题"]


async def test_start_registers_and_greets_with_menu(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send("/start")
    assert len(replies) == 1
    assert replies.last.text.startswith("张大爷您好")
    assert "西红柿多少钱一斤" in replies.last.text
    assert farmer.keyboard == MENU_ZH
    async with session_scope() as session:
        user = await get_user(session, 10001)
    assert user is not None and user.role is Role.farmer and user.language == "zh"


async def test_configured_admin_becomes_admin(harness: Harness) -> None:
    admin = harness.user(30001, "王管理员")
    await admin.send("/start")
    async with session_scope() as session:
        user = await get_user(session, 30001)
    assert user is not None and user.role is Role.admin


async def test_help_lists_examples(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send("/help")
    assert replies.texts == [t("zh", "help.text")]


async def test_language_switch_to_english_and_back(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    replies = await farmer.send("/language")
    assert replies.last.buttons == ["中文", "English"]
    choice = replies.last

    replies = await farmer.press("English")
    # The button press is answered, the question becomes the confirmation (its
    # buttons gone), and one line follows with the menu in English (not the whole help).
    assert replies.answer is not None and replies.answer.answered
    assert replies.edited == [choice]
    assert choice.text == t("en", "language.changed") and choice.buttons == []
    assert replies.texts == [t("en", "language.menu_ready")]
    assert farmer.keyboard[0] == "💰 Prices"
    async with session_scope() as session:
        user = await get_user(session, 10001)
    assert user is not None and user.language == "en"

    assert (await farmer.send("/help")).texts == [t("en", "help.text")]
    # A second tap on the same (already answered) button: answered, nothing refused.
    again = await farmer.press_data("lang:en", message=choice)
    assert again.answer is not None and again.answer.answered
    await farmer.send("/language")
    back = await farmer.press("lang:zh")  # by callback data this time
    assert back.texts == [t("zh", "language.menu_ready")]
    assert farmer.keyboard == MENU_ZH
    replies = await farmer.send("/start")
    assert replies.last.text.startswith("张大爷您好")
    assert farmer.keyboard == MENU_ZH


async def test_forged_language_is_refused(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.send("/language")
    replies = await farmer.press_data("lang:klingon")
    assert replies.answer is not None
    assert replies.answer.text == t("zh", "fallback.unknown_button")
    assert replies == [] and replies.edited == []
    async with session_scope() as session:
        user = await get_user(session, 10001)
    assert user is not None and user.language == "zh"


async def test_an_old_keyboard_is_answered_as_stale(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    replies = await farmer.press_data("booking:cancel:99999", message=farmer.last)
    assert replies.answer is not None and replies.answer.show_alert
    assert replies.answer.text == t("zh", "fallback.unknown_button")


async def test_command_menu_set_in_both_languages(harness: Harness) -> None:
    # post_init ran as in run_polling: the menu exists for everyone, zh and en.
    menu = ["start", "help", "book", "alerts", "notices", "language"]
    assert harness.server.commands() == menu
    assert harness.server.commands("zh") == harness.server.commands()
    assert harness.server.commands("en") == menu


async def test_every_message_gets_a_reply(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    assert (await farmer.send_sticker()).texts == [t("zh", "media.sticker")]
    # A voice message is a question for the station (tests/e2e/test_voice_e2e.py).
    assert (await farmer.send_voice()).texts == [t("zh", "voice.forwarded_no_station")]
    assert (await farmer.send("🍅" * 4000)).texts == [t("zh", "fallback.too_long")]
    assert (await farmer.send("/nonsense")).texts == [t("zh", "fallback.unknown_text")]


async def test_a_failing_handler_still_answers_politely(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr("handlers.start.register_visitor", broken)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send("/help")
    assert replies.texts == [t("zh", "error.generic")]
    assert [str(e) for e in harness.take_errors()] == ["database on fire"]


async def test_the_sender_is_registered_once_per_update(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One update, one registration of the sender, whatever handlers run: read
    # (and written if new or changed), or known and unchanged, from the cache.
    touched: list[int] = []
    real_touch = handlers.common.touch
    real_known = handlers.common.known_visitor

    async def counting_touch(session, visitor, admin_ids=()):  # type: ignore[no-untyped-def]
        touched.append(visitor.telegram_id)
        return await real_touch(session, visitor, admin_ids)

    def counting_known(engine, visitor, admin_ids=()):  # type: ignore[no-untyped-def]
        found = real_known(engine, visitor, admin_ids)
        if found is not None:
            touched.append(visitor.telegram_id)
        return found

    monkeypatch.setattr(handlers.common, "touch", counting_touch)
    monkeypatch.setattr(handlers.common, "known_visitor", counting_known)
    farmer = harness.user(10001, "张大爷")
    for text in ("/start", "订阅西红柿价格", "西红柿多少钱一斤", "黄瓜叶子发黄怎么办"):
        await farmer.send(text)
    await farmer.press(farmer.last.buttons[0])
    assert touched == [10001] * 5

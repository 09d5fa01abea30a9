"""The harness itself, driving a small PTB bot built for the purpose."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.core.config import Settings, load_settings
from bot.sandbox.harness import Harness
from bot.telegram.tuning import ChatOrderedProcessor, RetryingLimiter

pytestmark = pytest.mark.e2e

Context = ContextTypes.DEFAULT_TYPE


async def menu(update: Update, context: Context) -> None:
    assert update.message is not None
    keyboard = ReplyKeyboardMarkup(
        [[KeyboardButton("📍 发位置", request_location=True), KeyboardButton("你好")]]
    )
    await update.message.reply_text("菜单", reply_markup=keyboard)
    choices = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("土豆", callback_data="crop:1"),
                InlineKeyboardButton("官网", url="https://x.cn"),
            ]
        ]
    )
    await update.message.reply_text("选作物", reply_markup=choices)


async def pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    if query.data == "crop:silent":
        return  # forgets to answer: the harness must notice
    await query.answer("好的")
    await query.edit_message_text(f"选了 {query.data}")


async def echo(update: Update, context: Context) -> None:
    message = update.message
    assert message is not None
    if message.location is not None:
        await message.reply_text(f"位置 {message.location.latitude:.2f}")
    elif message.text == "慢":
        await asyncio.sleep(0.5)  # longer than the 0.3 s the test allows it
    elif message.text == "坏":
        await message.reply_text("<b>坏", parse_mode="HTML")
    elif message.text == "稍后":
        # Work left to a background task: the reply comes after the handler returned.
        async def later() -> None:
            await asyncio.sleep(0.2)
            await context.bot.send_message(message.chat.id, "后来的消息")

        context.application.create_task(later())
    elif message.text is not None:
        await message.reply_text(f"回声 {message.text}")


def tiny_bot(settings: Settings, token: str) -> Any:
    """The bot under test: commands, keyboards, a button, an echo."""
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .concurrent_updates(ChatOrderedProcessor(8))
        .rate_limiter(RetryingLimiter())
        .build()
    )
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.ALL, echo))
    return app


@pytest.fixture
async def tiny() -> AsyncIterator[Harness]:
    async with Harness.start(load_settings(), build=tiny_bot, step_timeout=3) as harness:
        yield harness


async def test_buttons_keyboards_and_answers(tiny: Harness) -> None:
    farmer = tiny.user(10001, "张大爷")
    replies = await farmer.send("/menu")
    assert replies.texts == ["菜单", "选作物"]
    assert farmer.keyboard == ["📍 发位置", "你好"]
    assert replies.last.buttons == ["土豆", "官网"]
    replies = await farmer.press("土豆")
    assert replies.answer is not None and replies.answer.text == "好的"
    assert replies.edited[0].text == "选了 crop:1" and farmer.last.buttons == []
    # A reply keyboard button sends its label, or shares what it requests.
    assert (await farmer.press("你好")).texts == ["回声 你好"]
    assert (await farmer.press("📍 发位置", location=(36.7, 118.6))).texts == ["位置 36.70"]
    with pytest.raises(AssertionError, match="sees no button"):
        await farmer.press("不存在")
    await farmer.send("/menu")
    with pytest.raises(AssertionError, match="sends the bot nothing"):
        await farmer.press("官网")
    tiny.assert_clean()


async def test_a_step_that_takes_too_long_fails_with_the_transcript(tiny: Harness) -> None:
    farmer = tiny.user(10001, "张大爷")
    await farmer.send("你好")
    with pytest.raises(AssertionError) as caught:
        await farmer.send("慢", within=0.3)
    report = str(caught.value)
    assert "张大爷 sent '慢': the bot did not finish within 0.3 s" in report
    assert "#2 bot: 回声 你好" in report and "#3 张大爷: 慢" in report


async def test_later_messages_are_awaited(tiny: Harness) -> None:
    farmer = tiny.user(10001, "张大爷")
    replies = await farmer.send("稍后")
    assert replies == []
    assert (await farmer.next_reply(within=2)).text == "后来的消息"


async def test_invalid_requests_and_unanswered_presses_are_problems(tiny: Harness) -> None:
    farmer = tiny.user(10001, "张大爷")
    await farmer.send("坏")
    await farmer.send("/menu")
    await farmer.press_data("crop:silent")
    problems = tiny.problems()
    assert any("can't parse entities" in p for p in problems)
    assert any("BadRequest" in p for p in problems)
    assert any("never answered: 'crop:silent'" in p for p in problems)
    with pytest.raises(AssertionError):
        tiny.assert_clean()
    tiny.server.take_rejections()
    tiny.take_errors()
    tiny.take_unanswered()
    tiny.assert_clean()


async def test_groups_and_privacy_mode(tiny: Harness) -> None:
    group = tiny.group(-1001234, "东村种植群")
    farmer = tiny.user(10001, "张大爷").at(group)
    neighbour = tiny.user(10002, "李大姐").at(group)
    # Privacy mode: chatter in the group never reaches the bot; commands and replies do.
    assert await farmer.send("今天下雨") == []
    replies = await neighbour.send("/menu@farmhub_sandbox_bot")
    assert replies.texts == ["菜单", "选作物"]
    assert (await farmer.send("对", reply_to=replies.last)).texts == ["回声 对"]
    assert [m.sender.first_name for m in group.messages if not m.from_bot] == [
        "张大爷",
        "李大姐",
        "张大爷",
    ]


async def test_many_people_at_once_each_in_order(tiny: Harness) -> None:
    people = [tiny.user(20000 + i, f"农户{i}") for i in range(20)]

    async def talk(person: Any) -> list[str]:
        texts = []
        for n in range(3):
            texts += (await person.send(f"{person.id}-{n}")).texts
        return texts

    # 60 replies in well under a second: some meet the 30/s limit and are retried.
    results = await asyncio.gather(*(talk(p) for p in people))
    for person, texts in zip(people, results, strict=True):
        assert [m.text for m in person.messages] == [f"回声 {person.id}-{n}" for n in range(3)]
        assert set(texts) <= {m.text for m in person.messages}
    tiny.assert_clean()

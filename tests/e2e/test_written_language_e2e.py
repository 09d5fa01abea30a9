"""A farmer who reads only English gets English (sandbox walk): the language follows what a
farmer who never chose one writes; "English please" switches at once with a one-tap undo;
a chosen language is kept; an emoji alone gets a friendly word."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.models.users import Role
from bot.sandbox.harness import Harness
from bot.users import Visitor, get_user, set_role, touch
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e


@pytest.fixture
async def markets(harness: Harness) -> Harness:
    """Markets with tomato and potato prices."""
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))
    return harness


async def _language(telegram_id: int) -> tuple[str, bool]:
    async with session_scope() as session:
        user = await get_user(session, telegram_id)
    assert user is not None
    return user.language, user.language_chosen


@pytest.mark.parametrize("hello", ["hi", "Hello", "good morning"])
async def test_a_first_english_word_is_answered_in_english(markets: Harness, hello: str) -> None:
    farmer = markets.user(10001, "Tom")  # a phone set to Chinese, as the walker's
    replies = await farmer.send(hello)
    assert replies.texts[0] == t("en", "kb.greeting", name="Tom")
    # Told in English how to keep English for good, with Chinese one tap away.
    assert replies.last.text == t("en", "language.followed")
    assert replies.last.buttons == [t("en", "language.keep_english"), "中文"]
    assert farmer.keyboard[0] == t("en", "menu.prices")
    assert await _language(10001) == ("en", False)
    # Said once: the next English message is just answered.
    price = await farmer.send("potato price")
    assert price.texts[0].startswith("💰 potato") and len(price) == 1
    # Keep it for good: a Chinese word later no longer switches back.
    await farmer.press(t("en", "language.keep_english"))
    assert await _language(10001) == ("en", True)
    assert "元" not in (await farmer.send("土豆多少钱")).last.text.split("\n")[0]


@pytest.mark.parametrize("question", ["potato price", "how much are potatoes", "tomato price?"])
async def test_an_english_price_question_gets_an_english_card(
    markets: Harness, question: str
) -> None:
    farmer = markets.user(10001, "张大爷")
    replies = await farmer.send(question)
    assert "wholesale price" in replies.texts[0], replies.texts
    assert replies.last.text == t("en", "language.followed")


@pytest.mark.parametrize("pinyin", ["yangyu duoshao qian", "tudou duoshao qian yi jin"])
async def test_pinyin_stays_a_chinese_price_question(markets: Harness, pinyin: str) -> None:
    farmer = markets.user(10001, "张大爷")
    await farmer.send("hi")
    assert await _language(10001) == ("en", False)
    replies = await farmer.send(pinyin)
    assert "土豆 批发价" in replies.texts[0]
    # Back to Chinese: said once, with the bottom menu in Chinese again.
    assert replies.texts[1:] == [t("zh", "language.followed_menu")]
    assert farmer.keyboard[0] == t("zh", "menu.prices")
    assert await _language(10001) == ("zh", False)


@pytest.mark.parametrize(
    "asked", ["English please", "hello, do you speak english?", "speak english", "change language"]
)
async def test_asking_for_english_switches_with_a_one_tap_undo(
    markets: Harness, asked: str
) -> None:
    farmer = markets.user(10001, "张大爷")
    replies = await farmer.send(asked)
    assert replies.texts[0] == t("en", "language.switched")
    assert replies[0].buttons == [t("en", "language.undo")]
    # The menu in English and where the rest is, not the whole help (blind tester, 施甸).
    assert replies.texts == [t("en", "language.switched"), t("en", "language.menu_ready")]
    assert farmer.keyboard[0] == t("en", "menu.prices")
    assert await _language(10001) == ("en", True)
    assert "wholesale price" in (await farmer.send("土豆多少钱")).texts[0]
    # The undo: Chinese for good.
    undone = await farmer.press(t("en", "language.undo"), message=replies[0])
    assert undone.edited[0].text == t("zh", "language.changed")
    assert await _language(10001) == ("zh", True)


async def test_a_farmer_who_chose_chinese_keeps_it(markets: Harness) -> None:
    farmer = markets.user(10001, "张大爷", language_code="en")
    await farmer.send("/language")
    await farmer.press("中文")
    for english in ("hi", "potato price"):
        replies = await farmer.send(english)
        assert t("en", "language.followed") not in replies.texts
    assert "土豆 批发价" in replies.texts[0]
    assert await _language(10001) == ("zh", True)
    # 说英文 is still a request the farmer may make.
    asked = await farmer.send("说英文")
    assert asked.texts[0] == t("en", "language.switched")


@pytest.mark.parametrize("asked", ["说中文", "中文"])
async def test_asking_for_chinese_says_so_with_the_menu_not_the_help(
    markets: Harness, asked: str
) -> None:
    farmer = markets.user(10001, "Tom", language_code="en")
    await farmer.send("/language")
    await farmer.press("English")
    replies = await farmer.send(asked)
    assert replies.texts == [t("zh", "language.switched"), t("zh", "language.menu_ready")]
    assert "/help" in replies.last.text and t("zh", "help.text") not in replies.texts
    assert farmer.keyboard[0] == t("zh", "menu.prices")
    assert await _language(10001) == ("zh", True)


@pytest.mark.parametrize("asked", ["切换中文", "换成中文", "switch to Chinese"])
async def test_switch_to_chinese_is_a_switch(markets: Harness, asked: str) -> None:
    farmer = markets.user(10001, "Tom", language_code="en")
    await farmer.send("/language")
    await farmer.press("English")
    replies = await farmer.send(asked)
    assert replies.texts == [t("zh", "language.switched"), t("zh", "language.menu_ready")]
    assert await _language(10001) == ("zh", True)


@pytest.mark.parametrize("asked", ["切换英文", "换成英文", "switch to English"])
async def test_switch_to_english_is_a_switch(markets: Harness, asked: str) -> None:
    farmer = markets.user(10001, "张大爷")
    replies = await farmer.send(asked)
    assert replies.texts == [t("en", "language.switched"), t("en", "language.menu_ready")]
    assert await _language(10001) == ("en", True)


async def test_switching_a_station_is_no_language_switch(markets: Harness) -> None:
    farmer = markets.user(10001, "张大爷")
    replies = await farmer.send("切换站点")
    assert t("zh", "language.switched") not in replies.texts
    assert await _language(10001) == ("zh", False)


async def test_change_language_from_a_settled_english_reader_offers_both(harness: Harness) -> None:
    farmer = harness.user(10001, "Tom", language_code="en")
    await farmer.send("/language")
    await farmer.press("English")
    replies = await farmer.send("change language")
    assert replies.last.buttons == ["中文", "English"]
    assert await _language(10001) == ("en", True)


async def test_staff_typing_english_keep_their_language(harness: Harness) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(20001, "李站长"))
        await set_role(session, 20001, Role.staff, station_id=1)
    staff = harness.user(20001, "李站长")
    replies = await staff.send("hi")
    assert t("en", "language.followed") not in replies.texts
    assert await _language(20001) == ("zh", False)


@pytest.mark.parametrize("emoji", ["👍", "👌", "🙏", "😀"])
async def test_an_emoji_alone_gets_a_friendly_word(harness: Harness, emoji: str) -> None:
    farmer = harness.user(10001, "张大爷")
    assert (await farmer.send(emoji)).texts == [t("zh", "kb.chatter.emoji")]
    john = harness.user(10002, "John", language_code="en")
    assert (await john.send(emoji)).texts == [t("en", "kb.chatter.emoji")]

"""A county growing none of the sample's tomato, maize or 白菜 hears its own products in the
bot's examples (blind Gansu walk): /start, /help, the knowledge base's dead end, 退订全部."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.county_data import EXAMPLES
from bot.markets.examples import WORDS
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.test_county_examples import county_of_its_own

pytestmark = pytest.mark.e2e


async def _farmer(harness: Harness, lang: str) -> None:
    EXAMPLES.invalidate()
    WORDS.invalidate()
    async with session_scope() as session:
        # 土豆 and 核桃 priced, 生姜 bought, the knowledge base speaking of 马铃薯 (土豆).
        await county_of_its_own(session, kb=["马铃薯晚疫病怎么防治？"])
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        async with session_scope() as session:
            await session.execute(
                update(User).where(User.telegram_id == 10001).values(language="en")
            )


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_examples_name_the_countys_products(harness: Harness, lang: str) -> None:
    await _farmer(harness, lang)
    farmer = harness.user(10001, "张大爷")
    start = (await farmer.send("/start")).texts[0]
    help_ = (await farmer.send("/help")).last.text or ""
    if lang == "zh":
        assert "比如「土豆多少钱一斤」" in start, start
        for line in (
            "• 哪里收生姜 / 我有两千斤生姜要卖",
            "• 订阅核桃价格 / 退订",
            "• 土豆叶子发黄怎么办",
        ):
            assert line in help_, help_
    else:
        assert 'e.g. "potato price per jin"' in start, start
        assert "• who buys ginger / I have 1000 jin of ginger to sell" in help_, help_
        assert "• potato leaves turning yellow" in help_, help_
    # None of the sample county's products is named anywhere in /start or /help.
    said = start + help_
    for word in ("西红柿", "番茄", "玉米", "白菜", "tomato", "corn", "cabbage"):
        assert word not in said, (word, said)


async def test_the_dead_end_hint_names_a_product_the_base_covers(harness: Harness) -> None:
    await _farmer(harness, "zh")
    farmer = harness.user(10001, "张大爷")
    declined = (await farmer.send("拖拉机的变速箱漏油了")).texts
    hint = next((text for text in declined if "换个说法" in text), "")
    assert "比如「土豆叶子上有斑点」" in hint, declined
    assert t("zh", "kb.declined") not in declined  # the sample's 玉米叶子上有长条灰斑

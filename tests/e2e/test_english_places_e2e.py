"""Places in English replies read as English writes them (review): a buyer's place 河南郑州
was shown 「河南郑州 (Henanzhengzhou)」, its pinyin run together; it is 河南郑州 (Zhengzhou,
Henan), and Chinese replies are unchanged."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.markets.prices import local_today
from bot.markets.sample import load_demand
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch

pytestmark = pytest.mark.e2e


async def _farmer(harness: Harness, lang: str) -> None:
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        await load_demand(session, today)
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.language = lang
        farmer.language_chosen = True


@pytest.mark.parametrize(
    ("lang", "text", "shown"),
    [
        ("en", "who buys corn", "河南郑州 (Zhengzhou, Henan)"),
        ("en", "who buys potatoes", "湖北武汉 (Wuhan, Hubei)"),
        ("en", "who buys potatoes", "北京新发地 (Xinfadi, Beijing)"),
        ("en", "who buys apples", "陕西西安 (Xi'an, Shaanxi)"),
        ("zh", "谁收玉米", "有效到"),
    ],
)
async def test_a_buyers_place_reads_as_english_writes_it(
    harness: Harness, lang: str, text: str, shown: str
) -> None:
    await _farmer(harness, lang)
    replies = await harness.user(10001, "张大爷").send(text)
    said = "\n".join(replies.texts)
    assert shown in said, said
    if lang == "zh":
        assert "河南郑州" in said and "Henan" not in said and "(" not in said, said

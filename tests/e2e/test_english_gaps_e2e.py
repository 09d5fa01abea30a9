"""An English-reading farmer's words that went wrong (sandbox walk, branch english-gaps), and
their Chinese counterparts: "who is buying apples near me" got "I can't answer that yet",
"how much fertilizer for corn" was declined, "I live in Sunjiaji village" was no place,
"Daotian?" after a price card was read as paddy fields, a did-you-mean button said "mango"."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.markets.sample import load_demand
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.kb.entries import Entry, read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.county import load_county
from tests.e2e.test_price_history_e2e import market

pytestmark = pytest.mark.e2e

__all__ = ["market"]


async def _farmer(harness: Harness, lang: str) -> None:
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.language = lang
        farmer.language_chosen = True


@pytest.mark.parametrize(
    ("lang", "asked", "said"),
    [
        ("en", "who buys apples", "who is buying apples near me"),
        ("en", "who buys apples", "anyone buying apples?"),
        ("en", "who buys corn", "where can I sell my corn near here"),
        ("zh", "谁收苹果", "附近谁在收苹果"),
    ],
)
async def test_asking_for_buyers_near_me_lists_them(
    harness: Harness, lang: str, asked: str, said: str
) -> None:
    async with session_scope() as session:
        await load_demand(session, local_today(harness.app.bot_data["settings"].tz))
    await _farmer(harness, lang)
    farmer = harness.user(10001, "张大爷")
    plain = (await farmer.send(asked)).texts
    near = (await farmer.send(said)).texts
    assert near == plain
    # No location known yet: the buyers, and how to see the nearest ones.
    assert t(lang, "demand.location_hint") in "\n".join(near)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "how much fertilizer for corn"),
        ("en", "how much fertiliser should I put on my corn"),
        ("en", "corn fertilizer amount"),
        ("zh", "玉米施肥"),
    ],
)
async def test_an_amount_of_fertiliser_offers_the_fertiliser_entries(
    harness: Harness, lang: str, text: str
) -> None:
    async with session_scope() as session:
        await upsert_entries(session, read_shipped(), engine(), by="test")
    await _farmer(harness, lang)
    offered = (await harness.user(10001, "张大爷").send(text)).last
    assert offered.text == t(lang, "kb.did_you_mean"), offered.text
    assert any("fertil" in b or "肥" in b for b in offered.buttons[:-1]), offered.buttons


MANGO = [
    Entry("m-1", "芒果怎么保存", "放阴凉处，别堆太厚。", [], ["芒果", "储存", "冷库"], "storage"),
    Entry("m-2", "芒果怎么运", "单果套网套，装纸箱。", [], ["芒果", "运输", "包装"], "storage"),
]


@pytest.mark.parametrize(
    ("lang", "text", "labels"),
    [
        # What it is about in English, then the question itself (the entry is in Chinese).
        ("en", "mango tips", {"mango: storage · 芒果怎么保存", "mango: pack · 芒果怎么运"}),
        ("zh", "芒果", None),  # a bare product asks its price: no labels
        ("zh", "芒果咋弄", {"芒果怎么保存", "芒果怎么运"}),
    ],
)
async def test_a_suggestion_says_what_its_entry_is_about(
    harness: Harness, lang: str, text: str, labels: set[str] | None
) -> None:
    async with session_scope() as session:
        await upsert_entries(session, MANGO, engine(), by="test")
    await _farmer(harness, lang)
    offered = (await harness.user(10001, "张大爷").send(text)).last
    if labels is None:
        assert offered.text != t(lang, "kb.did_you_mean")
        return
    assert offered.text == t(lang, "kb.did_you_mean"), offered.text
    assert set(offered.buttons[:2]) == labels


@pytest.mark.parametrize(
    ("lang", "text", "heading"),
    [
        ("en", "I live in Sunjiaji village", "Stations nearest to 孙家集村 (Sunjiaji Cun)"),
        ("en", "my village is Daotian", "Stations nearest to 稻田村 (Daotian Cun)"),
        ("en", "we are in Daotian town", "Stations nearest to 稻田镇 (Daotian Zhen)"),
        ("zh", "我在孙家集村", "离孙家集村"),
    ],
)
async def test_saying_where_one_lives_finds_the_stations_and_remembers_it(
    harness: Harness, lang: str, text: str, heading: str
) -> None:
    await load_county(harness)
    await _farmer(harness, lang)
    found = await harness.user(10001, "张大爷").send(text)
    assert (found[0].text or "").startswith(heading), found[0].text
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        assert farmer.home_lat is not None


async def test_an_unknown_village_said_in_english_is_not_found(harness: Harness) -> None:
    await load_county(harness)
    await _farmer(harness, "en")
    said = await harness.user(10001, "张大爷").send("I'm from Xiaowang village")
    assert (said[0].text or "").startswith(
        t("en", "stations.not_found", text="Xiaowang village")
    ), said[0].text


@pytest.mark.parametrize(
    ("lang", "asked", "then", "shown"),
    [
        ("en", "tomato price", "Daotian?", "稻田镇 (Daotian Zhen)"),
        ("en", "tomato price", "and in Sunjiaji village?", "孙家集村 (Sunjiaji Cun)"),
        ("zh", "西红柿多少钱", "稻田镇呢", "稻田镇"),
    ],
)
async def test_a_village_in_pinyin_after_a_price_is_where_to_price(
    market: Harness, lang: str, asked: str, then: str, shown: str
) -> None:
    await load_county(market)
    await _farmer(market, lang)
    farmer = market.user(10001, "张大爷")
    await farmer.send(asked)
    there = (await farmer.send(then)).texts[0]
    assert there.startswith("💰 tomato wholesale price" if lang == "en" else "💰 西红柿"), there
    assert shown in there

"""The place a farmer named (bot.markets.asked): a market, a county village, China's table, home."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.markets.asked import Located, asked_place
from bot.markets.places import MarketInfo, place_words, unknown_product_word
from bot.stations.finder import village_named
from bot.stations.gazetteer import VillageRecord, store_villages
from tests.markets_util import MARKETS

HOME = (39.9, 116.4)
SANYUANZHU = VillageRecord("三元朱村", "孙家集街道", 36.8051, 118.6641)


def _markets() -> list[MarketInfo]:
    return [
        MarketInfo(i, name, short, province, city, lat, lon)
        for i, (name, short, province, city, lat, lon, _unit, _lag) in enumerate(MARKETS, 1)
    ]


class Asked:
    """village_named, remembering what it was asked (the gazetteer is a database read)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def __call__(self, session: AsyncSession, text: str) -> Located | None:
        self.texts.append(text)
        return await village_named(session, text)


async def test_a_village_of_the_countys_gazetteer_is_answered_from_its_point(db: str) -> None:
    async with session_scope() as session:
        await store_villages(session, [SANYUANZHU])
        for text in ("三元朱村土豆价格", "三元朱大蒜跌到3块提醒我", "三元朱村大蒜跌到三块提醒我"):
            place = await asked_place(session, text, _markets(), village_named, *HOME)
            assert (place.kind, place.label, place.missing) == ("near", "三元朱村", ""), text
            assert (place.lat, place.lon) == (SANYUANZHU.lat, SANYUANZHU.lon)
        # Before China's table: a region with markets named too (上海 has 江桥) is less near.
        place = await asked_place(session, "上海三元朱村土豆价格", _markets(), village_named)
        assert (place.kind, place.label) == ("near", "三元朱村")
        # A market named is what was asked, a village beside it or not.
        place = await asked_place(session, "三元朱村新发地土豆价格", _markets(), village_named)
        assert (place.kind, place.label) == ("market", "新发地")


async def test_a_place_of_chinas_table_when_no_village_has_the_name(db: str) -> None:
    async with session_scope() as session:
        await store_villages(session, [SANYUANZHU])
        place = await asked_place(
            session, "潍坊大蒜跌到3块提醒我", _markets(), village_named, *HOME
        )
        assert (place.kind, place.label, place.missing) == ("near", "潍坊", "")
        assert place.lat is not None and abs(place.lat - 36.7) < 0.5
        english = await asked_place(session, "potato price in Weifang", _markets(), village_named)
        assert english == place
        shanghai = await asked_place(session, "上海土豆价格", _markets(), village_named)
        assert (shanghai.kind, shanghai.market_ids) == ("city", (2,))


async def test_a_place_found_nowhere_is_kept_whole_to_be_named_back(db: str) -> None:
    async with session_scope() as session:
        # No gazetteer entry: 三元朱村 is named back whole, never 朱村 (its 元 is a price word).
        place = await asked_place(session, "三元朱村大蒜跌到3块提醒我", _markets(), village_named)
        assert (place.kind, place.missing) == ("national", "三元朱村")
        home = await asked_place(session, "三元朱村土豆价格", _markets(), village_named, *HOME)
        assert (home.kind, home.missing, (home.lat, home.lon)) == ("home", "三元朱村", HOME)
        # A name only sounding like a village of the gazetteer is not that village.
        await store_villages(session, [SANYUANZHU])
        typo = await asked_place(session, "三元竹村土豆价格", _markets(), village_named)
        assert (typo.kind, typo.missing) == ("national", "三元竹村")
        mars = await asked_place(session, "火星大蒜跌到3块提醒我", _markets(), village_named)
        assert mars.missing == "火星"


async def test_no_place_named_is_home_without_asking_the_gazetteer(db: str) -> None:
    asked = Asked()
    async with session_scope() as session:
        await store_villages(session, [SANYUANZHU])
        for text in ("西红柿多少钱", "土豆的价格", "西红柿涨到3块提醒我", ""):
            place = await asked_place(session, text, _markets(), asked, *HOME)
            assert (place.kind, place.missing, (place.lat, place.lon)) == ("home", "", HOME)
            nowhere = await asked_place(session, text, _markets(), asked)
            assert (nowhere.kind, nowhere.missing) == ("national", "")
        assert asked.texts == []
        await asked_place(session, "三元朱村土豆价格", _markets(), asked, *HOME)
        assert asked.texts == ["三元朱村土豆价格"]


async def test_the_place_named_is_never_taken_for_an_unknown_product(db: str) -> None:
    async with session_scope() as session:
        await store_villages(session, [SANYUANZHU])
        for text in ("三元朱村价格", "三元朱 跌到2块提醒我", "火星村价格"):
            place = await asked_place(session, text, _markets(), village_named)
            assert unknown_product_word(text, place_words(_markets()), place) == "", text
        # The place said, a product the lexicon lacks is still named back.
        place = await asked_place(session, "三元朱村牛油果价格", _markets(), village_named)
        assert unknown_product_word("三元朱村牛油果价格", (), place) == "牛油果"
        # A word found nowhere without a place's ending may be the product, misspelt.
        place = await asked_place(session, "生羌价格", _markets(), village_named)
        assert unknown_product_word("生羌价格", (), place) == "生羌"


@pytest.mark.parametrize(
    ("text", "word"),
    [("为啥跌了", ""), ("么子价钱", ""), ("蒜苔多钱", "蒜苔"), ("沙棘好多钱", "沙棘")],
)
def test_question_words_are_no_products_name(text: str, word: str) -> None:
    # Blind walk: 「我还不知道「为啥」的价格」, 「蒜苔多」暂时还没有价格.
    assert unknown_product_word(text) == word

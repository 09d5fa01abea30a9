"""A price question's place: no market there (潍坊), a province, or a place found nowhere (火星)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.core.db import session_scope
from bot.markets.history import price_history
from bot.markets.places import MarketInfo, find_place, strip_filler
from bot.markets.prices import forget_markets, latest_prices, product_named
from bot.models.markets import Market
from handlers.render import prices as view
from knowledge.text.places import gazetteer, named_place
from tests.markets_util import MARKETS, add_price, seed_markets

TODAY = date(2026, 11, 28)
HOME = (39.9, 116.4)


def _markets() -> list[MarketInfo]:
    return [
        MarketInfo(i, name, short, province, city, lat, lon)
        for i, (name, short, province, city, lat, lon, _unit, _lag) in enumerate(MARKETS, 1)
    ]


def test_the_gazetteer_finds_prefectures_counties_and_provinces() -> None:
    weifang = named_place("潍坊土豆价格")
    assert weifang is not None and (weifang.label, weifang.level) == ("潍坊", "prefecture")
    assert weifang.province == "山东省"
    shouguang = named_place("寿光市的大蒜")
    assert shouguang is not None and shouguang.prefecture == "潍坊市"
    assert named_place("potato price in weifang") == weifang
    assert named_place("wei fang potatoes") == weifang
    # The more specific place of two (山东潍坊: 潍坊); the province of a shared name (河南).
    assert named_place("山东潍坊土豆") == weifang
    henan = named_place("河南大蒜")
    assert henan is not None and henan.level == "province"


def test_the_gazetteer_does_not_guess() -> None:
    # 鼓楼区 is in four cities: which one is unknown, and 鼓楼 alone is nothing.
    assert named_place("鼓楼区土豆") is None
    # An ambiguous district is not read as the prefecture inside its name (朝阳区 ≠ 朝阳市).
    assert named_place("朝阳区土豆") is None
    # Everyday words that are county names (比如县, 合作市) only in full.
    assert named_place("比如土豆多少钱") is None
    assert named_place("合作社收土豆") is None
    # English words are not read as counties' pinyin (longan is 龙安区's).
    assert named_place("longan price") is None
    assert named_place("今天西红柿多少钱一斤") is None
    assert len(gazetteer().places) > 3000


def test_a_place_without_a_market_is_answered_from_the_nearest() -> None:
    markets = _markets()
    weifang = find_place("潍坊土豆价格", markets)
    assert (weifang.kind, weifang.label) == ("near", "潍坊")
    assert weifang.lat is not None and weifang.lon is not None
    assert find_place("potato price in Weifang", markets) == weifang
    # Home is not what was asked: the place named wins over it.
    assert find_place("潍坊土豆价格", markets, *HOME) == weifang


def test_a_city_or_province_with_markets_keeps_them_and_gets_a_point() -> None:
    markets = _markets()
    shanghai = find_place("上海土豆价格", markets)
    assert shanghai.kind == "city" and shanghai.market_ids == (2,)
    assert shanghai.lat is not None  # for a product none of its markets quotes
    heilongjiang = find_place("黑龙江西红柿", markets)
    assert heilongjiang.kind == "city" and heilongjiang.market_ids == (3,)
    # A market's own city named inside a longer place name is still that market's.
    assert find_place("新发地土豆", markets).kind == "market"


def test_a_place_found_nowhere_is_named_back() -> None:
    markets = _markets()
    for text, word in (
        ("火星土豆价格", "火星"),
        ("xx村土豆价格", "xx村"),
        ("potato price in Mars", "mars"),
    ):
        place = find_place(text, markets)
        assert (place.kind, place.missing) == ("national", word), text
        home = find_place(text, markets, *HOME)
        assert (home.kind, home.missing) == ("home", word), text
    # Words that are no place are not taken for one.
    for text in (
        "今天土豆价格",
        "我想问土豆价格",
        "土豆价格怎么样",
        "土豆多少钱一斤",
        "potato price in kg",
        # Whose it is (sandbox walk: 没找到「俺家」这个地方).
        "俺家苞米咋卖",
        "咱家玉米多少钱一斤",
        "我家的白菜咋卖",
        "自己地里的土豆多少钱",
    ):
        assert find_place(text, markets).missing == "", text


async def test_near_answer_lists_the_markets_by_distance_from_the_place(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        tomato = await product_named(session, "西红柿")
        assert tomato is not None
        place = find_place("潍坊西红柿多少钱", _markets())
        answer = await latest_prices(session, tomato, place, TODAY)
    assert [r.market for r in answer.rows] == ["新发地", "江桥", "哈达"]
    distances = [r.distance_km for r in answer.rows]
    assert all(d is not None for d in distances) and distances == sorted(distances)  # type: ignore[type-var]
    assert not answer.fallback
    text = view.price_text("zh", answer)
    assert "📍 潍坊没有报价的批发市场，下面是离潍坊最近的市场。" in text
    assert "📍 新发地（离潍坊约 4" in text
    english = view.price_text("en", answer)
    assert "No wholesale market quotes prices in 潍坊 (Weifang)" in english
    assert "km from 潍坊 (Weifang))" in english


def test_a_missing_place_is_said_in_both_languages() -> None:
    national = find_place("火星土豆价格", _markets())
    assert view.place_notes("zh", national) == [
        "🤔 没找到「火星」这个地方，下面是全国市场的价格。可以说市、县的名字（比如「潍坊土豆价格」），"
        "或者把位置发给我。"
    ]
    home = find_place("potato price in Mars", _markets(), *HOME)
    (note,) = view.place_notes("en", home)
    assert note.startswith(
        '🤔 I could not find a place called "Mars"; here are the markets nearest you.'
    )
    assert view.place_notes("zh", find_place("土豆价格", _markets())) == []


def test_a_place_word_is_never_cut_by_the_price_words_around_it() -> None:
    markets = _markets()
    # 元, 钱 and 查 are price words, and the middle of a village's name too.
    for text, word in (
        ("三元朱村土豆价格", "三元朱村"),
        ("三元朱村大蒜跌到3块提醒我", "三元朱村"),
        ("钱家庄土豆多少钱", "钱家庄"),
        ("查家村西红柿什么价", "查家村"),
    ):
        assert find_place(text, markets).missing == word, text
    # As a price's unit they still go: nothing left is a place.
    for text in ("土豆三元一斤", "西红柿涨到3元提醒我", "大蒜跌到三块提醒我", "我们的村子土豆价格"):
        assert find_place(text, markets).missing == "", text
    assert strip_filler("三元一斤").strip() == "三"
    assert strip_filler("三元朱村土豆价格").split() == ["三元朱村土豆"]


async def test_a_places_history_ranks_markets_as_the_price_answer_does(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        # A market without a point is never "near": it comes after those with one.
        session.add(Market(name="无坐标市场", short_name="无坐标", province="", city=""))
        await session.flush()
        forget_markets()
        tomato = await product_named(session, "西红柿")
        assert tomato is not None
        nowhere = await session.scalar(select(Market).where(Market.short_name == "无坐标"))
        assert nowhere is not None
        add_price(session, tomato, nowhere, TODAY - timedelta(days=10), 2.0, "斤")
        await session.flush()
        place = find_place("潍坊西红柿上个月多少钱", _markets())
        start, end = TODAY - timedelta(days=30), TODAY
        history = await price_history(session, tomato, place, "last_month", start, end, limit=4)
        answer = await latest_prices(session, tomato, place, TODAY)
    assert [r.market for r in history.rows] == ["新发地", "江桥", "哈达", "无坐标"]
    assert [r.market for r in history.rows][:3] == [r.market for r in answer.rows]


def test_a_county_level_city_is_inside_its_prefecture_and_province() -> None:
    from knowledge.text.places import inside

    assert inside("寿光", "潍坊") and inside("寿光市", "潍坊市") and inside("寿光", "山东")
    assert not inside("寿光", "青岛") and not inside("北京", "潍坊") and not inside("火星", "潍坊")


async def test_a_market_inside_the_place_asked_is_in_it_not_km_from_it(db: str) -> None:
    # Sandbox walk: 潍坊大蒜啥价 said 寿光 was "37 km from 潍坊"; 寿光 is a city of 潍坊.
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        shouguang = Market(
            name="山东寿光农产品物流园", short_name="寿光", province="山东", city="寿光",
            lat=36.8667, lon=118.7914,
        )  # fmt: skip
        session.add(shouguang)
        await session.flush()
        forget_markets()
        tomato = await product_named(session, "西红柿")
        assert tomato is not None
        add_price(session, tomato, shouguang, TODAY, 2.5, "斤")
        place = find_place("潍坊西红柿多少钱", _markets())
        answer = await latest_prices(session, tomato, place, TODAY)
    assert answer.rows[0].market == "寿光"
    text = view.price_text("zh", answer)
    assert "📍 下面是潍坊境内和离潍坊最近的批发市场。" in text
    assert "📍 寿光（在潍坊境内）" in text and "离潍坊约 37" not in text
    assert "📍 新发地（离潍坊约 4" in text  # the others keep their distance
    english = view.price_text("en", answer)
    assert "📍 寿光 (Shouguang) (in 潍坊 (Weifang))" in english
    assert "markets in and nearest to 潍坊 (Weifang)" in english

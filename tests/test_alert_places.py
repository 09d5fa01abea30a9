"""Alerts for a place named where no market quotes (潍坊, 三元朱村): what they watch and say."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.alerts import digests, firing, parsing
from bot.alerts import places as alert_places
from bot.alerts import service as alerts
from bot.alerts.model import AlertSpec, NearPlace
from bot.alerts.text import Subscribe, SubscribeAt, describe, needs_location
from bot.core.db import session_scope
from bot.markets.places import Place
from bot.markets.prices import PriceAnswer, latest_prices, product_named
from bot.models.alerts import AlertKind, AlertSubscription, OutboxMessage
from bot.models.markets import Market
from handlers.render.prices import subscribe_data
from knowledge.text.numbers import parse_price
from tests.markets_util import add_price
from tests.test_alerts import SEVEN, TZ, farmers, market_data, observe, queued

__all__ = ["market_data"]  # the fixture, used by name

WEIFANG = NearPlace("潍坊", 36.7069, 119.1617)
HARBIN = (45.75, 126.63)


async def _shouguang(today: date) -> None:
    """A fourth market, 寿光, 37 km from 潍坊, quoting 西红柿 these two weeks."""
    async with session_scope() as session:
        market = Market(
            name="山东寿光农产品物流园", short_name="寿光", province="山东", city="寿光",
            lat=36.8667, lon=118.7914,
        )  # fmt: skip
        session.add(market)
        await session.flush()
        tomato = await product_named(session, "西红柿")
        assert tomato is not None
        for back in range(1, 14):
            add_price(session, tomato, market, today - timedelta(days=back), 2.5, "斤")


async def test_an_alert_for_a_place_watches_its_nearest_markets_not_home(
    market_data: date,
) -> None:
    today = market_data
    await _shouguang(today)
    # Both farmers live in Harbin: one asked about 潍坊, the other about home.
    await farmers(10001, 10002, home=HARBIN)
    async with session_scope() as session:
        near, state = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.above, 1.0, near=WEIFANG)
        )
        await alerts.subscribe(session, 10002, AlertSpec("西红柿", AlertKind.above, 1.0))
        assert state == "added" and near.near == "潍坊"
        stored = await session.get(AlertSubscription, near.id)
        assert stored is not None
        assert (stored.place, stored.place_lat, stored.place_lon) == (
            "潍坊",
            WEIFANG.lat,
            WEIFANG.lon,
        )
    # 潍坊's three nearest quoting markets: 寿光, 新发地, 江桥; Harbin's: 哈达, 新发地, 寿光.
    async with session_scope() as session:
        news = await observe(session, "西红柿", "哈达", today, 2.8)
        assert await firing.on_new_prices(session, news, today) == 1
    assert [p.chat_id for p in await queued()] == [10002]
    async with session_scope() as session:
        news = await observe(session, "西红柿", "江桥", today, 2.8)
        assert await firing.on_new_prices(session, news, today) == 1
    assert [p.chat_id for p in await queued()] == [10002, 10001]


async def test_the_same_place_is_the_same_alert_and_says_where(market_data: date) -> None:
    await farmers(10001)
    async with session_scope() as session:
        spec = AlertSpec("西红柿", AlertKind.below, 2.0, near=WEIFANG)
        _, first = await alerts.subscribe(session, 10001, spec)
        _, again = await alerts.subscribe(session, 10001, spec)
        village = NearPlace("三元朱村", 36.8051, 118.6641)
        _, other = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.below, 2.0, near=village)
        )
        _, home = await alerts.subscribe(session, 10001, AlertSpec("西红柿", AlertKind.below, 2.0))
        # A market named is what is watched, a point beside it or not.
        market, _ = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.below, 2.0, place="新发地", near=WEIFANG)
        )
        views = await alerts.list_alerts(session, 10001)
    assert (first, again, other, home) == ("added", "unchanged", "added", "added")
    assert (market.market, market.near) == ("新发地", None)
    assert [v.near for v in views] == ["潍坊", "三元朱村", None, None]
    assert describe("zh", views[0]) == "西红柿（潍坊附近的市场）：跌到 2.00 元/斤 以下时提醒"
    assert describe("en", views[0]) == (
        "tomato (markets near 潍坊 (Weifang)): alert when it falls to 2.00 yuan/jin or less"
    )
    # Without a home the place still narrows it: no "share your location" hint.
    assert not needs_location(views[0]) and needs_location(views[2])


async def test_a_places_digest_lists_its_nearest_markets(market_data: date) -> None:
    today = market_data
    await _shouguang(today)
    await farmers(10001, home=HARBIN)
    async with session_scope() as session:
        await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.daily, at_time=SEVEN, near=WEIFANG)
        )
    async with session_scope() as session:
        assert await digests.enqueue_digests(session, SEVEN, today, TZ) == 1
        (push,) = list(await session.scalars(select(OutboxMessage)))
    lines = [line for line in push.text.splitlines() if line.startswith("• ")]
    assert [line.split("：")[0] for line in lines] == ["• 寿光", "• 新发地", "• 江桥"]


def test_a_places_own_words_are_no_price() -> None:
    # 三元朱村: 三元 is a numeral and 元, yet the start of a village's name.
    assert parse_price("三元朱村大蒜跌到5块提醒我") == parse_price("5块")
    assert parse_price("三块石村土豆跌到两块提醒我") == parse_price("两块")
    assert parse_price("土豆三元一斤") == parse_price("三元一斤")
    assert parse_price("跌到三块我们村能卖吗") == parse_price("三块")
    # "at" is no unit (a, t: 吨) after an English price.
    assert parse_price("tell me when tomatoes go above 5 yuan at 三元朱村") == parse_price("5元")
    # Typed without its 村 (三元朱), the name is known by the place found, and left out.
    village = Place("near", "三元朱村", 36.8051, 118.6641)
    bare = alert_places.without_place("三元朱大蒜涨到5块提醒我", village)
    request = parsing.read_request(bare, SEVEN)
    assert (request.products, request.kind, request.threshold) == (("大蒜",), AlertKind.above, 5)
    watching = alert_places.watching(request, village)
    assert (watching.place, watching.near) == (None, NearPlace("三元朱村", 36.8051, 118.6641))
    market = alert_places.watching(request, Place("market", "新发地", market_ids=(1,)))
    assert (market.place, market.near) == ("新发地", None)
    assert alert_places.watching(request, Place("home", "", 1.0, 2.0)).near is None


def test_a_place_whose_markets_do_not_quote_the_product_yet_says_so() -> None:
    from bot.markets.prices import PriceAnswer
    from handlers.render import alerts as view

    empty = PriceAnswer("大蒜", 1, "斤", Place("near", "潍坊", 36.7, 119.2), date(2026, 12, 1))
    assert view.watching_text("zh", "潍坊", empty) == (
        "📍 潍坊没有报价的批发市场，大蒜的提醒看离潍坊最近的市场（现在还没有市场报大蒜的价）。"
    )
    assert view.watching_text("en", "潍坊", empty).endswith("(none quotes garlic yet).")


def test_the_bell_under_a_price_answer_keeps_its_place() -> None:
    def answer(place: Place) -> PriceAnswer:
        return PriceAnswer("大蒜", 7, "斤", place, date(2026, 6, 10))

    # 潍坊大蒜啥价, 新发地…, 山东…: at that place, never home's markets instead.
    assert subscribe_data(answer(Place("near", "潍坊", WEIFANG.lat, WEIFANG.lon))) == "al:sa:7:潍坊"
    assert SubscribeAt.parse("al:sa:7:潍坊") == SubscribeAt(7, "潍坊")
    assert subscribe_data(answer(Place("market", "新发地"))) == "al:sa:7:新发地"
    assert subscribe_data(answer(Place("city", "山东"))) == "al:sa:7:山东"
    # No place named: home's (or everywhere), as before.
    assert subscribe_data(answer(Place("home", "", *HARBIN))) == Subscribe(7).encode()
    assert subscribe_data(answer(Place("national"))) == Subscribe(7).encode()
    # A name too long for a button: no 🔔 rather than one watching the wrong place.
    assert subscribe_data(answer(Place("near", "很" * 30, 1.0, 2.0))) is None


async def test_an_alert_for_a_place_says_a_market_inside_it_is_in_it(market_data: date) -> None:
    # Sandbox walk: 寿光 is a city of 潍坊, not "37 km" from it.
    today = market_data
    await _shouguang(today)
    async with session_scope() as session:
        tomato = await product_named(session, "西红柿")
        assert tomato is not None
        answer = await latest_prices(
            session, tomato, Place("near", "潍坊", WEIFANG.lat, WEIFANG.lon), today
        )
    from handlers.render import alerts as view

    text = view.watching_text("zh", "潍坊", answer)
    assert text.startswith("📍 西红柿的提醒看潍坊境内和离潍坊最近的市场：寿光（在潍坊境内）、")
    assert "没有报价的批发市场" not in text
    assert "Shouguang) (in 潍坊 (Weifang))" in view.watching_text("en", "潍坊", answer)

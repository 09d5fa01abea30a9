"""The daily digest and the prices offered after 跌了提醒我 speak in the farmer's unit.

Before: a farmer whose alert said 30 元/公斤 still got their morning digest per 斤
(新发地：2.70 元/斤), and 西红柿多少钱一公斤 then 跌了提醒我 offered 跌到 2.60 元/斤 buttons.
Now the digest of a product follows the unit of the farmer's rise or fall alert on it, and
the question and its buttons follow the unit the farmer spoke in (公斤: twice the 斤 price).
"""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.alerts import digests, parsing
from bot.alerts import service as alerts
from bot.alerts.model import AlertSpec
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import product_named
from bot.models.alerts import AlertKind
from bot.models.users import User
from handlers.alert_prices import as_price
from handlers.render import alerts as view
from tests.test_alerts import TZ, farmers, market_data, queued

__all__ = ["market_data"]

SEVEN = time(7, 0)


async def test_the_digest_follows_the_unit_of_the_farmers_alert(market_data: date) -> None:
    await farmers(10001, 10002, 10003, 10004)
    async with session_scope() as session:
        english = await session.get(User, 10003)
        assert english is not None
        english.language = "en"
        for farmer in (10001, 10002, 10003, 10004):
            await alerts.subscribe(
                session,
                farmer,
                AlertSpec("西红柿", AlertKind.daily, at_time=SEVEN, place="新发地"),
            )
        # 10001 and 10003 set a tomato alert per 公斤; 10004 per 公斤 on another product.
        for farmer, product in ((10001, "西红柿"), (10003, "西红柿"), (10004, "土豆")):
            await alerts.subscribe(
                session, farmer, AlertSpec(product, AlertKind.below, 1.0, unit="公斤")
            )
    async with session_scope() as session:
        assert await digests.enqueue_digests(session, SEVEN, market_data, TZ) == 4
    texts = {p.chat_id: p.text for p in await queued()}
    assert "新发地：5.40 元/公斤，比上周涨" in texts[10001]  # 2.70 元/斤
    assert "新发地：2.70 元/斤，比上周涨" in texts[10002]
    assert "新发地: 5.40 yuan/kg, up" in texts[10003]
    assert "新发地：2.70 元/斤" in texts[10004]  # their 公斤 is for potatoes


async def test_the_newest_alert_on_the_product_decides(market_data: date) -> None:
    await farmers(10001)
    async with session_scope() as session:
        for spec in (
            AlertSpec("西红柿", AlertKind.daily, at_time=SEVEN, place="新发地"),
            AlertSpec("西红柿", AlertKind.below, 1.0, unit="公斤"),
            AlertSpec("西红柿", AlertKind.above, 4.0, unit="斤"),  # said per 斤 since
        ):
            await alerts.subscribe(session, 10001, spec)
        assert await alerts.units_of(session, {10001}) == {(10001, await _id("西红柿")): "斤"}
    async with session_scope() as session:
        await digests.enqueue_digests(session, SEVEN, market_data, TZ)
    (push,) = await queued()
    assert "新发地：2.70 元/斤" in push.text


async def _id(name: str) -> int:
    async with session_scope() as session:
        product = await product_named(session, name)
        assert product is not None
        return product.id


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("zh", ["跌到 5.20 元/公斤", "跌到 4.80 元/公斤", "跌到 4.40 元/公斤"]),
        ("en", ["below 5.20 yuan/kg", "below 4.80 yuan/kg", "below 4.40 yuan/kg"]),
    ],
)
def test_the_prices_offered_are_per_kg_when_the_farmer_speaks_so(
    lang: str, labels: list[str]
) -> None:
    # 2.70 元/斤 now: 2.6, 2.4, 2.2 元/斤 offered, shown per 公斤 (twice), kept per 斤 + "k".
    prices = view.suggested_prices(AlertKind.below, 2.7)
    assert prices == [2.6, 2.4, 2.2]
    markup = view.price_choices(lang, 7, AlertKind.below, prices, 5.0, "公斤")
    row = markup.inline_keyboard[0]
    assert [b.text for b in row] == labels
    codes = [view.Subscribe.parse(str(b.callback_data)) for b in row]
    assert [c.code for c in codes if c] == ["b2.6k", "b2.4k", "b2.2k"]
    assert view.read_code("b2.6k") == (AlertKind.below, 2.6, None)
    assert view.code_unit("b2.6k") == "公斤"
    # Per 斤 as before when the farmer did not speak per 公斤.
    per_jin = view.price_choices(lang, 7, AlertKind.below, prices, 5.0)
    assert per_jin.inline_keyboard[0][0].text == t(
        lang, "alerts.buttons.price_below", price="2.60", unit=t(lang, "units.斤")
    )
    assert per_jin.inline_keyboard[0][0].callback_data == view.Subscribe(7, "b2.6").encode()


@pytest.mark.parametrize(
    "text",
    ["西红柿一公斤跌了提醒我", "西红柿按公斤跌了提醒我", "alert me when tomato per kg drops"],
)
def test_a_fall_asked_per_kg_without_a_price_keeps_its_unit(text: str) -> None:
    request = parsing.read_request(text, SEVEN)
    assert (request.kind, request.threshold, request.unit) == (AlertKind.below, None, "公斤")
    # The product buttons under "which product?" ask the price per 公斤 too.
    code = view.request_code(request)
    assert code == "Bk"
    assert view.asked_kind(code) is AlertKind.below and view.asked_unit(code) == "公斤"
    assert view.asked_unit("B") is None and view.asked_kind("B") is AlertKind.below


@pytest.mark.parametrize(
    ("typed", "unit", "threshold", "said"),
    [
        ("5", "公斤", 2.5, "公斤"),  # asked per 公斤: 5 is 5 元/公斤
        ("5块", "公斤", 2.5, "公斤"),
        ("5 yuan", "公斤", 2.5, "公斤"),
        ("3块一斤", "公斤", 3.0, "斤"),  # a unit said wins
        ("5", None, 5.0, None),
        ("5", "斤", 5.0, None),
    ],
)
def test_a_price_typed_after_the_question_is_per_its_unit(
    typed: str, unit: str | None, threshold: float, said: str | None
) -> None:
    request = parsing.read_request(f"西红柿跌了提醒我 {as_price(typed, unit)}", SEVEN)
    assert (request.kind, request.threshold, request.unit) == (AlertKind.below, threshold, said)

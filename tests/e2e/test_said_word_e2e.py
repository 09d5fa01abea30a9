"""The farmer's own word for a product (洋芋 for 土豆) kept through the local Bot API server
(blind walk, 定西: 明天拉500斤洋芋到站上 was booked as 您的土豆 500斤, 🥬 土豆; the alert read
土豆（…）; the listing 🌾 品种：土豆). Now 洋芋（土豆） for the farmer and the staff, as the price
card says it; potato in English. The clock is pinned (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import farmer_at_hualong, stored_bookings
from tests.e2e.county import load_county
from tests.e2e.test_alerts_e2e import import_file, market, price_file, today_of
from tests.stations_util import make_station, make_user

pytestmark = pytest.mark.e2e

__all__ = ["market"]

STAFF = 20011


@pytest.mark.parametrize(("lang", "shown"), [("zh", "洋芋（土豆）"), ("en", "potato")])
async def test_a_booking_says_the_word_to_farmer_and_staff(
    harness: Harness, lang: str, shown: str
) -> None:
    await load_county(harness)
    async with session_scope() as session:
        station_id, _ = await make_station(
            session, external_id="YY01", name="化龙洋芋站", lat=36.73, lon=118.62,
            slots="08:00-10:00=5/3000", products="土豆",
        )  # fmt: skip
        await make_user(session, STAFF, "洋站长", role=Role.staff, station_id=station_id)
    staff = harness.user(STAFF, "洋站长")
    await staff.send("/start")
    farmer = await farmer_at_hualong(harness, lang)
    stations = await farmer.send("明天拉500斤洋芋到站上")
    assert shown in stations.last.content, stations.last.content
    if lang == "zh":
        assert "您的洋芋（土豆） 500斤" in stations.last.content
    await farmer.press(next(b for b in stations.last.buttons if "化龙洋芋站" in b or "Yang" in b))
    await farmer.press(farmer.last.buttons[0])  # tomorrow's round
    assert f"🥬 {shown} 500" in farmer.last.content, farmer.last.content
    done = await farmer.press(t(lang, "bookings.confirm_button"))
    assert f"🥬 {shown} 500" in done.edited[0].content
    [booking] = await stored_bookings(10001)
    assert (booking.product, booking.animal, booking.heads) == ("土豆", "洋芋", None)
    mine = await farmer.send("我的预约" if lang == "zh" else "my bookings")
    assert f"🥬 {shown} 500" in mine.last.content
    # Staff (in Chinese) see both, whatever the farmer's language: they know the product.
    pickups = "\n".join(m.content for m in await staff.send("/pickups"))
    assert f"{booking.code} 张大爷 · 洋芋（土豆） 500斤" in pickups, pickups


async def test_a_booking_by_the_products_own_name_is_unchanged(harness: Harness) -> None:
    await load_county(harness)
    async with session_scope() as session:
        await make_station(
            session, external_id="YY01", name="化龙洋芋站", lat=36.73, lon=118.62,
            slots="08:00-10:00=5/3000", products="土豆",
        )  # fmt: skip
    farmer = await farmer_at_hualong(harness, "zh")
    stations = await farmer.send("明天拉500斤土豆到站上")
    assert "您的土豆 500斤" in stations.last.content and "洋芋" not in stations.last.content


@pytest.mark.parametrize(
    ("lang", "said", "confirmed", "fired"),
    [
        ("zh", "新发地洋芋涨到1块2告诉我", "✅ 订好了！洋芋（土豆）（新发地）", "洋芋（土豆）"),
        ("en", "新发地洋芋涨到1块2告诉我", "potato", "potato"),
    ],
)
async def test_an_alert_says_the_word(
    market: Harness, tmp_path: Path, lang: str, said: str, confirmed: str, fired: str
) -> None:
    farmer = market.user(10001, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    replies = await farmer.send(said)
    assert confirmed in replies.last.content, replies.last.content
    listed = await farmer.send("/alerts")
    assert confirmed.removeprefix("✅ 订好了！") in listed.last.content
    day = today_of(market)
    await import_file(price_file(tmp_path, day, "{day},土豆,新发地,1.5,元/斤\n"), day)
    push = await farmer.next_reply(within=5)
    assert fired in push.content and (lang == "zh" or "洋芋" not in push.content), push.content


@pytest.mark.parametrize(("lang", "shown"), [("zh", "洋芋（土豆）"), ("en", "potato")])
async def test_a_listing_says_the_word(harness: Harness, lang: str, shown: str) -> None:
    await load_county(harness)
    farmer = await farmer_at_hualong(harness, lang)
    summary = await farmer.send("我有3000斤洋芋要卖")
    assert shown in summary.last.content, summary.last.content
    if lang == "zh":
        assert "品种：洋芋（土豆）" in summary.last.content
    listed = await farmer.press(summary.last.buttons[0])
    assert shown in "\n".join(m.content for m in [*listed.edited, *listed]), listed

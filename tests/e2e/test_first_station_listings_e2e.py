"""A sale listing made before the farmer had a station (blind test, 云南施甸: 我有三百斤核桃要卖
went to the county admin and stayed （未分配服务站） once the farmer shared a location and got a
usual station, so the station's staff never saw it in /offers): it moves to that station, whose
staff are told as of a new listing; withdrawing one of no station speaks of no station."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.markets import SupplyOffer
from bot.models.stations import Station
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.county import HOME, load_county

pytestmark = pytest.mark.e2e


async def _offers() -> list[tuple[int, int | None]]:
    async with session_scope() as session:
        rows = await session.execute(select(SupplyOffer.id, SupplyOffer.station_id))
        return [(offer_id, station) for offer_id, station in rows]


async def _station_id(external_id: str) -> int:
    async with session_scope() as session:
        found = await session.scalar(select(Station.id).where(Station.external_id == external_id))
        assert found is not None
        return found


async def _list_without_a_station(farmer_text: str, harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send(farmer_text)
    done = (await farmer.press("✅ 确认登记")).last.text or ""
    assert "县里的管理员" in done


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_listing_of_no_station_moves_to_the_first_usual_station(
    harness: Harness, lang: str
) -> None:
    await load_county(harness)
    if lang == "en":  # the staff member reads English
        async with session_scope() as session:
            await session.execute(
                update(User).where(User.telegram_id == 20001).values(language="en")
            )
    staff = harness.user(20001, "李站长")
    await _list_without_a_station("我有三百斤大葱要卖", harness)
    [(offer_id, station)] = await _offers()
    assert station is None
    await harness.delivered()
    seen = len(staff.messages)
    farmer = harness.user(10001, "张大爷")
    found = await farmer.share_location(*HOME)  # by SG01, which 李站长 runs and takes 大葱
    assert t("zh", "stations.adopted", name="圣城街道邮政便民服务站") in (found[0].text or "")
    sg01 = await _station_id("SG01")
    assert await _offers() == [(offer_id, sg01)]
    await harness.delivered()
    opening = "📦 新的卖货登记" if lang == "zh" else "📦 New sale listing"
    told = [m.text or "" for m in staff.messages[seen:]]
    assert any(text.startswith(f"{opening} #{offer_id}") for text in told)
    offers = (await staff.send("/offers")).last.text or ""
    assert f"#{offer_id}" in offers and t(lang, "offers.unassigned") not in offers


async def test_a_product_the_usual_station_does_not_take_goes_to_the_nearest_that_does(
    harness: Harness,
) -> None:
    await load_county(harness)
    await _list_without_a_station("我有一吨玉米要卖", harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*HOME)  # SG01 takes no 玉米: SG04, 9 km, does
    async with session_scope() as session:
        user = await session.get(User, 10001)
        assert user is not None and user.station_id == await _station_id("SG01")
    [(_, station)] = await _offers()
    assert station == await _station_id("SG04")


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "我的大葱不卖了"), ("en", "withdraw my scallion listing")]
)
async def test_withdrawing_a_listing_of_no_station_speaks_of_no_station(
    harness: Harness, lang: str, said: str
) -> None:
    await load_county(harness)
    await _list_without_a_station("我有三百斤大葱要卖", harness)
    farmer = harness.user(10001, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    asked = (await farmer.send(said)).last.text or ""
    station = "服务站" if lang == "zh" else "station"
    assert asked.startswith(("确定要撤回您的大葱 300斤", "Withdraw your listing of scallion"))
    assert station not in asked
    done = await farmer.press(t(lang, "supply.mine.yes_withdraw"))
    withdrawn = done.edited[0].text or ""
    assert withdrawn.startswith(("已经撤回您的大葱 300斤 登记", "Your listing of scallion"))
    assert station not in withdrawn

"""A confirmed sale listing is news for whoever has it (blind test: 我有三千斤椪柑要卖，一块二一斤
was "已经交给服务站" and the station's staff were told nothing; they saw it only in /offers).

One message per listing to each of its station's staff, through the outbox, in each one's
language; a station nobody runs on FarmHub is told nothing, and its farmer is promised no
buyer's call but given the station's phone.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.markets import SupplyOffer
from bot.models.stations import Station
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.test_supply_listings_e2e import county

pytestmark = pytest.mark.e2e
__all__ = ["county"]


async def _offer_id() -> int:
    async with session_scope() as session:
        found = await session.scalar(select(SupplyOffer.id).order_by(SupplyOffer.id.desc()))
        assert found is not None
        return found


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_station_staff_are_told_of_a_new_listing(county: Harness, lang: str) -> None:
    if lang == "en":  # the staff member reads English; the farmer still writes Chinese
        async with session_scope() as session:
            await session.execute(
                update(User).where(User.telegram_id == 20001).values(language="en")
            )
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    admin = county.user(30001, "王管理员")
    summary = (await farmer.send("我有三千斤大葱要卖，一块二一斤")).last
    confirm = summary.callback_data[0]
    done = (await farmer.press("✅ 确认登记")).last.text or ""
    assert done.startswith("登记好了！您的大葱 3000斤 已经交给服务站") and done.endswith(
        t("zh", "supply.then_buyer")
    )
    seen_admin = len(admin.messages)
    await county.delivered()
    offer_id = await _offer_id()
    notice = staff.last.text or ""
    opening = "📦 新的卖货登记" if lang == "zh" else "📦 New sale listing"
    assert notice.startswith(f"{opening} #{offer_id}") and "张大爷" in notice
    assert ("3000斤" in notice or "3000 jin" in notice) and "/offers" in notice
    assert "1.2" in notice  # the price said, as /offers shows it
    # The station's staff have it: the county's admin is not told of it too.
    assert len(admin.messages) == seen_admin
    # Once: confirming again (a double tap) tells nobody twice.
    n = sum(opening in (m.text or "") for m in staff.messages)
    again = await farmer.press_data(confirm)
    assert again.answer is not None and again.answer.text == t("zh", "supply.done_already")
    await county.delivered()
    assert sum(opening in (m.text or "") for m in staff.messages) == n == 1


async def test_a_station_nobody_runs_promises_no_buyer(county: Harness) -> None:
    async with session_scope() as session:
        sg04 = await session.scalar(select(Station).where(Station.external_id == "SG04"))
        assert sg04 is not None
        phone = sg04.phone
        await session.execute(
            update(User).where(User.telegram_id == 10001).values(station_id=sg04.id)
        )
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    admin = county.user(30001, "王管理员")
    seen = len(staff.messages), len(admin.messages)
    await farmer.send("我有一吨玉米要卖")
    done = (await farmer.press("✅ 确认登记")).last.text or ""
    assert "有买家会和您联系" not in done
    assert done.endswith(t("zh", "supply.then_unstaffed", phone=phone))
    await county.delivered()
    # Nobody is told anew: SG04 has no staff on FarmHub, and 李站长 runs another station.
    assert (len(staff.messages), len(admin.messages)) == seen


async def test_an_english_farmer_at_a_station_nobody_runs(county: Harness) -> None:
    async with session_scope() as session:
        sg04 = await session.scalar(select(Station).where(Station.external_id == "SG04"))
        assert sg04 is not None
        phone = sg04.phone
        await session.execute(
            update(User).where(User.telegram_id == 10001).values(station_id=sg04.id)
        )
    farmer = county.user(10001, "张大爷")
    await farmer.send("English please")
    await farmer.send("I have 2000 jin of corn to sell")
    done = (await farmer.press(t("en", "supply.confirm_button"))).last.text or ""
    assert "A buyer will contact you" not in done and "a buyer will contact you." not in done
    assert done.endswith(t("en", "supply.then_unstaffed", phone=phone))

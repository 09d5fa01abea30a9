"""已对接 asked first, with a buyer and an undo the same day; the product's buyers suggested."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.audit import entries as audit_entries
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.demand import Listing, buyers_of
from bot.markets.prices import product_named
from bot.markets.supply import (
    OfferError,
    confirm_offer,
    handled_offer,
    mark_matched,
    unmatch,
)
from bot.models.markets import DemandListing, OfferStatus
from bot.models.users import User
from handlers.render import offer_matching as view
from tests.test_supply import FARMER, NOW, OTHER_STAFF, STAFF, TODAY, _draft, _people


async def test_asked_first_then_matched_with_a_buyer_then_undone_that_day(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        mine = await _draft(session, FARMER, "我有两千斤玉米要卖")
        await confirm_offer(session, mine.id, FARMER, NOW, station_id=7)
        staff, other = await session.get(User, STAFF), await session.get(User, OTHER_STAFF)
        assert staff and other
        # Asking changes nothing; another station's staff are refused at the ask.
        asked = await handled_offer(session, mine.id, staff)
        assert asked.status is OfferStatus.open
        with pytest.raises(OfferError, match="forbidden"):
            await handled_offer(session, mine.id, other)
        with pytest.raises(OfferError, match="not_matched"):
            await unmatch(session, mine.id, staff, NOW - timedelta(hours=2))
        await mark_matched(session, mine.id, staff, NOW, "王老板 1.2元/斤")
        with pytest.raises(OfferError, match="not_open"):
            await handled_offer(session, mine.id, staff)
        # Matched before the day began: too late to undo here.
        with pytest.raises(OfferError, match="undo_too_late"):
            await unmatch(session, mine.id, staff, NOW + timedelta(hours=1))
        with pytest.raises(OfferError, match="forbidden"):
            await unmatch(session, mine.id, other, NOW - timedelta(hours=2))
        undone = await unmatch(session, mine.id, staff, NOW - timedelta(hours=2))
        assert undone.status is OfferStatus.open
        assert (await handled_offer(session, mine.id, staff)).status is OfferStatus.open
        logged = await audit_entries(session)
        assert [e.action for e in logged] == ["offer.unmatch", "offer.match"]
        assert (logged[1].after or {})["buyer"] == "王老板 1.2元/斤"


async def test_the_products_buyers_come_from_the_demand_data(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        corn = await product_named(session, "玉米")
        assert corn is not None
        for buyer, days in (("饲料厂", 5), ("过期的", -1)):
            session.add(
                DemandListing(
                    buyer=buyer, product_id=corn.id, quantity=10, quantity_unit="吨", price=1.1,
                    price_unit="斤", place="", contact="0931-1", valid_until=TODAY + timedelta(days),
                )
            )  # fmt: skip
        await session.flush()
        found = await buyers_of(session, "玉米", TODAY)
        assert [b.buyer for b in found] == ["饲料厂"]
        assert await buyers_of(session, "土豆", TODAY) == []
        assert await buyers_of(session, None, TODAY) == []


def _offer(**kw: object) -> object:
    from bot.markets.supply import OfferView

    fields = dict(
        id=1, farmer_id=10011, farmer_name="刘大姐", farmer_username=None, product="大白菜",
        quantity=3000, quantity_unit="斤", ready_date=None, price=None, price_unit=None,
        station_id=1, status=OfferStatus.open, created_at=NOW,
    )  # fmt: skip
    fields.update(kw)
    return OfferView(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_question_names_the_listing_and_its_buyers(lang: str) -> None:
    offer = _offer()
    buyer = Listing(1, "沈阳腌菜厂", "大白菜", 50, "吨", 0.5, "斤", "", None, TODAY, "024-1")
    text, keyboard = view.ask(lang, offer, [buyer])  # type: ignore[arg-type]
    assert "#1" in text and "刘大姐" in text and "024-1" in text
    assert t(lang, "offers.buyers_known") in text
    labels = [b.text for row in keyboard.inline_keyboard for b in row]
    assert labels == [t(lang, "offers.confirm_match"), t(lang, "offers.keep_open")]
    alone, _ = view.ask(lang, offer, [])  # type: ignore[arg-type]
    assert t(lang, "offers.buyers_known") not in alone


def test_what_the_farmer_and_the_staff_are_told() -> None:
    offer = _offer()
    told = view.farmer_notice("zh", offer, "王老板 1.2元/斤")  # type: ignore[arg-type]
    assert told.startswith("好消息！服务站已经为您的大白菜 3000斤 找到了买家")
    assert told.endswith("买家：王老板 1.2元/斤")
    assert "买家：" not in view.farmer_notice("zh", offer, "")  # type: ignore[arg-type]
    done, keyboard = view.matched("zh", offer, "", True)  # type: ignore[arg-type]
    assert "已通知农户 刘大姐（大白菜 3000斤）" in done
    assert keyboard.inline_keyboard[0][0].text == "↩️ 撤销对接 #1"
    not_told, _ = view.matched("en", offer, "", False)  # type: ignore[arg-type]
    assert "could not be told" in not_told
    fell = view.unmatched_notice("en", offer)  # type: ignore[arg-type]
    assert fell.startswith("↩️ Correction") and "napa cabbage" in fell

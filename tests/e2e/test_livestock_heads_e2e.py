"""Live animals listed by the head (sandbox walk in a pastoral county: 我有20只羊要卖 was answered
「这个问题我暂时答不上来」): the weight is asked, in all or per head, and the count stays with
the listing the farmer and the station's staff see."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.markets import OfferStatus, SupplyOffer
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.test_listing_words_e2e import _farmer, county

pytestmark = pytest.mark.e2e

__all__ = ["county"]


async def _offer() -> SupplyOffer:
    async with session_scope() as session:
        [offer] = list(await session.scalars(select(SupplyOffer)))
        return offer


@pytest.mark.parametrize(
    ("lang", "listing", "asked", "weight", "amount"),
    [
        (
            "zh",
            "我有20只羊要卖",
            "20只羊大概一共多少斤？也可以说每只多少斤。",
            "每只80斤",
            "20只 约1600斤",
        ),
        (
            "en",
            "I have 20 sheep to sell",
            "About how many jin do your 20 sheep weigh in all?",
            "1600 jin in all",
            "20 head, about 1600 jin",
        ),
    ],
)
async def test_sheep_by_the_head_are_weighed_listed_and_seen(
    county: Harness, lang: str, listing: str, asked: str, weight: str, amount: str
) -> None:
    farmer = await _farmer(county, lang)
    staff = county.user(20001, "李站长")
    question = await farmer.send(listing)
    assert (question.last.text or "").startswith(asked)
    summary = await farmer.send(weight)
    assert amount in (summary.last.text or "")
    offer = await _offer()
    assert (offer.heads, offer.heads_high, offer.quantity, offer.quantity_unit) == (
        20,
        None,
        1600,
        "斤",
    )
    done = await farmer.press(t(lang, "supply.confirm_button"))
    if done.last.buttons and done.last.buttons[0].startswith("🏪"):
        await farmer.press(done.last.buttons[0])  # no station near buys it: keep the own one
    assert (await _offer()).status is OfferStatus.open
    mine = await farmer.send("我的卖货登记" if lang == "zh" else "my listings")
    assert amount in (mine.last.text or "")
    # The station's staff (李站长, put at the station the listing went to) see the count.
    offer = await _offer()
    async with session_scope() as session:
        member = await session.get(User, 20001)
        assert member is not None and offer.station_id is not None
        member.station_id = offer.station_id
    listed = await staff.send("/offers")
    assert "张大爷：羊肉 20只 约1600斤" in (listed.last.text or "")


async def test_an_estimate_weighed_per_head(county: Harness) -> None:
    farmer = await _farmer(county, "zh")
    asked = await farmer.send("十几头猪要卖 谁收")
    assert (asked.last.text or "") == "10-19头猪大概一共多少斤？也可以说每头多少斤。"
    summary = await farmer.send("一头250斤左右")
    # 10 to 19: weighed as the middle, 14 (rounded half to even) times 250.
    assert "10-19头 约3500斤" in (summary.last.text or "")
    assert "您说的是" not in (summary.last.text or "")


async def test_a_count_alone_lists_nothing(county: Harness) -> None:
    farmer = await _farmer(county, "zh")
    await farmer.send("我有20只羊")
    async with session_scope() as session:
        assert list(await session.scalars(select(SupplyOffer))) == []

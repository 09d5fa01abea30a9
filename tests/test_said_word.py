"""The farmer's own word for a product (洋芋 for 土豆) stays where the farmer sees it again: a
booking, an alert, a listing say 洋芋（土豆）, as the price card does; staff see the same; English
says potato. A county whose products table names 洋芋 itself changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.alerts import text as alert_text
from bot.alerts.model import AlertSpec, Hit
from bot.alerts.parsing import read_request
from bot.alerts.service import list_alerts
from bot.alerts.service import subscribe as alert_subscribe
from bot.bookings import text as booking_text
from bot.bookings.model import BookingView
from bot.bookings.service import book
from bot.core.db import session_scope
from bot.core.transactions import retrying
from bot.markets.said_names import said_product, word_said
from bot.models.alerts import AlertKind
from handlers.bookings.herd_draft import SAID, draft_product, draft_said, keep_said
from tests.bookings_util import TOMORROW, setup_station
from tests.stations_util import MORNING


def test_the_word_said_is_shown_first_in_chinese_and_the_english_name_in_english() -> None:
    assert word_said("明天拉500斤洋芋到站上", "土豆") == "洋芋"
    assert word_said("马铃薯500斤", "土豆") == "马铃薯"
    assert word_said("明天拉500斤土豆到站上", "土豆") is None
    assert said_product("zh", "土豆", "洋芋") == "洋芋（土豆）"
    assert said_product("en", "土豆", "洋芋") == "potato"
    assert said_product("zh", "土豆", None) == "土豆"


def test_a_countys_own_canonical_name_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # A county product named as its table names it is shown by that name alone. (A table
    # entry 洋芋 is read as extending the shipped 土豆, so 洋芋 itself cannot be one.)
    from knowledge.text import lexicon as lexicon_module
    from knowledge.text.county_products import CountyProduct
    from knowledge.text.lexicon import Lexicon

    county = Lexicon(county=[CountyProduct("苦荞", "粮食", "tartary buckwheat", ("荞疙瘩",), 1)])
    monkeypatch.setattr(lexicon_module, "lexicon", lambda: county)
    assert word_said("明天拉500斤苦荞到站上", "苦荞") is None
    assert word_said("明天拉500斤荞疙瘩到站上", "苦荞") == "荞疙瘩"
    assert said_product("zh", "苦荞", None) == "苦荞"


def test_a_draft_forgets_the_word_when_its_product_changes() -> None:
    draft: dict[str, Any] = {"product": "土豆", "qty": "500斤", "kg": 250}
    keep_said(draft, "明天拉500斤洋芋到站上")
    assert draft_said(draft) == "洋芋" and draft_product("zh", draft) == "洋芋（土豆）"
    draft["product"] = "玉米"  # another product picked afterwards
    assert draft_said(draft) is None and draft_product("zh", draft) == "玉米"
    keep_said(draft, "玉米")
    assert SAID not in draft


async def _book_potatoes(said: str | None) -> BookingView:
    station_id, [slot] = await setup_station(products="土豆|西红柿")

    async def work(session: Any) -> BookingView:
        return await book(
            session,
            farmer_id=10001,
            station_id=station_id,
            slot_id=slot,
            day=TOMORROW,
            product="土豆",
            quantity_text="500斤",
            quantity_kg=250,
            now_local=MORNING,
            said=said,
        )

    return await retrying(work)


@pytest.mark.parametrize(("lang", "shown"), [("zh", "洋芋（土豆）"), ("en", "potato")])
async def test_a_booking_keeps_the_word(db: str, lang: str, shown: str) -> None:
    booked = await _book_potatoes("洋芋")
    assert booked.said == "洋芋" and booked.herd is None and booked.product == "土豆"
    assert booking_text.booked_product(lang, booked) == shown
    params = booking_text.booking_params(lang, booked, MORNING.date())
    assert params["product"] == shown


async def test_a_booking_by_the_products_own_name_keeps_none(db: str) -> None:
    booked = await _book_potatoes(None)
    assert booked.said is None
    assert booking_text.booked_product("zh", booked) == "土豆"


def test_an_alert_request_keeps_the_word() -> None:
    from datetime import time

    request = read_request("洋芋涨到1块2了告诉我", time(7))
    assert request.products == ("土豆",) and request.said == {"土豆": "洋芋"}
    assert read_request("土豆涨到1块2了告诉我", time(7)).said == {}


@pytest.mark.parametrize(("lang", "shown"), [("zh", "洋芋（土豆）"), ("en", "potato")])
def test_an_alert_push_names_the_word(lang: str, shown: str) -> None:
    hit = Hit(market="定西", price=1.3, day=date(2026, 12, 7))
    pushed = alert_text.alert(lang, "土豆", AlertKind.above, 1.2, [hit], None, "洋芋")
    assert shown in pushed
    assert "洋芋" not in alert_text.alert("zh", "土豆", AlertKind.above, 1.2, [hit])


async def test_an_alert_stores_the_word_and_lists_it(db: str) -> None:
    await setup_station(products="土豆")
    async with session_scope() as session:
        spec = AlertSpec("土豆", AlertKind.above, 1.2, said="洋芋")
        await alert_subscribe(session, 10001, spec)
        [view] = await list_alerts(session, 10001)
    assert view.said == "洋芋"
    assert alert_text.describe("zh", view).startswith("洋芋（土豆）")
    assert alert_text.describe("en", view).startswith("potato")

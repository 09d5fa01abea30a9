"""Live animals booked as the farmer said them (两头黄牛, "5 cows"): the booking keeps the animal
and its count, and every message about it says 2头黄牛 约600斤, not 牛肉 600斤 (the meat markets
quote); 明天送两头猪过去 is a booking as 明天送两头猪到站里 is."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from bot.bookings import queries
from bot.bookings import text as booking_text
from bot.bookings.model import BookedHerd, BookingView
from bot.bookings.service import book
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from handlers.bookings.herd_draft import HERD, draft_herd, herd_booked, herd_of
from handlers.render import bookings as view
from handlers.render import rounds
from knowledge.text.intent import Kind, classify
from tests.bookings_util import TOMORROW, book_at, setup_station
from tests.stations_util import MORNING

CATTLE = BookedHerd(2, None, "黄牛")
# Messages that show a booking whole: the evening reminder, a move, a staff-closed round undone.
SHOWN = ("bookings.reminder", "bookings.move_said", "bookings.notify.slot_reopened")


async def _book_cattle(herd: BookedHerd | None = CATTLE) -> BookingView:
    station_id, [slot] = await setup_station(products="牛肉|猪肉|西红柿")

    async def work(session: Any) -> BookingView:
        return await book(
            session,
            farmer_id=10001,
            station_id=station_id,
            slot_id=slot,
            day=TOMORROW,
            product="牛肉",
            quantity_text="600斤",
            quantity_kg=300,
            now_local=MORNING,
            herd=herd,
        )

    return await retrying(work)


async def test_the_booking_keeps_the_animal_as_said(db: str) -> None:
    booked = await _book_cattle()
    assert booked.herd == CATTLE and booked.product == "牛肉"
    async with session_scope() as session:
        [mine] = await queries.farmer_bookings(session, 10001, MORNING.date())
    assert mine.herd == CATTLE


async def test_produce_booked_by_weight_keeps_no_animal(db: str) -> None:
    station_id, [slot] = await setup_station()
    booked = await book_at(10001, station_id, slot)
    assert booked.herd is None
    params = booking_text.booking_params("zh", booked, MORNING.date())
    assert params["product"] == "西红柿" and params["quantity"] == "500公斤"


@pytest.mark.parametrize(
    ("lang", "product", "quantity"),
    [("zh", "2头黄牛", "约600斤（300公斤）"), ("en", "2 cattle", "about 600 jin (300 kg)")],
)
async def test_every_booking_message_says_the_animal(
    db: str, lang: str, product: str, quantity: str
) -> None:
    booked = await _book_cattle()
    today = MORNING.date()
    params = booking_text.booking_params(lang, booked, today)
    assert (params["product"], params["quantity"]) == (product, quantity)
    texts = {key: booking_text.booking_text(lang, key, booked, today) for key in SHOWN}
    texts["booked"] = view.booked_text(lang, booked, today, time(19))
    for key, text in texts.items():
        assert f"{product} {quantity}" in text, key
        assert "牛肉" not in text and "beef" not in text.lower()
    collected = booking_text.booking_text(lang, "bookings.notify.collected", booked, today)
    assert product in collected and "牛肉" not in collected


async def test_an_estimate_of_heads_is_said_as_a_range(db: str) -> None:
    booked = await _book_cattle(BookedHerd(10, 19, "黄牛"))  # 十几头黄牛
    assert booking_text.booked_product("zh", booked) == "10-19头黄牛"
    assert booking_text.booked_product("en", booked) == "10-19 cattle"  # 黄牛 to an English reader


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "2头黄牛 约600斤（300公斤）"), ("en", "2 cattle")]
)
async def test_the_staff_pickups_say_the_animal(db: str, lang: str, said: str) -> None:
    booked = await _book_cattle()
    async with session_scope() as session:
        days = await queries.station_pickups(session, booked.station_id, [TOMORROW])
    shown = "\n".join(
        text for text, _ in rounds.staff_day(lang, "站", TOMORROW, days, MORNING.date())
    )
    assert said in shown and "牛肉" not in shown and "Beef" not in shown
    card, _ = rounds.staff_card(lang, booked, MORNING.date(), MORNING)
    assert said in card


def test_the_draft_gives_the_herd_to_the_booking_and_a_move_back() -> None:
    draft: dict[str, Any] = {"product": "牛肉", HERD: [2, None, "黄牛", "牛肉"]}
    assert draft_herd(draft) == CATTLE
    assert herd_booked("zh", draft) == "2头黄牛"
    # A herd of another product (said, then the product changed) books no animal.
    assert draft_herd({"product": "猪肉", HERD: [2, None, "黄牛", "牛肉"]}) is None
    assert draft_herd({"product": "西红柿"}) is None


async def test_a_move_shows_the_booked_animal_again(db: str) -> None:
    booked = await _book_cattle()
    draft = {"product": booked.product, HERD: herd_of(booked)}
    assert herd_booked("zh", draft) == "2头黄牛" and herd_booked("en", draft) == "2 cattle"


@pytest.mark.parametrize(
    "text",
    [
        "明天送两头猪过去",
        "后天拉三头牛过去",
        "明天拉三头土猪过来",
        "明天送两头黄牛过去",
        "黄牛两头明天拉过去",
        "明天送五只羊过去",
        "明天送两头猪到站里",
    ],
)
def test_animals_carried_over_there_are_a_booking(text: str) -> None:
    assert classify(text).kind is Kind.booking


@pytest.mark.parametrize(
    "text",
    [
        "价格过去一周怎么样",
        "猪价过去一个月涨了没",
        "两头猪过去一直拉稀",
        "过去一周送了两头猪",
        "明天送两头猪过去打疫苗",
        "拉两头牛过去配种",
        "明天送两头牛过去给亲戚",
        "我有两头牛",
    ],
)
def test_over_there_alone_is_no_booking(text: str) -> None:
    assert classify(text).kind is not Kind.booking


def test_the_about_words_are_in_both_catalogues() -> None:
    assert t("zh", "bookings.herd_about", quantity="600斤") == "约600斤"
    assert t("en", "bookings.herd_about", quantity="600 jin") == "about 600 jin"

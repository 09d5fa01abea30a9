"""What a blind sandbox walk (as 张大爷, on the sample data) typed where buttons were offered, and
the replies that contradicted themselves; through the local Bot API server.

斤 after "500 是斤还是公斤?" was "没看懂这个数量", 公斤的 left the booking for a knowledge entry;
上午, 2点, 1, 第一个 at the rounds were "请点上面的按钮"; 圣城街道邮政 at the stations moved the
farmer's home, 1 was "没找到「1」这个地方"; 俺的预约 started a booking; 算了 after 我要卖洋芋 was
"nothing to cancel"; 不约了 got two replies; 王家庄 alone was "答不上来"; an old 🕘 on a
cancelled booking said "已经处理过了". The clock is pinned (tests/conftest.py): Wednesday
10 June 2026, 10:00 in Shanghai; the shipped knowledge base is loaded, as in the sandbox.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.markets import OfferStatus, SupplyOffer
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.stations.catalogue import catalog
from handlers.render.bookings import Move, date_label
from knowledge.kb.entries import read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e

SHENGCHENG = (36.885, 118.736)  # a step from SG01, 圣城街道邮政便民服务站
NOT_UNDERSTOOD = "答不上来"


async def _county(harness: Harness) -> None:
    """The sample county, and the shipped base: its entries on 斤 and 公斤 are what 公斤的 found."""
    await load_county(harness)
    async with session_scope() as session:
        await upsert_entries(session, read_shipped(), engine(), by="test")
        # As at start-up (stations.warm_up): the place filters read the catalogue built then.
        await catalog(session)


async def _farmer(harness: Harness, lang: str = "zh", home: bool = True) -> SandboxUser:
    await _county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    if home:
        await farmer.share_location(*SHENGCHENG)
    return farmer


async def _home(telegram_id: int = 10001) -> tuple[float | None, float | None]:
    async with session_scope() as session:
        user = await session.get(User, telegram_id)
        assert user is not None
        return user.home_lat, user.home_lon


# --- 1. the amount step: a unit typed after a bare number ---------------------------------------


@pytest.mark.parametrize(("unit", "said"), [("斤", "500斤（250公斤）"), ("公斤的", "500公斤")])
async def test_a_unit_typed_answers_which_unit(harness: Harness, unit: str, said: str) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    await farmer.send("白菜")
    asked = await farmer.send("500")
    assert asked.last.text == t("zh", "bookings.which_unit", number="500")
    answer = await farmer.send(unit)
    assert t("zh", "bookings.left") not in answer.texts
    assert t("zh", "bookings.bad_quantity") not in answer.last.text
    assert answer.last.text == f"您的大白菜 {said}，送到哪个服务站？"


async def test_a_unit_alone_asks_how_many(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    await farmer.send("白菜")
    answer = await farmer.send("斤")
    assert answer.last.text.startswith(t("zh", "bookings.unit_needs_number", unit="斤"))
    # The number asked about is forgotten once the amount is asked afresh.
    await farmer.send("500")
    await farmer.press("⬅️ 返回")
    await farmer.send("白菜")
    again = await farmer.send("斤")
    assert again.last.text.startswith(t("zh", "bookings.unit_needs_number", unit="斤"))


async def test_an_emoji_flood_at_the_product_step_is_not_echoed_whole(harness: Harness) -> None:
    # Second blind walk: 500 potatoes of emoji were quoted back in full.
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    answer = (await farmer.send("🥔" * 500)).last.text
    assert answer.startswith("没认出「" + "🥔" * 20 + "…」"), answer[:60]
    assert len(answer) < 200


async def test_a_unit_typed_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, "en")
    await farmer.send("book a pickup")
    await farmer.send("cabbage")
    asked = await farmer.send("500")
    assert asked.last.text == t("en", "bookings.which_unit", number="500")
    answer = await farmer.send("kg")
    assert answer.last.text == "Your cabbage, 500 kg: which station should collect it?"


# --- 2. the slot step: a round typed ------------------------------------------------------------


async def _at_slots(farmer: SandboxUser, lang: str = "zh") -> None:
    await farmer.send("预约收货" if lang == "zh" else "book a pickup")
    await farmer.send("白菜" if lang == "zh" else "cabbage")
    await farmer.send("500斤" if lang == "zh" else "500 kg")
    await farmer.send("1")  # the first station listed: SG01
    asked = await farmer.send("明天" if lang == "zh" else "tomorrow")
    label = date_label(lang, today() + timedelta(days=1), today())
    assert asked.last.text == t(lang, "bookings.ask_slot", date=label)


@pytest.mark.parametrize(
    ("typed", "window"),
    [
        ("上午", "08:00-10:00"),
        ("早上8点", "08:00-10:00"),
        ("下午", "14:00-16:00"),
        ("2点", "14:00-16:00"),
        ("1", "08:00-10:00"),
        ("第一个", "08:00-10:00"),
        ("第二个", "14:00-16:00"),
        ("最后一个", "14:00-16:00"),
        ("8点到10点", "08:00-10:00"),
    ],
)
async def test_a_round_typed_is_picked(harness: Harness, typed: str, window: str) -> None:
    farmer = await _farmer(harness)
    await _at_slots(farmer)
    picked = await farmer.send(typed)
    assert t("zh", "bookings.left") not in picked.texts
    assert picked.last.text.startswith("请确认您的预约：")
    assert window in picked.last.text
    # ⬅️ goes back to the rounds, and a button still works as before.
    await farmer.press("⬅️ 返回")
    await farmer.press(f"{window} · 还剩10个")
    assert farmer.last.text.startswith("请确认您的预约：")


async def test_a_round_that_is_not_there_is_said_with_the_days_rounds(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await _at_slots(farmer)
    label = date_label("zh", today() + timedelta(days=1), today())
    none = await farmer.send("10点")
    assert none.last.text.startswith(t("zh", "bookings.time_not_open", date=label, when="10:00"))
    assert none.last.buttons[:2] == ["08:00-10:00 · 还剩10个", "14:00-16:00 · 还剩10个"]
    third = await farmer.send("第三个")
    assert third.last.text.startswith(t("zh", "bookings.slot_numbers", count=2))
    assert third.last.buttons[:2] == ["08:00-10:00 · 还剩10个", "14:00-16:00 · 还剩10个"]
    # Another day typed here goes back to that day's rounds.
    other = await farmer.send("后天下午")
    assert other.last.text.startswith("请确认您的预约：")
    assert "14:00-16:00" in other.last.text and "6月12日" in other.last.text


async def test_a_round_typed_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, "en")
    await _at_slots(farmer, "en")
    picked = await farmer.send("afternoon")
    assert picked.last.text.startswith("Please confirm your booking")
    assert "14:00-16:00" in picked.last.text
    await farmer.press("⬅️ Back")
    second = await farmer.send("the first one")
    assert "08:00-10:00" in second.last.text


# --- 3. "my ..." said as farmers say it ---------------------------------------------------------


async def test_my_words_answer_as_the_known_ones_do(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await direct_booking(10001, "SG01")
    await farmer.send("订阅西红柿价格")
    await farmer.send("我有两千斤玉米要卖")
    await farmer.press(t("zh", "supply.confirm_button"))
    for said, known in (
        ("俺的预约", "我的预约"),
        ("我卖的货", "我登记的"),
        ("我订的提醒", "我的提醒"),
        ("把我的提醒都停了吧", "退订"),
    ):
        expected = (await farmer.send(known)).texts
        answer = (await farmer.send(said)).texts
        assert answer == expected, said
    # The stop-all question lists the alert and waits for ✅ (nothing stopped yet).
    assert "西红柿" in farmer.last.text


# --- 4. calling off, one reply that says what happened ------------------------------------------


@pytest.mark.parametrize("word", ["算了", "不卖了"])
async def test_calling_off_a_sale_being_written_drops_it(harness: Harness, word: str) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("我要卖洋芋")
    assert asked.last.text.startswith("您大概有多少土豆要卖")
    called_off = await farmer.send(word)
    assert called_off.texts == [t("zh", "supply.cancelled")]
    async with session_scope() as session:
        offers = list(await session.scalars(select(SupplyOffer)))
    assert [o.status for o in offers] == [OfferStatus.cancelled]
    # The amount typed after is no longer that sale's.
    later = await farmer.send("两千斤")
    assert later.last.text == t("zh", "supply.no_draft")


@pytest.mark.parametrize("word", ["不约了", "算了", "不改了"])
async def test_calling_off_a_booking_gets_one_reply(harness: Harness, word: str) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    called_off = await farmer.send(word)
    assert called_off.texts == [t("zh", "bookings.flow_cancelled")]


async def test_calling_off_a_move_keeps_the_bookings_time(harness: Harness) -> None:
    farmer = await _farmer(harness)
    booking = await direct_booking(10001, "SG01")
    await farmer.send("我的预约")
    await farmer.press(f"🕘 改时间 {booking.code}")
    lost = await farmer.send("乱七八糟")
    assert lost.last.text.startswith(t("zh", "bookings.in_move", code=booking.code))
    assert t("zh", "bookings.in_flow") not in lost.last.text
    kept = t("zh", "bookings.move_cancelled", code=booking.code)
    assert (await farmer.send("不改了")).texts == [kept]
    await farmer.send("我的预约")
    await farmer.press(f"🕘 改时间 {booking.code}")
    assert (await farmer.send("/cancel")).texts == [kept]
    # Outside a move, 不改了 changes nothing and offers no cancel.
    assert (await farmer.send("不改了")).texts == [t("zh", "cancel.nothing_changed")]


async def test_calling_off_a_move_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, "en")
    booking = await direct_booking(10001, "SG01")
    await farmer.send("my bookings")
    await farmer.press(f"🕘 Change time {booking.code}")
    lost = await farmer.send("whatever")
    assert lost.last.text.startswith(t("en", "bookings.in_move", code=booking.code))
    kept = t("en", "bookings.move_cancelled", code=booking.code)
    assert (await farmer.send("/cancel")).texts == [kept]


async def test_an_old_move_button_on_a_cancelled_booking_says_cancelled(harness: Harness) -> None:
    farmer = await _farmer(harness)
    booking = await direct_booking(10001, "SG01")
    await farmer.send("我的预约")
    await farmer.press(f"✖️ 取消 {booking.code}")
    await farmer.press("是，取消预约")
    pressed = await farmer.press_data(Move(booking.id).encode())
    assert pressed.answer is not None
    assert pressed.answer.text == t("zh", "bookings.refused.state.cancelled")
    assert pressed.answer.text != t("zh", "bookings.refused.bad_state")


# --- 5. a village or township typed out of the blue ---------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"), [("王家庄", "王家庄"), ("王家庄村", "王家庄村"), ("我在王家庄", "王家庄")]
)
async def test_a_village_in_two_townships_asks_which(
    harness: Harness, typed: str, name: str
) -> None:
    farmer = await _farmer(harness, home=False)
    answer = await farmer.send(typed)
    assert NOT_UNDERSTOOD not in answer.last.text
    assert answer.last.text == t("zh", "stations.which_one", text=name)
    assert answer.last.buttons == ["王家庄村（田柳镇）", "王家庄村（稻田镇）"]
    found = await farmer.press("王家庄村（稻田镇）")
    assert found.texts[0].startswith("离王家庄村（稻田镇）最近的服务站：")


async def test_a_known_village_shows_its_stations(harness: Harness) -> None:
    farmer = await _farmer(harness)
    answer = await farmer.send("三元朱")
    assert answer.texts[0].startswith("离三元朱村（孙家集街道）最近的服务站：")
    assert "三元朱村蔬菜合作社" in answer.texts[0]
    # The saved home moves to it, and the answer says so.
    assert t("zh", "stations.home_moved", place="三元朱村（孙家集街道）") in answer.texts[0]
    assert await _home() == (36.8051, 118.6641)


async def test_rice_paddies_are_no_place_out_of_the_blue(harness: Harness) -> None:
    # 稻田 alone is about rice: only at a step that asks for a place is it 稻田镇.
    farmer = await _farmer(harness)
    answer = await farmer.send("稻田")
    assert not answer.texts[0].startswith("离稻田镇最近的服务站")
    assert await _home() == SHENGCHENG


# --- 6. the station step: a station typed by its name or number ---------------------------------


async def _at_stations(farmer: SandboxUser) -> None:
    await farmer.send("预约收货")
    await farmer.send("白菜")
    asked = await farmer.send("500斤")
    assert asked.last.text == "您的大白菜 500斤（250公斤），送到哪个服务站？"


@pytest.mark.parametrize(
    ("typed", "station"),
    [
        ("圣城街道邮政", "圣城街道邮政便民服务站"),
        ("古城京东", "古城街道京东服务站"),
        ("1", "圣城街道邮政便民服务站"),
        ("第二个", "古城街道京东服务站"),
    ],
)
async def test_a_station_typed_is_picked(harness: Harness, typed: str, station: str) -> None:
    farmer = await _farmer(harness)
    await _at_stations(farmer)
    picked = await farmer.send(typed)
    assert picked.last.text == f"{station}：哪天送过去？"
    # Not read as a place: the farmer's home is where it was.
    assert await _home() == SHENGCHENG


async def test_a_station_name_of_several_asks_which(harness: Harness) -> None:
    # Near 稻田镇 no 京东 station is listed: the ones of that name a truck serves are offered.
    farmer = await _farmer(harness, home=False)
    await farmer.send("预约收货")
    await farmer.send("白菜")
    await farmer.send("500斤")
    await farmer.send("稻田镇")
    several = await farmer.send("京东")
    assert several.last.text == t("zh", "bookings.stations_named", text="京东")
    named = [b for b in several.last.buttons if "京东" in b]
    assert len(named) >= 2 and all("公里" in b for b in named)
    first = named[0].split(" · ")[0]
    assert (await farmer.send("1")).last.text == f"{first}：哪天送过去？"


async def test_a_number_past_the_list_says_how_many(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await _at_stations(farmer)
    answer = await farmer.send("5")
    assert "没找到" not in answer.last.text
    assert answer.last.text.startswith(t("zh", "bookings.station_numbers", count=3))


async def test_a_place_typed_looks_there_and_keeps_the_home(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await _at_stations(farmer)
    there = await farmer.send("稻田镇")
    assert there.texts[0] == t("zh", "bookings.near_place", place="稻田镇")
    assert any(b.startswith("稻田镇村淘服务站") for b in there.last.buttons)
    assert await _home() == SHENGCHENG


async def test_with_no_home_a_place_typed_is_remembered_and_said(harness: Harness) -> None:
    farmer = await _farmer(harness, home=False)
    await farmer.send("预约收货")
    await farmer.send("白菜")
    await farmer.send("500斤")
    numbered = await farmer.send("1")  # nothing listed yet
    assert numbered.last.text.startswith(t("zh", "bookings.station_numbers_none"))
    there = await farmer.send("稻田镇")
    assert there.texts[0] == t("zh", "stations.place_remembered", place="稻田镇")
    assert await _home() != (None, None)

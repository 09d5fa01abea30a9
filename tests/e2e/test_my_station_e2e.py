"""我的服务站是哪个 / "which is my station": the usual (⭐) station, or how to pick one."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Station
from bot.models.users import User
from bot.sandbox.harness import Harness, SandboxUser
from tests.e2e.bookings_util import tomorrow_data
from tests.e2e.county import SANJIA, load_county

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("lang", "asked"),
    [("zh", "我的服务站是哪个"), ("zh", "我是哪个站的"), ("en", "which is my station")],
)
async def test_my_station_is_named_with_its_hours_and_how_to_change(
    harness: Harness, lang: str, asked: str
) -> None:
    # Sandbox walk: answered 答不上来 (or "send your location") instead of the station.
    await load_county(harness)
    farmer = harness.user(10001, "张大爷", language_code=lang)
    # No station yet: how to pick one, and the place is waited for.
    none = await farmer.send(asked)
    assert none.last.text == t(lang, "stations.mine_none")
    await farmer.share_location(*SANJIA)  # the nearest becomes the usual station
    mine = await farmer.send(asked)
    text = mine[0].text or ""
    assert text.startswith("⭐")
    assert "三元朱村蔬菜合作社" in text and "06:30-17:00" in text and "0536-5000105" in text
    assert text.endswith(t(lang, "stations.mine_change"))
    # Book there (an English button names the place, then its pinyin: 三元朱 Sanyuanzhu…).
    assert any("三元朱" in b for b in mine[0].buttons)
    assert mine.last.kind == "location"


async def test_my_station_after_picking_another(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    await farmer.press("📍 孙家集京东服务站")  # picked on the list: now theirs
    mine = await farmer.send("俺的服务站在哪")
    assert "孙家集京东服务站" in (mine[0].text or "")
    assert "三元朱村蔬菜合作社" not in (mine[0].text or "")


async def _station_of(telegram_id: int) -> str | None:
    async with session_scope() as session:
        user = await session.get(User, telegram_id)
        assert user is not None
        station = await session.get(Station, user.station_id) if user.station_id else None
    return station.external_id if station is not None else None


async def _book_at(farmer: SandboxUser, sentence: str, option: int, lang: str = "zh") -> str:
    replies = await farmer.send(sentence)
    await farmer.press(replies.last.buttons[option])
    await farmer.press(tomorrow_data())
    await farmer.press(farmer.last.buttons[0])
    done = await farmer.press(t(lang, "bookings.confirm_button"))
    return done.edited[0].text or ""


async def test_a_booking_elsewhere_keeps_the_usual_station(harness: Harness) -> None:
    # Sandbox walk: a booking at another station silently made it the farmer's ⭐ one.
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)  # the nearest, SG05, is their usual station
    assert await _station_of(10001) == "SG05"
    text = await _book_at(farmer, "预约收货 300公斤黄瓜", 1)  # the second station listed
    assert await _station_of(10001) == "SG05"
    assert "您平时用的服务站还是「三元朱村蔬菜合作社」，没有改。" in text
    [star] = farmer.last.buttons
    assert star.startswith("⭐ 以后都用")
    # The farmer chooses to make it usual: then it is.
    await farmer.press(star)
    assert await _station_of(10001) not in (None, "SG05")
    again = await farmer.send("预约收货 300公斤辣椒")
    assert again.last.buttons[0].startswith("⭐ ") and "三元朱村" not in again.last.buttons[0]


async def test_a_first_booking_gives_a_farmer_without_one_their_station(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.press("🚚 预约收货")
    await farmer.press("西红柿")
    await farmer.send("两千斤")
    options = await farmer.press("📍 发送我的位置", location=SANJIA)
    # The search for the booking gave none (a place looked in for this booking only).
    await farmer.press(options.last.buttons[0])
    await farmer.press(tomorrow_data())
    await farmer.press(farmer.last.buttons[0])
    done = await farmer.press("✅ 确认")
    text = done.edited[0].text or ""
    assert await _station_of(10001) == "SG05"
    assert text.endswith(t("zh", "stations.adopted", name="三元朱村蔬菜合作社"))


async def test_in_english_the_star_button_is_short(harness: Harness) -> None:
    # Blind walk (施甸): "⭐ Use 仁和镇 Renhe Zhen Youzheng Fuwuzhan from now on" — the line
    # above says "from now on"; the button names the station as station buttons do.
    await load_county(harness)
    farmer = harness.user(10001, "张大爷", language_code="en")
    await farmer.share_location(*SANJIA)
    await farmer.send("/language")
    await farmer.press("English")
    text = await _book_at(farmer, "book a pickup of 300 kg cucumbers", 1, "en")
    assert "Your usual station is still" in text and "from now on, tap ⭐ below" in text
    [star] = farmer.last.buttons
    assert star.startswith("⭐ Use ") and "from now on" not in star, star
    await farmer.press(star)
    assert await _station_of(10001) not in (None, "SG05")

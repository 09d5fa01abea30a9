"""A load bigger than a station's rounds, and a day beyond the bookable week (sandbox walk).

Through the local Bot API server. 两万斤 at a station whose rounds take 4000 kg each
used to be told "split it" beside date buttons that did not exist, with no way to
type a smaller amount; now the station's real limits are said and the amount is asked
again right there. 下个月5号, 十天后 and "the 20th" used to lose the day (or the whole
booking); now the farmer is told that day cannot be booked yet and offered the days
that can, with the product and amount kept. The clock is pinned (tests/conftest.py):
Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today
from tests.stations_util import make_user

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米, two rounds of 8 × 500 kg = 4000 kg
# SG07's rounds as the limits are said (the sample's "8": 08:00-10:00 and 14:00-16:00).
SG07_LIMITS = (
    "化龙镇村淘服务站每天的收货时段：08:00-10:00 最多 4000 公斤，14:00-16:00 最多 4000 公斤，"
    "一天一共 8000 公斤（16000 斤）。"
)
WEEK = [
    "6月10日 周三（今天）",
    "6月11日 周四（明天）",
    "6月12日 周五（后天）",
    "6月13日 周六",
    "6月14日 周日",
    "6月15日 周一",
    "6月16日 周二",
]


async def _bookings(farmer_id: int) -> list[Booking]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id).order_by(Booking.id)
        return list(await session.scalars(query))


async def _farmer(harness: Harness) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    return farmer


async def test_a_load_too_big_says_the_limits_and_takes_a_smaller_amount_typed(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("我想后天上午送两万斤玉米到站里")
    assert asked.last.text == "您的玉米 20000斤（10000公斤），送到哪个服务站？"
    told = await farmer.press(asked.last.buttons[0])  # 化龙镇村淘服务站
    text = told.edited[-1].text
    assert text.startswith(SG07_LIMITS + "您的玉米 20000斤（10000公斤）比一个时段能收的还多")
    # What the words name are the buttons there are: the fit button, back and cancel.
    assert "不超过 4000 公斤（8000 斤）的数量" in text and "「先约 8000斤」" in text
    assert "「⬅️ 返回」" in text and "分几次约" not in text
    assert told.edited[-1].button_rows == [["先约 8000斤"], ["⬅️ 返回", "✖️ 取消"]]
    # A smaller amount typed right there: the day and morning said first still hold.
    summary = await farmer.send("七千斤")
    assert summary.last.text.startswith("请确认您的预约：")
    assert "6月12日 周五（后天） 08:00-10:00" in summary.last.text
    assert "玉米 7000斤（3500公斤）" in summary.last.text
    done = await farmer.press("✅ 确认")
    # What is left of the load is said with the booking, in the farmer's 斤.
    booked = done.edited[-1].text
    assert booked.startswith("✅ 预约好了！")
    assert booked.endswith(
        "\n还剩 6500 公斤（13000 斤）没约，要送就再点「🚚 预约收货」约一次（换一天，或者同一天的另一个时段）。"
    )
    [booking] = await _bookings(10001)
    assert (booking.quantity_kg, booking.quantity_text) == (3500, "7000斤")
    assert booking.day == today() + timedelta(days=2)


async def test_the_fit_button_books_the_most_a_round_takes_and_back_offers_stations(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货 10吨玉米")  # in 吨 (not 斤): the limits only in 公斤
    told = await farmer.press(farmer.last.buttons[0])
    text = told.edited[-1].text
    assert "一天一共 8000 公斤。" in text and "不超过 4000 公斤的数量" in text
    assert told.edited[-1].button_rows == [["先约 4000公斤"], ["⬅️ 返回", "✖️ 取消"]]
    # ⬅️ 返回 is the station list again, with the amount as it was.
    back = await farmer.press("⬅️ 返回")
    assert back.edited[-1].text == "您的玉米 10吨（10000公斤），送到哪个服务站？"
    told = await farmer.press(farmer.last.buttons[0])
    days = await farmer.press("先约 4000公斤")
    assert days.edited[-1].text == "化龙镇村淘服务站：哪天送过去？"
    await farmer.press(days.edited[-1].buttons[1])  # tomorrow
    await farmer.press(farmer.last.buttons[0])
    assert "玉米 4000公斤" in farmer.last.text
    done = await farmer.press("✅ 确认")
    assert "还剩 6000 公斤没约，" in done.edited[-1].text
    [booking] = await _bookings(10001)
    assert booking.quantity_kg == 4000


async def test_too_big_typed_at_the_amount_step_of_the_book_flow_and_in_english(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("/book")  # the command menu's /book is 预约收货
    assert asked.last.text == t("zh", "bookings.ask_product")
    await farmer.press("玉米")
    stations = await farmer.send("20吨")
    told = await farmer.press(stations.last.buttons[0])
    assert "比一个时段能收的还多" in told.edited[-1].text
    # Anything but an amount is met with the amount step's help, the limits still shown.
    again = await farmer.send("你好")
    assert again.last.text.startswith(t("zh", "bookings.bad_quantity"))
    assert "最多 4000 公斤，14:00-16:00 最多 4000 公斤，一天一共 8000 公斤。" in again.last.text
    assert again.last.button_rows == [["先约 4000公斤"], ["⬅️ 返回", "✖️ 取消"]]
    days = await farmer.send("3吨")
    assert days.last.text == "化龙镇村淘服务站：哪天送过去？"
    assert days.last.buttons[: len(WEEK)] == WEEK
    await farmer.press("✖️ 取消")
    # The same in English, the limits in the farmer's 斤 as well.
    await farmer.send("/language")
    await farmer.press("English")
    await farmer.send("/book 20000 jin of corn")  # what follows /book is said as a sentence
    told = await farmer.press(farmer.last.buttons[0])
    text = told.edited[-1].text
    assert "08:00-10:00 up to 4000 kg; 14:00-16:00 up to 4000 kg; 8000 kg (16000 jin) a day" in text
    assert "up to 4000 kg (8000 jin)" in text and '"Book 8000 jin first"' in text
    assert told.edited[-1].button_rows == [["Book 8000 jin first"], ["⬅️ Back", "✖️ Cancel"]]


async def test_a_load_bigger_than_what_is_still_free_is_told_what_is_free(
    harness: Harness,
) -> None:
    farmer = await _farmer(harness)
    # Other farmers took 3000 of the 4000 kg of every round of the week.
    async with session_scope() as session:
        for n in range(14):
            await make_user(session, 40001 + n, f"农户{n}")
    for day in range(7):
        for index in (0, 1):
            when = today() + timedelta(days=day)
            if day or index:  # today's morning round has started (10:00): not offered anyway
                await direct_booking(40001 + day * 2 + index, "SG07", index, when, "玉米", 3000)
    await farmer.send("预约收货 三千斤玉米")
    told = await farmer.press(farmer.last.buttons[0])
    text = told.edited[-1].text
    assert text.startswith("化龙镇村淘服务站一个时段最多收 4000 公斤（8000 斤），")
    assert "最多只剩 1000 公斤（2000 斤）能约了" in text and "约满" not in text
    assert told.edited[-1].button_rows == [["先约 2000斤"], ["⬅️ 返回", "✖️ 取消"]]


async def test_a_day_next_month_is_said_and_the_bookable_days_offered(harness: Harness) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("下个月5号送三千斤玉米到站里")
    assert asked.last.text == "您的玉米 3000斤（1500公斤），送到哪个服务站？"
    days = await farmer.press(asked.last.buttons[0])
    text = days.edited[-1].text
    assert text.startswith("7月5日 周日还约不了：只能约今天起 7 天内的（到 6月16日 周二）。")
    assert text.endswith("化龙镇村淘服务站：哪天送过去？")
    assert days.edited[-1].buttons[: len(WEEK)] == WEEK
    await farmer.press(days.edited[-1].buttons[3])
    await farmer.press(farmer.last.buttons[0])
    assert "玉米 3000斤（1500公斤）" in farmer.last.text  # the amount said first is kept


async def test_ten_days_on_and_the_20th_in_english_are_bookings(harness: Harness) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("十天后来收玉米")
    assert asked.last.text.startswith("玉米大概有多少？")
    stations = await farmer.send("两千斤")
    days = await farmer.press(stations.last.buttons[0])
    assert days.edited[-1].text.startswith("6月20日 周六还约不了：只能约今天起 7 天内的")
    await farmer.press("✖️ 取消")
    await farmer.send("/language")
    await farmer.press("English")
    asked = await farmer.send("bring 500 kg of corn on the 20th")
    assert asked.last.text == "Your corn, 500 kg: which station should collect it?"
    days = await farmer.press(asked.last.buttons[0])
    text = days.edited[-1].text
    assert text.startswith(
        "Sat Jun 20 cannot be booked yet: bookings are open for the 7 days from today"
        " (until Tue Jun 16)."
    )
    assert t("en", "bookings.cancel_button") in days.edited[-1].buttons
    assert len(days.edited[-1].buttons) == len(WEEK) + 2  # the week, back and cancel

"""The county admin's view of the stations (blind test: /pickups said 「您还没有绑定服务站」,
/pickups HL01 「没看懂是哪天」, 今天有啥事 missed the knowledge base), and tomorrow's pickups
in the day's overview (at 16:07 it said 「收货预约：0 户」 with 25,000斤 due at 07:00)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.clock import PinnedClock
from bot.core.i18n import t
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today
from tests.e2e.test_staff_words_e2e import _english

pytestmark = pytest.mark.e2e

ADMIN = 30001


async def test_the_admin_picks_a_station_for_its_pickups(harness: Harness) -> None:
    await load_county(harness)
    await direct_booking(10001, "SG01", 0, kg=1500)  # tomorrow 08:00
    admin = harness.user(ADMIN, "王管理员")
    await admin.send("/start")
    listed = (await admin.send("/pickups")).last
    assert listed.content == t("zh", "bookings.staff.county_pick")
    assert "圣城街道邮政便民服务站 SG01 · 今天 0 · 明天 1" in listed.buttons
    shown = await admin.press("圣城街道邮政便民服务站 SG01 · 今天 0 · 明天 1", message=listed)
    assert any("08:00-10:00" in text for text in shown.texts), shown.texts
    for said in ("/pickups sg01", "/pickups 圣城邮政"):
        replies = await admin.send(said)
        assert any("08:00-10:00" in text for text in replies.texts), (said, replies.texts)
    unknown = (await admin.send("/pickups HL01")).last
    assert unknown.content.startswith("没找到服务站「HL01」")
    # Staff keep their own station's, and may not press another's button.
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    own = await staff.send("/pickups SG02")
    later = today() + timedelta(days=2)
    example = f"{later.month}月{later.day}日"
    assert own.last.content == t("zh", "bookings.staff.pickups_day", said="SG02", example=example)
    pressed = await staff.press_data(listed.inline_keyboard[1][0]["callback_data"])
    assert not any("SG02" in text or "文家" in text for text in pressed.texts)


async def test_the_admin_hears_the_countys_day(harness: Harness) -> None:
    await load_county(harness)
    await direct_booking(10001, "SG01", 1, day=today())
    await direct_booking(10001, "SG01", 0, kg=1500)  # 3000 斤 tomorrow at 08:00
    admin = harness.user(ADMIN, "王管理员")
    await admin.send("/start")
    day = (await admin.send("今天有啥事")).last.content
    assert day.startswith("🗺 全县各服务站")
    assert (
        "圣城街道邮政便民服务站（SG01）：今天待收 1 单，明天 1 单，共 1500 公斤（3000 斤）" in day
    )
    assert "其余 19 个站" in day and "⏰" not in day  # mid-morning: tomorrow waits its turn
    await _english(ADMIN)
    english = (await admin.send("what's on today")).last.content
    assert (
        english.startswith("🗺 All stations")
        and "(SG01): bookings still to come today 1, tomorrow 1" in english
    )


async def test_tomorrows_pickups_lead_the_overview_in_the_afternoon(
    harness: Harness, clock: PinnedClock
) -> None:
    await load_county(harness)
    await direct_booking(10001, "SG01", 0, kg=1500)  # tomorrow 08:00-10:00
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    morning = (await staff.send("今天有啥事")).last.content
    assert "📅 明天收货：1 户（1 单），共 1500 公斤（3000 斤）" in morning
    assert "⏰" not in morning
    clock.advance(timedelta(hours=6, minutes=7))  # 16:07
    later = (await staff.send("今天有啥事")).last.content
    lines = later.splitlines()
    assert (
        lines[1] == "⏰ 明天 08:00 起要收货：1 户（1 单），共 1500 公斤（3000 斤）（/pickups 明天）"
    )
    assert "📅" not in later
    await _english(20001)
    english = (await staff.send("what's on today")).last.content
    assert english.splitlines()[1].startswith(
        "⏰ Pickups due tomorrow from 08:00: 1 booking from 1 farmer, 1500 kg"
    )
    admin = harness.user(ADMIN, "王管理员")
    await admin.send("/start")
    county = (await admin.send("今天有啥事")).last.content
    assert county.splitlines()[1] == "⏰ 明天全县要收货：1 户（1 单），共 1500 公斤（3000 斤）"


async def test_staff_and_admins_start_with_what_they_can_do(harness: Harness) -> None:
    # Blind test: they got the farmers' welcome, with the farmers' hints.
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    said = (await staff.send("/start")).last.content
    assert said.startswith(t("zh", "start.greeting_work", name="李站长"))
    assert "/pickups" in said and "今天有啥事" in said and "菜价" not in said
    admin = harness.user(ADMIN, "王管理员")
    zh = (await admin.send("/start")).last.content
    assert "/grant" in zh and "今天有啥事" in zh and "菜价" not in zh
    await _english(ADMIN)
    english = (await admin.send("/start")).last.content
    assert english.startswith(t("en", "start.greeting_work", name="王管理员"))
    assert "/grant" in english and "/questions" in english and "what's on today" in english
    assert "vegetable" not in english
    farmer = harness.user(10001, "张大爷")
    assert (await farmer.send("/start")).last.content.startswith("张大爷您好！欢迎使用")


async def test_the_admin_asks_a_station_on_a_day(harness: Harness) -> None:
    # Blind walk: /pickups SG15 明天 showed the station buttons again, not that station's day.
    await load_county(harness)
    await direct_booking(10001, "SG01", 0, kg=1500)  # tomorrow 08:00
    await direct_booking(10001, "SG01", 1, day=today() + timedelta(days=2), kg=700)
    admin = harness.user(ADMIN, "王管理员")
    await admin.send("/start")
    pick = t("zh", "bookings.staff.county_pick")
    for said in ("/pickups SG01 明天", "/pickups sg01 明天上午", "/pickups 圣城邮政的明天"):
        replies = await admin.send(said)
        assert pick not in replies.texts, (said, replies.texts)
        assert any("08:00-10:00" in text and "700" not in text for text in replies.texts), said
    for said in ("/pickups 圣城邮政 后天", "/pickups 圣城邮政后天"):
        replies = await admin.send(said)
        assert any("700" in text for text in replies.texts), (said, replies.texts)
        assert not any("1500" in text for text in replies.texts), (said, replies.texts)
    other = await admin.send("/pickups SG02 明天")
    assert pick not in other.texts and not any("1500" in text for text in other.texts)
    unknown = (await admin.send("/pickups XX99 明天")).last.content
    assert unknown.startswith("没找到服务站「xx99」"), unknown
    await _english(ADMIN)
    english = await admin.send("/pickups SG01 tomorrow")
    assert t("en", "bookings.staff.county_pick") not in english.texts
    # The station named as every English screen names it, with its pinyin (blind walk, 施甸:
    # "🏪 施甸县甸阳镇供销社服务站 · Mon Dec 7 (tomorrow)").
    assert english.texts[0].startswith("🏪 圣城街道邮政便民服务站 (Shengcheng Jiedao Youzheng"), (
        english.texts[0]
    )
    assert any("08:00-10:00" in text for text in english.texts), english.texts
    later = await admin.send("/pickups SG01 the day after tomorrow")
    assert any("700" in text for text in later.texts), later.texts
    # Staff name no other station: their own station's day, as before.
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    own = await staff.send("/pickups SG02 明天")
    assert any("08:00-10:00" in text for text in own.texts), own.texts

"""Staff shorthand without a booking code (blind staff walk, items 4-7), through the local
Bot API server, in Chinese and English: 收了 / 没来 alone list the round due with buttons,
孙大爷鸡蛋收了 28斤 records his booking, a weight 3× off is asked ✅ first, ✏️ 改重量 corrects
a collected one, a same-day 没来 is still collected, 明添谁来 / jintian shei lai, 停电那个通知
撤回, 回服8 …. The tests' clock says 10:00: the station's first round has started."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.bookings.text import date_label
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.broadcasts import Broadcast, BroadcastStatus
from bot.models.stations import Booking, BookingStatus
from bot.sandbox.harness import Harness, SandboxUser
from tests.e2e.county import direct_booking, load_county, today
from tests.e2e.test_staff_words_e2e import _english, _notices, _status

pytestmark = pytest.mark.e2e
STAFF = 20001
REFUSAL = "知识库里还没有"


async def _row(code: str) -> Booking:
    async with session_scope() as session:
        found = await session.scalar(select(Booking).where(Booking.code == code))
        assert found is not None
        return found


async def _staff(harness: Harness, lang: str) -> SandboxUser:
    await load_county(harness)
    staff = harness.user(STAFF, "李站长")
    await staff.send("/start")
    if lang == "en":
        await _english(STAFF)
    for farmer_id, name in ((10001, "孙大爷"), (10002, "刘大姐"), (10003, "用户10003")):
        await harness.user(farmer_id, name).send("/start")
    return staff


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_names_and_bare_marks_find_the_bookings(harness: Harness, lang: str) -> None:
    staff = await _staff(harness, lang)
    eggs = await direct_booking(10001, "SG01", 0, day=today(), product="鸡蛋", kg=14)
    cabbage = await direct_booking(10002, "SG01", 0, day=today(), product="大白菜", kg=150)
    later = await direct_booking(10003, "SG01", -1, day=today(), kg=500)
    collect = "✅ 收了" if lang == "zh" else "✅ Collected"
    # 收了 alone: the round running now, each with its buttons (the afternoon's not yet).
    listed = await staff.send("收了" if lang == "zh" else "collected")
    text = "\n".join(m.text or "" for m in listed)
    assert t(lang, "bookings.staff.mark_pick_collected") in text and REFUSAL not in text
    assert eggs.code in text and cabbage.code in text and later.code not in text
    buttons = [b for m in listed for b in m.buttons]
    assert f"{collect} {eggs.code}" in buttons and f"{collect} {cabbage.code}" in buttons
    # The farmer named with the produce and the weight: recorded as `CODE 收了 28斤`.
    said = "孙大爷鸡蛋收了，28斤" if lang == "zh" else "eggs collected 14 kg"
    done = (await staff.send(said)).last.text
    weighed = "14 公斤" if lang == "zh" else "14 kg"
    assert done == t(lang, "bookings.staff.collected", code=eggs.code, weighed=weighed)
    row = await _row(eggs.code)
    assert row.status is BookingStatus.collected and row.weighed_kg == 14
    # Nobody of that name: said so.
    nobody = "王大妈收了" if lang == "zh" else "potatoes collected"
    who = "王大妈" if lang == "zh" else "potatoes"
    assert (await staff.send(nobody)).last.text == t(lang, "bookings.staff.mark_none", who=who)
    # 没来 alone: only the ones still booked.
    listed = await staff.send("没来" if lang == "zh" else "no show")
    text = "\n".join(m.text or "" for m in listed)
    assert cabbage.code in text and eggs.code not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_far_weight_is_asked_and_a_collected_one_corrected(
    harness: Harness, lang: str
) -> None:
    staff = await _staff(harness, lang)
    booked = await direct_booking(10002, "SG01", 0, day=today(), product="大白菜", kg=150)
    typed = "收了" if lang == "zh" else "collected"
    asked = (await staff.send(f"{booked.code} {typed} 3000斤")).last
    assert asked.text is not None and asked.text.startswith("⚠️") and booked.code in asked.text
    assert (await _row(booked.code)).status is BookingStatus.booked  # nothing told yet
    pressed = await staff.press(asked.buttons[0], message=asked)
    assert booked.code in (pressed.last.text or "") and "✅" in (pressed.last.text or "")
    assert (await _row(booked.code)).weighed_kg == 1500
    # /pickups shows ✏️ 改重量 on it; pressed, the right weight typed corrects it.
    listed = await staff.send("/pickups")
    fix = t(lang, "bookings.staff.reweigh_button", code=booked.code)
    card = next(m for m in listed if fix in m.buttons)
    prompt = (await staff.press(fix, message=card)).last.text or ""
    assert prompt.startswith(booked.code) and "/cancel" in prompt
    fixed = (await staff.send("300斤")).last.text or ""
    assert fixed.startswith("✏️") and booked.code in fixed
    assert (await _row(booked.code)).weighed_kg == 150
    # A weight within 3× of the booking is recorded at once, as before.
    other = await direct_booking(10001, "SG01", 0, day=today(), product="鸡蛋", kg=14)
    done = (await staff.send(f"{other.code} {typed} 30斤")).last.text or ""
    assert done.startswith("✅") and (await _row(other.code)).weighed_kg == 15


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_no_show_is_collected_when_the_farmer_comes_the_same_day(
    harness: Harness, lang: str
) -> None:
    staff = await _staff(harness, lang)
    booked = await direct_booking(10003, "SG01", 0, day=today(), kg=500)
    card = (await staff.send(booked.code)).last
    no_show = t(lang, "bookings.staff.no_show_button", code=booked.code)
    said = (await staff.press(no_show, message=card)).last.text
    assert said == t(lang, "bookings.staff.no_show", code=booked.code)
    assert booked.code in (said or "") and ("今天之内" in said if lang == "zh" else "today" in said)
    assert (await _row(booked.code)).status is BookingStatus.no_show
    # Its card now offers 收了 only, and the typed weight records it collected.
    card = (await staff.send(booked.code)).last
    assert card.buttons == [t(lang, "bookings.staff.collect_button", code=booked.code)]
    typed = "收了" if lang == "zh" else "collected"
    done = (await staff.send(f"{booked.code} {typed} 950斤")).last.text or ""
    assert done.startswith("✅") and booked.code in done
    row = await _row(booked.code)
    assert row.status is BookingStatus.collected and row.weighed_kg == 475
    # The next day it cannot be changed any more (the farmer was told it was not brought).
    async with session_scope() as session:
        await session.execute(
            update(Booking)
            .where(Booking.id == booked.id)
            .values(status=BookingStatus.no_show, day=today() - timedelta(days=1))
        )
    refused = (await staff.send(f"{booked.code} {typed} 950斤")).last.text
    assert refused == t(lang, "bookings.refused.state.no_show")


async def test_typos_pinyin_withdraw_by_words_and_reply_homophones(harness: Harness) -> None:
    staff = await _staff(harness, "zh")
    await direct_booking(10001, "SG01", 1)
    tomorrow = date_label("zh", today() + timedelta(days=1), today())
    for said in ("明添谁来", "mingtian shei lai"):
        listed = "\n".join(m.text or "" for m in await staff.send(said))
        assert tomorrow in listed and REFUSAL not in listed
    jintian = "\n".join(m.text or "" for m in await staff.send("jintian shei lai"))
    assert date_label("zh", today(), today()) in jintian and REFUSAL not in jintian
    # 停电那个通知不发了，撤回: the notice saying 停电, asked ✅ first.
    first, second = await _notices(2)
    async with session_scope() as session:
        await session.execute(
            update(Broadcast).where(Broadcast.id == first).values(text="明天上午停电，暂停收货")
        )
    asked = (await staff.send("停电那个通知不发了，撤回")).last
    assert asked.text is not None and "要撤回这条通知吗？" in asked.text
    assert f"#{first}" in asked.text and "停电" in asked.text and f"#{second}" not in asked.text
    await staff.press(asked.buttons[0], message=asked)
    assert await _status(first) is BroadcastStatus.cancelled
    assert await _status(second) is BroadcastStatus.scheduled
    missing = (await staff.send("下雪那个通知撤回")).last.text
    assert missing == t("zh", "broadcasts.withdraw_no_words", words="下雪")
    # 回服8 …: read as 回复8 (no question #8 here: said so, not the knowledge refusal).
    reply = (await staff.send("回服8 烂叶子黄叶子剥掉，根切平，不用捆，装网袋就行")).last.text or ""
    assert reply.startswith(t("zh", "questions.words_no_such", id=8))
    unread = (await staff.send("回fu8 烂叶子黄叶子剥掉")).last.text
    assert unread == t("zh", "questions.words_unread", verb="回fu", id=8, answer="烂叶子黄叶子剥掉")


async def test_an_unread_reply_in_english(harness: Harness) -> None:
    staff = await _staff(harness, "en")
    unread = (await staff.send("huifu 8 peel the outer leaves")).last.text
    assert unread == t(
        "en", "questions.words_unread", verb="huifu", id=8, answer="peel the outer leaves"
    )
    listed = "\n".join(m.text or "" for m in await staff.send("no show"))
    assert listed == t("en", "bookings.staff.mark_due_none")

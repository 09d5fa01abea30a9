"""Buttons left live after a question was answered or asked again, and questions lost at a
language switch:

- 撤回这条通知？ answered by a typed 对 / yes lost nothing (the ❌ stayed pressable);
- a sale listing's summary asked again after "English please" / 切换中文 left the first
  summary's ✅ / ❌ live;
- a booking summary shown again after an older form's ✅ left both the older form's and the
  summary shown before it live;
- /grant's question, /kb add's preview and 确定要取消预约…吗？ were forgotten at "English
  please" / 切换中文 (a 是 typed next did nothing): now asked again in the new language, still
  open, the first asking message's buttons gone.

Through the local Bot API server (it records editMessageReplyMarkup); the clock is pinned.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models import KbEntry
from bot.models.broadcasts import BroadcastStatus
from bot.models.stations import Booking, BookingStatus
from bot.models.users import Role, User
from bot.sandbox.harness import Harness, SandboxUser
from bot.sandbox.state import Message
from bot.users import get_user
from tests.e2e.county import direct_booking, living_by_sg01, load_county
from tests.e2e.test_staff_words_e2e import _notices, _status
from tests.stations_util import make_station

pytestmark = pytest.mark.e2e

FARMER, STAFF, ADMIN = 10001, 20001, 30001
HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米
OTHER = {"zh": "en", "en": "zh"}
SWITCH = {"en": "English please", "zh": "切换中文"}  # switching TO the key's language
YES = {"zh": "是的", "en": "yes"}
NO = {"zh": "不", "en": "no"}


async def _speaks(telegram_id: int, lang: str) -> None:
    async with session_scope() as session:
        await session.execute(
            update(User)
            .where(User.telegram_id == telegram_id)
            .values(language=lang, language_chosen=True)
        )


async def _user(harness: Harness, telegram_id: int, name: str, lang: str) -> SandboxUser:
    user = harness.user(telegram_id, name)
    await user.send("/start")
    await _speaks(telegram_id, lang)
    return user


# ---------------------------------------------------------------- 1a. 撤回这条通知？


@pytest.mark.parametrize(("lang", "typed"), [("zh", "对"), ("zh", "不"), ("en", "yes")])
async def test_a_typed_answer_to_withdraw_a_notice_takes_its_button_off(
    harness: Harness, lang: str, typed: str
) -> None:
    await load_county(harness)
    staff = await _user(harness, STAFF, "李站长", lang)
    (notice,) = await _notices(1)
    asked = (await staff.send("撤回1号通知" if lang == "zh" else "withdraw #1")).last
    assert len(asked.buttons) == 1  # its ❌
    await staff.send(typed)
    assert asked.buttons == []
    withdrawn = typed in ("对", "yes")
    assert await _status(notice) is (
        BroadcastStatus.cancelled if withdrawn else BroadcastStatus.scheduled
    )


# ---------------------------------------------------------------- 1b. a listing's summary


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_listing_summary_asked_again_in_the_other_language_leaves_one_to_press(
    harness: Harness, lang: str
) -> None:
    await living_by_sg01(harness)
    farmer = await _user(harness, FARMER, "张大爷", lang)
    first = (await farmer.send("我有两千斤大葱要卖")).last
    assert len(first.buttons) == 2
    other = OTHER[lang]
    again = (await farmer.send(SWITCH[other])).last
    assert (again.text or "").startswith("请确认" if other == "zh" else "Please confirm")
    assert len(again.buttons) == 2
    assert first.buttons == []  # was: ✅ 确认登记 / ❌ 不登记了 still there
    listed = (await farmer.send(YES[other])).last
    assert (listed.text or "").startswith("登记好了" if other == "zh" else "Done!"), listed.text
    assert again.buttons == []


# ---------------------------------------------------------------- 1c. a booking's summary


async def _summary(farmer: SandboxUser, lang: str) -> Message:
    said = "我想明天上午送两千斤玉米到站里"
    if lang == "en":
        said = "I want to bring 2000 jin of corn tomorrow morning"
    asked = await farmer.send(said)
    await farmer.press(asked.last.buttons[0])
    summary = farmer.last
    assert (summary.text or "").startswith("请确认" if lang == "zh" else "Please confirm")
    return summary


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_an_older_forms_confirm_leaves_only_the_summary_shown_again_to_press(
    harness: Harness, lang: str
) -> None:
    await load_county(harness)
    farmer = await _user(harness, FARMER, "张大爷", lang)
    await farmer.share_location(*HUALONG)
    older = await _summary(farmer, lang)
    await farmer.send("/cancel")
    current = await _summary(farmer, lang)
    shown = await farmer.press(older.buttons[0], message=older)  # the older form's ✅
    again = shown.last
    where = "您正在预约收货" if lang == "zh" else "You are in the middle of booking"
    assert (again.text or "").startswith(where), shown.texts
    assert len(again.buttons) >= 2
    assert older.buttons == []  # void: was still pressable
    assert current.buttons == []  # shown again below: was still pressable
    booked = (await farmer.send(YES[lang])).last
    assert (booked.text or "").startswith("✅"), booked.text
    assert again.buttons == []
    async with session_scope() as session:
        count = await session.scalar(select(func.count()).select_from(Booking))
    assert count == 1


# ---------------------------------------------------------------- 2. asked again at a switch


async def _booking_status(code: str) -> BookingStatus:
    async with session_scope() as session:
        found = await session.scalar(select(Booking).where(Booking.code == code))
        assert found is not None
        return found.status


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_cancel_a_booking_asked_again_in_the_other_language_and_answered(
    harness: Harness, lang: str
) -> None:
    await load_county(harness)
    farmer = await _user(harness, FARMER, "张大爷", lang)
    cabbage = await direct_booking(FARMER, "SG07", 0, product="大白菜")
    asked = (
        await farmer.send("取消白菜的预约" if lang == "zh" else "cancel my napa cabbage booking")
    ).last
    assert len(asked.buttons) == 2, asked.text
    other = OTHER[lang]
    again = (await farmer.send(SWITCH[other])).last
    opening = "确定要取消预约" if other == "zh" else "Cancel booking"
    assert (again.text or "").startswith(opening), again.text
    assert again.buttons == [t(other, "bookings.mine.yes_cancel"), t(other, "bookings.mine.keep")]
    assert asked.buttons == []
    done = (await farmer.send(YES[other])).last
    assert done.text == t(other, "bookings.mine.cancelled", code=cabbage.code)
    assert again.buttons == []
    assert await _booking_status(cabbage.code) is BookingStatus.cancelled


@pytest.fixture
async def stations(harness: Harness) -> Harness:
    """Station T1; the admin and a farmer have opened the bot."""
    async with session_scope() as session:
        await make_station(session, external_id="T1", name="东关站")
    for telegram_id, name in ((ADMIN, "王管理员"), (10005, "赵师傅")):
        await harness.user(telegram_id, name).send("/start")
    return harness


async def _role(telegram_id: int) -> Role:
    async with session_scope() as session:
        found = await get_user(session, telegram_id)
        assert found is not None
        return found.role


@pytest.mark.parametrize(("lang", "typed"), [("zh", "yes"), ("en", "对"), ("en", "不")])
async def test_grant_asked_again_in_the_other_language_and_answered(
    stations: Harness, lang: str, typed: str
) -> None:
    admin = stations.user(ADMIN, "王管理员")
    await _speaks(ADMIN, lang)
    asked = (await admin.send("/grant 10005 staff T1")).last
    assert asked.buttons == [t(lang, "roles.grant_yes"), t(lang, "roles.grant_no")]
    other = OTHER[lang]
    again = (await admin.send(SWITCH[other])).last
    assert (again.text or "").startswith("把" if other == "zh" else "Make"), again.text
    assert again.buttons == [t(other, "roles.grant_yes"), t(other, "roles.grant_no")]
    assert asked.buttons == []
    await admin.send(typed)
    assert again.buttons == []
    assert await _role(10005) is (Role.staff if typed in ("yes", "对") else Role.farmer)


async def _kb_preview(admin: SandboxUser, lang: str) -> Message:
    await admin.send("/kb add")
    await admin.send("玉米什么时候追肥")
    await admin.send("拔节期追一次尿素，每亩10公斤。", within=30)
    await admin.send("跳过" if lang == "zh" else "skip")
    skip = t(lang, "kbadmin.skip")
    if skip in admin.last.buttons:
        await admin.press(skip)
    else:
        await admin.press("种植" if lang == "zh" else "planting")
    preview = admin.last
    assert preview.buttons[0].startswith("✅"), preview.text
    return preview


async def _entries() -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(KbEntry)) or 0)


@pytest.mark.parametrize(("lang", "typed"), [("zh", "yes"), ("en", "确认"), ("zh", "no")])
async def test_a_kb_preview_asked_again_in_the_other_language_and_answered(
    harness: Harness, lang: str, typed: str
) -> None:
    admin = await _user(harness, ADMIN, "县管理员", lang)
    preview = await _kb_preview(admin, lang)
    assert t(lang, "kbadmin.is_new") in (preview.text or "")
    other = OTHER[lang]
    again = (await admin.send(SWITCH[other])).last
    assert t(other, "kbadmin.is_new") in (again.text or ""), again.text
    assert again.buttons[0].startswith("✅") and again.buttons != preview.buttons
    assert preview.buttons == []
    await admin.send(typed)
    assert again.buttons == []
    assert await _entries() == (0 if typed == "no" else 1)


async def test_change_language_without_naming_one_keeps_the_question_open(
    harness: Harness,
) -> None:
    await load_county(harness)
    farmer = await _user(harness, FARMER, "张大爷", "zh")
    cabbage = await direct_booking(FARMER, "SG07", 0, product="大白菜")
    asked = (await farmer.send("取消白菜的预约")).last
    offered = (await farmer.send("换语言")).last
    assert offered.text == t("zh", "language.choose")
    done = (await farmer.send("是的")).last
    assert done.text == t("zh", "bookings.mine.cancelled", code=cabbage.code)
    assert asked.buttons == []

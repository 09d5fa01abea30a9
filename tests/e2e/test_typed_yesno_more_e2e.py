"""A typed yes / no as the ✅ / ✖️ of staff's and admins' confirmations (handlers/pending's
`Question`): 提前收货？, 撤回这条通知？, /grant's question and /kb add's preview, in Chinese
(对 / 确认 / 不) and English (yes / no); Cantonese (係呀, 得, 唔使...) at a booking's cancel.
Each used to be answered 「请点按钮」. Through the local Bot API server; the clock says 10:00.
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
from bot.users import get_user
from handlers.render.roles import role_name
from tests.e2e.county import direct_booking, load_county, today
from tests.e2e.test_staff_words_e2e import _notices, _status
from tests.stations_util import make_station

pytestmark = pytest.mark.e2e

STAFF, ADMIN = 20001, 30001
YES = {"zh": "对", "en": "yes"}
NO = {"zh": "不", "en": "no"}


async def _language(telegram_id: int, lang: str) -> None:
    async with session_scope() as session:
        await session.execute(
            update(User).where(User.telegram_id == telegram_id).values(language=lang)
        )


async def _booking_status(code: str) -> BookingStatus:
    async with session_scope() as session:
        found = await session.scalar(select(Booking).where(Booking.code == code))
        assert found is not None
        return found.status


async def _staff(harness: Harness, lang: str) -> SandboxUser:
    await load_county(harness)
    staff = harness.user(STAFF, "李站长")
    await staff.send("/start")
    await _language(STAFF, lang)
    return staff


# ---------------------------------------------------------------- 提前收货？


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_typed_yes_collects_early_and_a_no_records_nothing(
    harness: Harness, lang: str
) -> None:
    staff = await _staff(harness, lang)
    for farmer_id in (10001, 10002):
        await harness.user(farmer_id, "农户").send("/start")
    kept = await direct_booking(10001, "SG01", -1, day=today(), kg=500)
    taken = await direct_booking(10002, "SG01", -1, day=today(), kg=300)
    weight = "500公斤" if lang == "zh" else "500 kg"
    asked = (await staff.send(f"{kept.code} collected {weight}")).last
    assert kept.code in (asked.text or "") and asked.buttons[0].startswith("✅")
    said = (await staff.send(NO[lang])).last.text
    assert said == t(lang, "bookings.staff.early_kept", code=kept.code)
    assert await _booking_status(kept.code) is BookingStatus.booked

    weight = "300公斤" if lang == "zh" else "300 kg"
    await staff.send(f"{taken.code} collected {weight}")
    done = (await staff.send(YES[lang])).last.text
    weighed = "300 公斤" if lang == "zh" else "300 kg"
    assert done == t(lang, "bookings.staff.collected", code=taken.code, weighed=weighed)
    assert await _booking_status(taken.code) is BookingStatus.collected
    # Answered: a second 对 does nothing twice (the question is closed).
    again = (await staff.send(YES[lang])).last.text
    assert again != done


async def test_a_question_at_the_early_collection_is_answered_as_before(
    harness: Harness,
) -> None:
    staff = await _staff(harness, "zh")
    await harness.user(10001, "农户").send("/start")
    booking = await direct_booking(10001, "SG01", -1, day=today(), kg=500)
    await staff.send(f"收了 {booking.code} 500公斤")
    # Something else asked: not the question's answer, and the question is over.
    other = (await staff.send("今天有哪些人来送货")).last.text or ""
    assert "已记录" not in other
    await staff.send("对")
    assert await _booking_status(booking.code) is BookingStatus.booked


# ---------------------------------------------------------------- 撤回这条通知？


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_typed_yes_withdraws_a_timed_notice_and_a_no_keeps_it(
    harness: Harness, lang: str
) -> None:
    staff = await _staff(harness, lang)
    first, second = await _notices(2)
    said = "撤回1号通知" if lang == "zh" else "withdraw #1"
    asked = (await staff.send(said)).last
    assert asked.buttons  # its ❌
    kept = (await staff.send(NO[lang])).last.text
    assert kept == t(lang, "broadcasts.withdraw_kept", id=first)
    assert await _status(first) is BroadcastStatus.scheduled

    await staff.send("撤回2号通知" if lang == "zh" else "withdraw #2")
    done = (await staff.send("确认" if lang == "zh" else "yes")).last.text
    assert done == t(lang, "broadcasts.cancelled", id=second)
    assert await _status(second) is BroadcastStatus.cancelled
    assert await _status(first) is BroadcastStatus.scheduled


# ---------------------------------------------------------------- /grant


@pytest.fixture
async def stations(harness: Harness) -> Harness:
    """Station T1; the admin and two farmers have opened the bot."""
    async with session_scope() as session:
        await make_station(session, external_id="T1", name="东关站")
    for telegram_id, name in ((ADMIN, "王管理员"), (10005, "赵师傅"), (10006, "钱会计")):
        await harness.user(telegram_id, name).send("/start")
    return harness


async def _role(telegram_id: int) -> Role:
    async with session_scope() as session:
        found = await get_user(session, telegram_id)
        assert found is not None
        return found.role


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_typed_yes_grants_and_a_no_keeps(stations: Harness, lang: str) -> None:
    admin = stations.user(ADMIN, "王管理员")
    await _language(ADMIN, lang)
    asked = (await admin.send("/grant 10006 admin")).last
    assert asked.buttons == [t(lang, "roles.grant_yes"), t(lang, "roles.grant_no")]
    kept = (await admin.send(NO[lang])).last.text
    who = t(lang, "roles.who", name="钱会计", id=10006)
    assert kept == t(lang, "roles.grant_kept", who=who, role=role_name(lang, Role.farmer))
    assert await _role(10006) is Role.farmer

    await admin.send("/grant 10005 staff T1")
    done = (await admin.send(YES[lang])).last.text
    who = t(lang, "roles.who", name="赵师傅", id=10005)
    staff = role_name(lang, Role.staff)
    assert done == t(lang, "roles.granted_station", who=who, role=staff, station="T1")
    assert await _role(10005) is Role.staff
    assert stations.user(10005, "赵师傅").last.text == t(
        "zh", "roles.you_are_station", role="服务站工作人员", station="T1"
    )


async def test_a_price_asked_at_the_grant_is_answered_and_grants_nothing(
    stations: Harness,
) -> None:
    admin = stations.user(ADMIN, "王管理员")
    await admin.send("/grant 10006 admin")
    other = (await admin.send("是不是要他先打开机器人")).last.text or ""
    assert not other.startswith("已")
    await admin.send("好的")
    assert await _role(10006) is Role.farmer


# ---------------------------------------------------------------- /kb add


async def _kb_preview(admin: SandboxUser, lang: str, question: str) -> None:
    await admin.send("/kb add")
    await admin.send(question)
    await admin.send(
        "拔节期追一次尿素，每亩10公斤。" if lang == "zh" else "Urea at jointing.", within=30
    )
    await admin.send("跳过" if lang == "zh" else "skip")
    skip = t(lang, "kbadmin.skip")
    step4 = admin.last
    if skip in step4.buttons:
        await admin.press(skip)
    else:
        await admin.press("种植" if lang == "zh" else "planting")
    assert admin.last.buttons[0].startswith("✅")


async def _entries() -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(KbEntry)) or 0)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_typed_yes_saves_a_kb_entry_and_a_no_drops_it(harness: Harness, lang: str) -> None:
    admin = harness.user(ADMIN, "县管理员")
    await admin.send("/start")
    await _language(ADMIN, lang)
    await _kb_preview(admin, lang, "玉米什么时候追肥")
    dropped = (await admin.send(NO[lang])).last.text
    assert dropped == t(lang, "admindata.cancelled")
    assert await _entries() == 0

    await _kb_preview(admin, lang, "小麦什么时候追肥")
    saved = await admin.send("确认保存" if lang == "zh" else "yes, save it")
    assert await _entries() == 1, saved.texts


# ---------------------------------------------------------------- Cantonese


@pytest.mark.parametrize("typed", ["係呀", "係", "得", "冇問題", "好呀"])
async def test_cantonese_yes_cancels_a_booking(harness: Harness, typed: str) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    cabbage = await direct_booking(10001, "SG07", 0, product="大白菜")
    await farmer.send("取消白菜的预约")
    done = (await farmer.send(typed)).last.text
    assert done == t("zh", "bookings.mine.cancelled", code=cabbage.code)


@pytest.mark.parametrize("typed", ["唔係", "唔得", "唔要", "唔使"])
async def test_cantonese_no_keeps_a_booking(harness: Harness, typed: str) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    cabbage = await direct_booking(10001, "SG07", 0, product="大白菜")
    await farmer.send("取消白菜的预约")
    kept = (await farmer.send(typed)).last.text
    assert kept == t("zh", "bookings.mine.kept")
    assert await _booking_status(cabbage.code) is BookingStatus.booked

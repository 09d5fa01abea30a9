"""A language switch typed at five more steps asks the step again in the new language, its
draft kept, and the step's answer afterwards still finishes it (handlers/language.py
`with_language`). Before: an alert's ✏️ and the station search were put aside (the price or
place typed next was a question to the knowledge base), /review's ✏️ stored "English please"
as the entry's answer, a round's closing read 切换中文 back as its reason, and the weighing
prompt refused the words as a weight; none of them switched the language."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.admindata import review
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models import KbDraft
from bot.models.stations import Booking, BookingStatus
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.users import Visitor, get_user, touch
from knowledge.kb import questions, staff_answers
from knowledge.kb.search import engine
from tests.e2e.bookings_util import stored_bookings
from tests.e2e.county import direct_booking, load_county, today
from tests.e2e.questions_util import farmer_and_staff, speaks
from tests.e2e.test_alert_manage_e2e import FARMER, statuses
from tests.e2e.test_alert_places_e2e import county
from tests.e2e.test_english_e2e import english

pytestmark = pytest.mark.e2e
__all__ = ["county", "english"]
STAFF, ADMIN = 20001, 30001
# The words that switch, and the language they switch to, from the other one.
SWITCH = {"en": "English please", "zh": "切换中文"}


async def _language(telegram_id: int) -> str:
    async with session_scope() as session:
        user = await get_user(session, telegram_id)
    assert user is not None
    return user.language


async def _reads(telegram_id: int, lang: str) -> None:
    """`telegram_id` has chosen `lang` (staff and admins keep theirs as they write)."""
    async with session_scope() as session:
        await session.execute(
            update(User)
            .where(User.telegram_id == telegram_id)
            .values(language=lang, language_chosen=True)
        )


# ------------------------------------------------------------ an alert's ✏️ (a new price)


async def _change_prompt(farmer: SandboxUser, lang: str) -> None:
    listing = (await farmer.send("/alerts")).last
    prompt = await farmer.press(listing.callback_data[1], message=listing)  # ✏️
    assert (prompt.last.text or "").endswith(t(lang, "alerts.change_price"))


async def test_an_alerts_new_price_asked_again_in_english(county: Harness) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send("西红柿跌到2块提醒我")
    await _change_prompt(farmer, "zh")
    switched = await farmer.send(SWITCH["en"])
    assert switched.texts[0] == t("en", "language.switched")
    again = switched.last.text or ""
    assert again.startswith("tomato") and again.endswith(t("en", "alerts.change_price")), again
    assert await _language(FARMER) == "en"
    # Still waiting for the price: 2.5 changes the alert (it was a question to the base).
    done = (await farmer.send("2.5")).last.text or ""
    assert done.startswith("✅ Changed!"), done
    assert await statuses() == [(2.5, "active")]


async def test_an_alerts_new_price_asked_again_in_chinese(english: Harness) -> None:
    farmer = english.user(FARMER, "张大爷")
    await farmer.send("alert me when tomatoes fall below 2 yuan")
    await _change_prompt(farmer, "en")
    switched = await farmer.send("说中文")
    assert switched.texts[0] == t("zh", "language.switched")
    again = switched.last.text or ""
    assert again.startswith("西红柿") and again.endswith(t("zh", "alerts.change_price")), again
    done = (await farmer.send("2块5")).last.text or ""
    assert done.startswith("✅ 改好了！"), done
    assert await statuses() == [(2.5, "active")]


# ------------------------------------------------------------ /review's ✏️ (the text)


async def _waiting_draft() -> int:
    """A staff member's answer saved for review: the draft's id."""
    async with session_scope() as session:
        farmer = await farmer_and_staff(session)
        await touch(session, Visitor(ADMIN, "王管理员"), admin_ids=[ADMIN])
        asked = await questions.record(session, farmer, "羊耳朵发红是什么病")
    async with session_scope() as session:
        await questions.forward(session, asked.id, FARMER)
    async with session_scope() as session:
        staff, _ = await touch(session, Visitor(STAFF, "李站长"))
        await staff_answers.answer(session, staff, asked.id, "多是发烧，量体温。")
        draft = await review.propose(session, staff, asked.id, engine())
    return draft.id


@pytest.mark.parametrize(("before", "after"), [("zh", "en"), ("en", "zh")])
async def test_the_review_edit_asked_again_not_stored(
    harness: Harness, before: str, after: str
) -> None:
    draft_id = await _waiting_draft()
    await speaks(before, ADMIN)
    admin = harness.user(ADMIN, "王管理员")
    waiting = (await admin.send("/review")).last
    prompt = await admin.press(t(before, "review.edit"), message=waiting)
    assert prompt.last.text == t(before, "review.edit_prompt")
    switched = await admin.send(SWITCH[after])
    assert switched.texts[0] == t(after, "language.switched")
    assert switched.last.text == t(after, "review.edit_prompt")
    async with session_scope() as session:
        kept = await session.get(KbDraft, draft_id)
        assert kept is not None and kept.answer == "多是发烧，量体温。"  # not "English please"
    # The corrected text is still awaited: stored, the item shown again in the new language.
    edited = (await admin.send("多是发烧，先量体温，再请兽医看。")).last
    assert "多是发烧，先量体温，再请兽医看。" in (edited.text or "")
    assert t(after, "review.edit") in edited.buttons
    async with session_scope() as session:
        stored = await session.get(KbDraft, draft_id)
        assert stored is not None and stored.answer == "多是发烧，先量体温，再请兽医看。"


# ------------------------------------------------------------ station search (a place)


async def test_the_place_asked_again_in_english(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(FARMER, "张大爷")
    assert (await farmer.send("最近的服务站在哪")).last.text == t("zh", "stations.ask_place")
    switched = await farmer.send(SWITCH["en"])
    assert switched.texts[0] == t("en", "language.switched")
    assert switched.last.text == t("en", "stations.ask_place")
    assert farmer.keyboard[0] == t("en", "stations.location_button"), farmer.keyboard
    # Still waiting for the place: a name in pinyin is one (it was a question to the base).
    found = await farmer.send("Sunjiaji")
    assert (found[0].text or "").startswith("Stations nearest to 孙家集"), found.texts


async def test_the_place_asked_again_in_chinese(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(FARMER, "张大爷")
    await farmer.send(SWITCH["en"])
    assert (await farmer.send("nearest station?")).last.text == t("en", "stations.ask_place")
    switched = await farmer.send("说中文")
    assert switched.texts[0] == t("zh", "language.switched")
    assert switched.last.text == t("zh", "stations.ask_place")
    # 稻田 is a place only where one is asked (alone it may be rice paddies).
    found = await farmer.send("稻田")
    assert (found[0].text or "").startswith("离稻田镇"), found.texts


# ------------------------------------------------------------ closing a round (the reason)


async def _close_asked(harness: Harness, lang: str) -> tuple[SandboxUser, int]:
    """李站长 reading `lang` asked why tomorrow's first round closes, a farmer booked in it."""
    await load_county(harness)
    booked = await direct_booking(FARMER, "SG01", 0)
    staff = harness.user(STAFF, "李站长")
    await staff.send("/start")
    await _reads(STAFF, lang)
    await staff.send("/pickups")
    day = t(lang, "bookings.tomorrow")
    label = t(lang, "bookings.staff.close_button", day=day, starts="08:00", ends="10:00")
    asked = (await staff.press(label)).last.text or ""
    assert asked.startswith("确定关闭" if lang == "zh" else "Close "), asked
    return staff, booked.id


async def test_the_close_reason_asked_again_in_english(harness: Harness) -> None:
    staff, booking_id = await _close_asked(harness, "zh")
    switched = await staff.send(SWITCH["en"])
    assert switched.texts[0] == t("en", "language.switched")
    again = switched.last
    assert (again.text or "").startswith("Close ") and "Why is it closed?" in (again.text or "")
    assert again.buttons[0] == "🌧 Rain" and again.buttons[-1] == "Keep it open"
    assert {b.status for b in await stored_bookings()} == {BookingStatus.booked}
    # Still asked why: a reason typed is read back with its ✅, which closes the round.
    said = (await staff.send("the road is flooded")).last
    assert '"the road is flooded"' in (said.text or "")
    await staff.press(t("en", "bookings.staff.close_said_button"))
    closed = staff.last.text or ""  # the question edited into what was done
    assert closed.startswith("Closed "), closed
    assert [b.status for b in await stored_bookings() if b.id == booking_id] == [
        BookingStatus.slot_closed
    ]


async def test_a_reason_said_is_kept_when_asked_again_in_chinese(harness: Harness) -> None:
    staff, booking_id = await _close_asked(harness, "en")
    said = (await staff.send("the road is flooded")).last
    assert '"the road is flooded"' in (said.text or "")
    switched = await staff.send(SWITCH["zh"])
    assert switched.texts[0] == t("zh", "language.switched")
    again = switched.last
    # The reason said before is still the one offered, in Chinese now (not 「切换中文」).
    assert "「the road is flooded」" in (again.text or "") and "切换中文" not in (again.text or "")
    assert again.buttons[0] == t("zh", "bookings.staff.close_said_button")
    await staff.press(again.buttons[0], message=again)
    closed = staff.last.text or ""
    assert closed.startswith("已关闭") and "「the road is flooded」" in closed, closed
    assert [b.status for b in await stored_bookings() if b.id == booking_id] == [
        BookingStatus.slot_closed
    ]


# ------------------------------------------------------------ weighing (the weight)


@pytest.mark.parametrize(
    ("before", "after", "weight", "weighed"),
    [("zh", "en", "480 kg", "480 kg"), ("en", "zh", "960斤", "480 公斤")],
)
async def test_the_weight_asked_again(
    harness: Harness, before: str, after: str, weight: str, weighed: str
) -> None:
    await load_county(harness)
    booked = await direct_booking(FARMER, "SG01", 0, day=today(), kg=500)  # its round started
    staff = harness.user(STAFF, "李站长")
    await staff.send("/start")
    await _reads(STAFF, before)
    card = (await staff.send(booked.code)).last
    collect = t(before, "bookings.staff.collect_button", code=booked.code)
    asked = (await staff.press(collect, message=card)).last
    assert asked.text == t(before, "bookings.staff.ask_weight", code=booked.code)
    switched = await staff.send(SWITCH[after])
    assert switched.texts[0] == t(after, "language.switched")
    again = switched.last
    assert again.text == t(after, "bookings.staff.ask_weight", code=booked.code)
    assert again.buttons[-1] == t(after, "bookings.cancel_button")
    assert await _language(STAFF) == after
    # Still waiting for the weight: typed, it is recorded.
    done = (await staff.send(weight)).last.text
    assert done == t(after, "bookings.staff.collected", code=booked.code, weighed=weighed)
    async with session_scope() as session:
        row = await session.get(Booking, booked.id)
    assert row is not None and row.status is BookingStatus.collected and row.weighed_kg == 480


async def test_nothing_left_to_weigh_ends_the_step(harness: Harness) -> None:
    """Collected meanwhile (its code typed with a weight): the switch says so, no prompt."""
    await load_county(harness)
    booked = await direct_booking(FARMER, "SG01", 0, day=today(), kg=500)
    staff = harness.user(STAFF, "李站长")
    await staff.send("/start")
    card = (await staff.send(booked.code)).last
    await staff.press(t("zh", "bookings.staff.collect_button", code=booked.code), message=card)
    async with session_scope() as session:
        await session.execute(
            update(Booking)
            .where(Booking.id == booked.id)
            .values(status=BookingStatus.collected, weighed_kg=490)
        )
    switched = await staff.send(SWITCH["en"])
    assert switched.texts[0] == t("en", "language.switched")
    assert switched.last.text == t("en", "bookings.refused.state.collected")
    # The step is over: a number now is no weight for it.
    assert (
        t("en", "bookings.staff.collected", code=booked.code, weighed="480 kg")
        not in (await staff.send("480 kg")).texts
    )

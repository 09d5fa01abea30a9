"""The Gansu (定西) blind walk's words end to end, as a rule for any county: 收购标准 gets the
base's entry (not the buyers), 阿达 is 哪里, 嫑拉了 cancels as 不拉了, 谝闲传 / 颇烦 / 攒劲 / 么麻达
are small talk (a voice after them is no addition to them), and staff 今天收了多少 gets the
day's collections. The clock is pinned (tests/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models import OpenQuestion
from bot.models.stations import Booking, BookingStatus
from bot.models.users import User
from bot.sandbox.harness import Harness
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.county import direct_booking, load_county, sg01_staffed, today

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables
STANDARD = Entry(
    "std-1",
    "土豆收购有什么标准",
    "站上按大小分级收购：表皮干净、无冻伤、无发芽，湿货不收。",
    ["收购 标准 要求"],
    ["土豆"],
    "market",
)


async def _questions() -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(OpenQuestion)) or 0)


@pytest.mark.parametrize("text", ["土豆收购有什么标准", "土豆收购标准", "洋芋收购要求"])
async def test_a_buying_standard_gets_the_entry_not_the_buyers(harness: Harness, text: str) -> None:
    await load_county(harness)
    async with session_scope() as session:
        await upsert_entries(session, [STANDARD], engine(), by="test")
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert any(said.startswith("📖 土豆收购有什么标准") for said in replies.texts)
    assert not any("收购土豆的买家" in said for said in replies.texts)


async def test_a_kind_of_produce_is_not_called_missing(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send("哪里收中药材")
    assert t("zh", "demand.none_word", word="中药材") not in replies.texts


@pytest.mark.parametrize(
    ("said", "plain"), [("阿达收土豆", "哪里收土豆"), ("土豆阿达收", "土豆哪里收")]
)
async def test_adá_asks_where_to_sell(harness: Harness, said: str, plain: str) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    assert (await farmer.send(said)).texts == (await farmer.send(plain)).texts


async def test_biáo_cancels_a_booking(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    booking = await direct_booking(10001, "SG07", 0, product="大白菜")
    asked = await farmer.send("明天的白菜嫑拉了")
    assert asked.last.text.startswith(f"确定要取消预约 {booking.code}")
    done = await farmer.send("是")
    assert done.last.text == t("zh", "bookings.mine.cancelled", code=booking.code)


@pytest.mark.parametrize(
    ("text", "topic"),
    [("谝闲传", "chat"), ("颇烦得很", "annoyed"), ("攒劲", "praise"), ("么麻达", "ok")],
)
async def test_northwest_small_talk_is_answered_not_offered(
    harness: Harness, text: str, topic: str
) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert replies.texts == [t("zh", f"kb.chatter.{topic}")]
    assert not replies.last.buttons
    # A voice next is no addition to the small talk (blind walk: joined to 么麻达).
    await farmer.send_voice(3)
    async with session_scope() as session:
        stored = list(await session.scalars(select(OpenQuestion)))
    assert all(text not in (q.text or "") for q in stored)


async def test_annoyed_in_english(harness: Harness) -> None:
    await load_county(harness)
    john = harness.user(10002, "John", language_code="en")
    assert (await john.send("so annoyed")).texts == [t("en", "kb.chatter.annoyed")]
    assert await _questions() == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_staff_ask_what_was_collected_today(harness: Harness, lang: str) -> None:
    await load_county(harness)
    await sg01_staffed()
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    done = await direct_booking(10001, "SG01", 0, day=today(), product="土豆", kg=500)
    await direct_booking(10001, "SG01", 1, day=today(), product="大白菜", kg=300)
    async with session_scope() as session:
        await session.execute(
            update(Booking)
            .where(Booking.id == done.id)
            .values(status=BookingStatus.collected, weighed_kg=480)
        )
    if lang == "en":
        async with session_scope() as session:
            await session.execute(
                update(User).where(User.telegram_id == 20001).values(language="en")
            )
    said = "今天收了多少" if lang == "zh" else "how much did we collect today"
    text = (await staff.send(said)).last.text or ""
    assert text.startswith("📦 ")
    assert "480" in text and ("土豆" in text or "potato" in text.lower())
    assert t(lang, "bookings.staff.collected_due", due="")[:6] in text
    assert "300" in text  # the cabbage still to come

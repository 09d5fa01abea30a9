"""The station's busy day, staff side (blind walk items 13, 14, 15, 17), in zh and en: a photo
notice without words asks for them; an answer in the other language than its farmer reads is
asked first and noted to the farmer; staff writing English get English; 已对接 asks first,
takes a buyer, and is undone the same day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today, product_named
from bot.models.knowledge import OpenQuestion
from bot.models.markets import DemandListing
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.questions_util import farmer_and_staff, speaks
from tests.e2e.test_broadcasts_e2e import county  # noqa: F401 (a fixture)
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e


async def _language(telegram_id: int) -> tuple[str, bool]:
    async with session_scope() as session:
        user = await session.get(User, telegram_id)
        assert user is not None
        return user.language, user.language_chosen


# ---------------------------------------------------------------- 13: a photo without words


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_photo_without_words_asks_for_them(
    harness: Harness,
    county: dict[str, int],  # noqa: F811
    lang: str,
) -> None:
    await speaks(lang, 20001)
    staff = harness.user(20001, "李站长")
    await staff.send("/broadcast")
    # Before: straight to "who gets it?", and a notice of a photo and no words went out.
    asked = await staff.send_photo()
    assert asked.last.text == t(lang, "broadcasts.ask_caption")
    assert asked.last.buttons == [
        t(lang, "broadcasts.photo_alone"),
        t(lang, "broadcasts.cancel_draft"),
    ]
    # The next text is the photo's words: the photo kept.
    audience = await staff.send("新到的化肥，站里有货")
    assert audience.last.text == t(lang, "broadcasts.ask_audience")
    preview = await staff.press(t(lang, "broadcasts.audience.station"))
    assert preview.last.kind == "photo" and "新到的化肥，站里有货" in (preview.last.caption or "")
    await staff.press(t(lang, "broadcasts.send_now"))
    farmer = harness.user(10001, "")
    assert farmer.last.kind == "photo" and (farmer.last.caption or "").endswith(
        "新到的化肥，站里有货"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_photo_sent_alone_is_listed_as_a_photo(
    harness: Harness,
    county: dict[str, int],  # noqa: F811
    lang: str,
) -> None:
    await speaks(lang, 20001)
    staff = harness.user(20001, "李站长")
    await staff.send("/broadcast")
    await staff.send_photo()
    audience = await staff.press(t(lang, "broadcasts.photo_alone"))
    assert audience.last.text == t(lang, "broadcasts.ask_audience")
    preview = await staff.press(t(lang, "broadcasts.audience.station"))
    # The notice is its header alone: no empty line under it.
    assert "通知：\n——————" in (preview.last.caption or "") or lang == "en"
    await staff.press(t(lang, "broadcasts.send_now"))
    farmer = harness.user(10001, "")
    assert farmer.last.kind == "photo" and "\n" not in (farmer.last.caption or "")
    # Before: an empty line in /broadcasts.
    listed = await staff.send("/broadcasts")
    assert listed.last.text.split("\n")[-1].strip() == t(lang, "broadcasts.photo_only")


# ------------------------------------------------- 14: an answer in the other language


async def _english_question(harness: Harness) -> int:
    """A question of Tom (10001, who reads English) forwarded to 李站长's station."""
    async with session_scope() as session:
        await farmer_and_staff(session)
        question = OpenQuestion(
            farmer_id=10001,
            text="Do you open on Sunday? Where do I get bags?",
            station_id=1,
            status="open",
        )
        session.add(question)
        await session.flush()
        qid = question.id
    await speaks("en", 10001)
    harness.user(10001, "Tom")
    listed = await harness.user(20001, "李站长").send("/questions")
    assert "（看英文，请用英文回复）" in listed.last.text
    return qid


async def test_a_chinese_answer_to_an_english_farmer_is_asked_first(harness: Harness) -> None:
    qid = await _english_question(harness)
    staff, farmer = harness.user(20001, "李站长"), harness.user(10001, "Tom")
    seen = len(farmer.messages)
    held = await staff.send(f"回复{qid} 周日也开门8点到6点，袋子站里有")
    assert f"问题 #{qid} 的农户看英文，这条回复是中文写的。确定用中文发？" in held.last.text
    assert held.last.buttons == ["✅ 照样发", "✏️ 重写"]
    await harness.delivered()
    assert len(farmer.messages) == seen  # nothing went yet
    # ✏️: not sent, and how to write it again.
    again = await staff.press("✏️ 重写")
    assert again.last.text == t("zh", "questions.lang_rewritten", id=qid)
    await harness.delivered()
    assert len(farmer.messages) == seen
    # Written again in English: it goes without a question.
    sent = await staff.send(f"回复{qid} Yes, 8 to 6 on Sunday; bags are at the station")
    assert t("zh", "questions.reply_sent") in sent.last.text
    await harness.delivered()
    assert farmer.last.text.endswith("Yes, 8 to 6 on Sunday; bags are at the station")


async def test_sent_as_it_is_the_farmer_is_told_it_is_in_chinese(harness: Harness) -> None:
    qid = await _english_question(harness)
    staff, farmer = harness.user(20001, "李站长"), harness.user(10001, "Tom")
    await speaks("en", 20001)  # the staff member reads English: the check is in English
    held = await staff.send(f"reply {qid} 周日也开门8点到6点")
    assert "reads Chinese" not in held.last.text and "Send it in Chinese anyway?" in held.last.text
    send_data = held.last.callback_data[0]
    sent = await staff.press(t("en", "questions.lang_send"))
    assert t("en", "questions.reply_sent") in sent.last.text
    # A second tap on the old button sends nothing more.
    twice = await staff.press_data(send_data, message=held.last)
    assert twice.answer is not None and twice.answer.text == t("en", "questions.lang_gone")
    await harness.delivered()
    told = farmer.last.text
    assert "周日也开门8点到6点" in told
    assert told.endswith(
        "(The station replied in Chinese. If you can't read it, ask someone to help, or ask again.)"
    )


# ------------------------------------------------------------- 15: staff who write English


async def test_staff_who_write_english_are_answered_in_english(harness: Harness) -> None:
    async with session_scope() as session:
        await farmer_and_staff(session)
    staff = harness.user(20001, "李站长")
    # Before: 明天… in Chinese until "English please".
    replies = await staff.send("who is coming tomorrow")
    assert replies.texts[0].startswith("No collection times on ")
    assert await _language(20001) == ("en", False)
    assert t("en", "language.followed") in replies.texts
    # A Chinese errand goes back to Chinese (as farmers' language follows both ways).
    await staff.send("明天谁来")
    assert await _language(20001) == ("zh", False)
    # An answer for an English farmer is words for them, not a wish for English.
    await staff.send("回复99 We open on Sunday")
    assert await _language(20001) == ("zh", False)


async def test_a_chosen_language_wins_over_what_staff_write(harness: Harness) -> None:
    async with session_scope() as session:
        await farmer_and_staff(session)
    await speaks("zh", 20001, chosen=True)
    staff = harness.user(20001, "李站长")
    replies = await staff.send("pickups tomorrow")
    assert t("en", "language.followed") not in replies.texts
    assert await _language(20001) == ("zh", True)


# ----------------------------------------------------------------- 17: 已对接 asked first


async def _listed(harness: Harness) -> None:
    async with session_scope() as session:
        today = local_today(harness.app.bot_data["settings"].tz)
        await seed_markets(session, today)
        await farmer_and_staff(session)
        corn = await product_named(session, "玉米")
        assert corn is not None
        session.add(
            DemandListing(
                buyer="饲料厂", product_id=corn.id, quantity=50, quantity_unit="吨", price=1.1,
                price_unit="斤", place="", contact="0931-8888", valid_until=today + timedelta(5),
            )
        )  # fmt: skip
    harness.user(20001, "李站长")  # told of the listing
    farmer = harness.user(10001, "张大爷")
    draft = await farmer.send("我有两千斤玉米要卖，一块二一斤")
    await farmer.press("✅ 确认登记", message=draft.last)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_matching_asks_first_takes_a_buyer_and_is_undone(harness: Harness, lang: str) -> None:
    await _listed(harness)
    await speaks(lang, 20001)
    staff, farmer = harness.user(20001, "李站长"), harness.user(10001, "张大爷")
    listed = await staff.send("/offers")
    seen = len(farmer.messages)
    asked = await staff.press(listed.last.buttons[0])
    # Before: 好消息 went to the farmer at once. Now: asked, with the product's buyers.
    assert "#1" in asked.last.text and "0931-8888" in asked.last.text
    assert t(lang, "offers.buyers_known") in asked.last.text
    await harness.delivered()
    assert len(farmer.messages) == seen
    # The buyer typed: the match is made with it, and the farmer told it.
    done = await staff.send("王老板 1.2元一斤")
    assert t(lang, "offers.buyer_noted", buyer="王老板 1.2元一斤") in done.last.text
    assert done.last.buttons == [t(lang, "offers.undo_button", id=1)]
    await harness.delivered()
    assert farmer.last.text.startswith("好消息！服务站已经为您的玉米 2000斤 找到了买家")
    assert farmer.last.text.endswith("买家：王老板 1.2元一斤")
    assert (await staff.send("/offers")).last.text == t(lang, "offers.none")
    # ↩️ the same day: the farmer gets a correction; the listing is open again.
    undone = await staff.press(t(lang, "offers.undo_button", id=1), message=done.last)
    assert undone.last.text.startswith("↩️")
    await harness.delivered()
    assert farmer.last.text.startswith("↩️ 更正：服务站之前说为您的玉米 2000斤找到了买家")
    assert "#1" in (await staff.send("/offers")).last.text


async def test_a_mis_tap_is_kept_open(harness: Harness) -> None:
    await _listed(harness)
    staff, farmer = harness.user(20001, "李站长"), harness.user(10001, "张大爷")
    listed = await staff.send("/offers")
    asked = await staff.press(listed.last.buttons[0])
    seen = len(farmer.messages)
    kept = await staff.press(t("zh", "offers.keep_open"), message=asked.last)
    assert kept.last.text == t("zh", "offers.kept_open", id=1)
    await harness.delivered()
    assert len(farmer.messages) == seen
    assert "#1" in (await staff.send("/offers")).last.text

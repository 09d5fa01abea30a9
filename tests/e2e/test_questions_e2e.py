"""Questions to the station end to end: who may see them, answered once, double taps, errors.

Issue 10 items 6 (forged `qa:re:<id>`, answering twice), 15 (double taps on
"forward", "no thanks", "save") and 16 (what the generic error says).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionMedia
from bot.models.users import Role
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import Message
from bot.users import Visitor, set_role, touch
from handlers.render import MESSAGE_LIMIT, utf16_len
from handlers.render import knowledge as ask_view
from knowledge.kb import staff_answers
from tests.e2e.questions_util import farmer_and_staff

pytestmark = pytest.mark.e2e

QUESTION = "大棚草莓叶子边缘焦枯是什么原因"


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Farmer 10001 of station 1, a farmer without a station, staff of stations 1 and 2."""
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.station_id = 1
        await touch(session, Visitor(10003, "新农户"))
        for telegram_id, name, station in (
            (20001, "李站长", 1),
            (20002, "外站", 2),
            (20003, "李站员", 1),
        ):
            await touch(session, Visitor(telegram_id, name))
            await set_role(session, telegram_id, Role.staff, station_id=station)
            harness.user(telegram_id, name)  # each has a chat with the bot
    return harness


async def _asked(harness: Harness, farmer_id: int, name: str) -> tuple[int, Message]:
    """The farmer asks what the base cannot answer; returns the question id and the offer."""
    farmer = harness.user(farmer_id, name)
    offer = (await farmer.send(QUESTION)).last
    # 新农户 has no station yet: the offer says the county's admins would get it.
    assert offer.text == t("zh", "kb.declined" if farmer_id == 10001 else "kb.declined_no_station")
    return int(offer.callback_data[0].removeprefix("kb:fw:")), offer


async def _added(question_id: int, key: str = "kb.follow_up_added") -> str:
    """What the farmer is told when a message joined question `question_id`."""
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        assert q is not None
        return ask_view.follow_up_added(q, "zh", ZoneInfo("Asia/Shanghai"), key)


async def _stored_answer(question_id: int) -> str | None:
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        assert q is not None
        return q.answer


async def test_a_forged_reply_button_shows_nothing_of_an_unforwarded_question(
    county: Harness,
) -> None:
    for farmer_id, name in ((10003, "新农户"), (10001, "张大爷")):
        question_id, _ = await _asked(county, farmer_id, name)
        for staff_id, staff_name in ((20001, "李站长"), (20002, "外站")):
            staff = county.user(staff_id, staff_name)
            await staff.send("/start")
            forged = await staff.press_data(f"qa:re:{question_id}")
            assert forged.answer is not None
            assert forged.answer.text == t("zh", "questions.not_allowed")
            assert not [m for m in forged if QUESTION in m.content]
            # Typing now is not taken as a reply to it.
            await staff.send("随便答一个")
            assert await _stored_answer(question_id) is None
        listing = await county.user(20001, "李站长").send("/questions")
        assert listing.last.text == t("zh", "questions.none_open")


async def test_another_stations_staff_cannot_answer_a_forwarded_question(county: Harness) -> None:
    question_id, _ = await _asked(county, 10001, "张大爷")
    await county.user(10001, "张大爷").press(t("zh", "kb.ask_station_button"))
    outsider = county.user(20002, "外站")
    await outsider.send("/start")
    forged = await outsider.press_data(f"qa:re:{question_id}")
    assert forged.answer is not None and forged.answer.text == t("zh", "questions.not_allowed")
    assert (await outsider.send("/questions")).last.text == t("zh", "questions.none_open")


@pytest.mark.both_databases
async def test_a_question_is_answered_once(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    question_id, _ = await _asked(county, 10001, "张大爷")
    await farmer.press(t("zh", "kb.ask_station_button"))
    first, second = county.user(20001, "李站长"), county.user(20003, "李站员")
    # Both open the question before either answers.
    await first.press_data(f"qa:re:{question_id}", message=first.last)
    await second.press_data(f"qa:re:{question_id}", message=second.last)
    done = await first.send("多半是缺钾，叶面喷磷酸二氢钾。")
    assert done.last.text == t("zh", "questions.reply_sent")
    late = await second.send("是病毒病，拔掉烧了。")
    assert late.last.text == t("zh", "questions.already_answered")
    assert await _stored_answer(question_id) == "多半是缺钾，叶面喷磷酸二氢钾。"
    replies_to_farmer = [m for m in farmer.messages if "服务站回复" in m.content]
    assert len(replies_to_farmer) == 1 and "多半是缺钾" in replies_to_farmer[0].content
    # Pressed now, the answered question takes more for the farmer (not a second answer).
    again = await second.press_data(f"qa:re:{question_id}", message=second.last)
    assert (again.last.text or "").startswith(f"问题 #{question_id} 已经回复过了")


async def test_a_long_answer_reaches_the_farmer_whole_up_to_a_message_and_staff_are_told(
    county: Harness,
) -> None:
    # A 3,500-character answer was cut to 1,000 without a word (sandbox walk).
    farmer = county.user(10001, "张大爷")
    question_id, _ = await _asked(county, 10001, "张大爷")
    await farmer.press(t("zh", "kb.ask_station_button"))
    staff = county.user(20001, "李站长")
    await staff.press_data(f"qa:re:{question_id}", message=staff.last)
    long = "先停肥，浇透水，叶面喷磷酸二氢钾。" * 200  # 3,400 characters
    done = await staff.send(long)
    kept = staff_answers.MAX_STAFF_ANSWER
    assert t("zh", "questions.reply_cut", kept=kept) in done.texts
    stored = await _stored_answer(question_id)
    assert stored == long[:kept] and len(stored) == 3000
    (reply,) = [m for m in farmer.messages if "服务站回复" in m.content]
    assert long[:kept] in reply.content


@pytest.mark.both_databases
async def test_double_taps_get_an_answer_and_nothing_twice(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    _, offer = await _asked(county, 10001, "张大爷")
    forward_data, keep_data = offer.callback_data  # the message loses its buttons below
    first = await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    assert first.last.text == t("zh", "kb.forwarded")
    notices = len(staff.messages)
    # The second tap of a double tap carries the same button as the first.
    again = await farmer.press_data(forward_data, message=offer)
    assert again.answer is not None and again.answer.text == t("zh", "kb.already_forwarded")
    assert list(again) == [] and len(staff.messages) == notices

    _, kept_offer = await _asked(county, 10001, "张大爷")
    keep_data = kept_offer.callback_data[1]
    kept = await farmer.press(t("zh", "kb.no_thanks"), message=kept_offer)
    assert kept.last.text == t("zh", "kb.kept")
    kept_again = await farmer.press_data(keep_data, message=kept_offer)
    assert kept_again.answer is not None and kept_again.answer.text == t("zh", "kb.kept")
    assert list(kept_again) == []

    item = (await staff.send("/questions")).last
    await staff.press(item.buttons[0], message=item)
    sent = (await staff.send("多半是缺钾，叶面喷磷酸二氢钾。")).last
    save_data = sent.callback_data[0]
    saved = await staff.press(t("zh", "questions.save_button"), message=sent)
    assert saved.last.text == t("zh", "review.proposed")  # waits for an admin's /review
    saved_again = await staff.press_data(save_data, message=sent)
    assert saved_again.answer is not None
    assert saved_again.answer.text == t("zh", "review.already_proposed")
    assert list(saved_again) == []
    # The harness fixture then checks no request was refused (no "message is not
    # modified", no second answerCallbackQuery) and no handler raised.


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_generic_error_says_what_is_true(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr("handlers.start.register_visitor", broken)
    farmer = harness.user(10001, "张大爷", language_code="zh-hans" if lang == "zh" else "en")
    replies = await farmer.send("/help")
    assert replies.texts == [t(lang, "error.generic")]
    harness.take_errors()
    text = replies.texts[0]
    # Nothing retries the message: the text must not promise it was kept.
    if lang == "zh":
        assert "没有丢" not in text and "再发一次" in text
    else:
        assert "not lost" not in text and "send it again" in text


async def test_a_button_the_handler_already_answered_is_not_answered_again(
    county: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("staff list unavailable")

    farmer = county.user(10001, "张大爷")
    _, offer = await _asked(county, 10001, "张大爷")
    monkeypatch.setattr("handlers.ask_forward.notify_staff", broken)
    replies = await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    assert replies.texts == [t("zh", "error.generic")]
    assert [str(e) for e in county.take_errors()] == ["staff list unavailable"]
    # The fixture fails the test if answerCallbackQuery was sent twice (400 query too old).


async def test_a_long_queue_of_long_questions_reaches_staff(county: Harness) -> None:
    # 25 forwarded questions of a whole message each (4,000 characters of emoji and
    # text): they arrive in a few messages Telegram accepts, each question's button
    # under it, and the header says how many wait in all.
    long_text = "🐛" * 1000 + "叶子发黄" * 500
    # The messages are sent back to back; Telegram's per-chat flood limit would only
    # space them by a second each (it has its own tests: tests/e2e/test_faults_e2e.py).
    county.server.set_flood_limits(FloodLimits.off())
    async with session_scope() as session:
        session.add_all(
            OpenQuestion(farmer_id=10001, text=long_text, station_id=1, status="open")
            for _ in range(25)
        )
    staff = county.user(20001, "李站长")
    listed = await staff.send("/questions")
    header = t("zh", "questions.list_header_more", count=25, shown=20)
    assert all((m.text or "").startswith(header) for m in listed)
    assert 1 < len(listed) <= 7
    assert all(utf16_len(m.text or "") <= MESSAGE_LIMIT for m in listed)
    buttons = [b for m in listed for b in m.buttons if b.startswith("✍️")]
    assert len(buttons) == 20 == len(set(buttons))
    # Each with its 🗑 不用回复 beside it.
    assert sum(b.startswith("🗑") for m in listed for b in m.buttons) == 20
    reply = await staff.press(buttons[-1], message=listed[-1])
    assert reply.last.text.startswith("请直接输入对问题")


@pytest.mark.both_databases
async def test_a_reply_in_progress_survives_a_restart(settings: Settings) -> None:
    # Staff press "reply", the bot restarts, staff type the answer: it reaches the farmer.
    async with BotApiServer() as server:
        async with Harness.start(settings, server=server) as first:
            async with session_scope() as session:
                await farmer_and_staff(session)
                session.add(
                    OpenQuestion(farmer_id=10001, text=QUESTION, station_id=1, status="open")
                )
            staff = first.user(20001, "李站长")
            listed = await staff.send("/questions")
            prompt = await staff.press(listed.last.buttons[0], message=listed.last)
            assert prompt.last.text.startswith("请直接输入对问题")
        async with Harness.start(settings, server=server) as second:
            farmer = second.user(10001, "张大爷")
            staff = second.user(20001, "李站长")
            await staff.send("叶子边缘焦枯多半是缺钾或者肥害，先停肥浇透水。")
            assert any("缺钾" in (m.text or "") for m in farmer.messages)
            second.assert_clean()


async def test_what_a_farmer_adds_after_a_forward_joins_the_question(county: Harness) -> None:
    question_id, offer = await _asked(county, 10001, "张大爷")
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    more = await farmer.send("十几棵都这样了，两天了")
    assert more.last.text == await _added(question_id)
    told = [m for m in staff.messages if "十几棵都这样了" in (m.text or "")]
    assert len(told) == 1 and told[0].callback_data == [f"qa:re:{question_id}"]
    listed = await staff.send("/questions")
    assert f"{QUESTION}\n➕ 十几棵都这样了，两天了" in listed.last.text
    async with session_scope() as session:
        rows = list(await session.scalars(select(OpenQuestion)))
    assert [q.id for q in rows] == [question_id]  # no second question


async def test_a_question_about_another_crop_after_a_forward_is_a_question_of_its_own(
    county: Harness,
) -> None:
    # Within the follow-up window, but about grapes, not the forwarded strawberries: staff
    # would get it glued to the wrong thread, and the farmer no answer (sandbox walk).
    question_id, offer = await _asked(county, 10001, "张大爷")
    farmer = county.user(10001, "张大爷")
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    other = await farmer.send("我家葡萄叶子卷起来发红是啥病")
    assert other.last.text != await _added(question_id)
    # The same crop again, or no crop at all, is still more of the same question.
    more = await farmer.send("草莓也开始烂了")
    assert more.last.text == await _added(question_id)
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
    assert q is not None and q.text == f"{QUESTION}\n➕ 草莓也开始烂了"


async def test_a_photo_after_a_forward_joins_the_question_with_its_caption(
    county: Harness,
) -> None:
    question_id, offer = await _asked(county, 10001, "张大爷")
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    more = await farmer.send_photo(caption="这是啥病")
    assert more.last.text == await _added(question_id)
    (shown,) = [m for m in staff.messages if "这是啥病" in m.content]
    assert "photo" in shown.media  # the photo reaches staff, with the caption
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
    assert q is not None and q.text.endswith("\n➕ 这是啥病") and q.photo_file_id is not None


async def test_a_bare_what_now_after_a_forward_joins_it_but_small_talk_does_not(
    county: Harness,
) -> None:
    question_id, offer = await _asked(county, 10001, "张大爷")
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    # "这可咋办" says nothing by itself; after a forward it is about that question.
    more = await farmer.send("这可咋办")
    assert more.last.text == await _added(question_id)
    assert [m for m in staff.messages if "这可咋办" in (m.text or "")]
    # Greetings, thanks and "what are you up to" in dialect are not added to it.
    assert (await farmer.send("谢谢啦")).last.text == t("zh", "kb.thanks")
    assert (await farmer.send("搞么子")).last.text == t("zh", "kb.chatter.idle")
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        count = await session.scalar(select(func.count()).select_from(OpenQuestion))
    assert q is not None and q.text == f"{QUESTION}\n➕ 这可咋办"
    assert count == 1


async def test_a_file_telegram_no_longer_has_does_not_hide_the_question(county: Harness) -> None:
    question_id, offer = await _asked(county, 10001, "张大爷")
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    await farmer.send_photo(caption="这是啥病")
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        assert q is not None
        # Gone from Telegram (or from another bot's store).
        q.photo_file_id = "no-such-file"
        await session.execute(
            update(QuestionMedia)
            .where(QuestionMedia.question_id == question_id)
            .values(file_id="no-such-file")
        )
    listed = await staff.send("/questions")
    assert t("zh", "error.generic") not in listed.texts
    assert any("这是啥病" in text for text in listed.texts)  # as text, with its reply button
    assert [r for r in county.server.take_rejections() if "sendPhoto" in str(r)]


async def test_the_farmer_is_told_which_question_an_addition_joined_and_can_take_it_out(
    county: Harness,
) -> None:
    # Sandbox walk: a photo and a text sent after a forward joined it without saying which.
    question_id, offer = await _asked(county, 10001, "张大爷")
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    added = (await farmer.send("两天了，越来越多")).last
    assert "「大棚草莓叶子边缘焦枯是什么原因」" in added.text and "06-10 10:00" in added.text
    assert added.buttons == [t("zh", "kb.new_question_button")]
    seen = len(staff.messages)
    split = await farmer.press(t("zh", "kb.new_question_button"), message=added)
    assert split.last.text == t("zh", "kb.split_off", id=question_id, text="两天了，越来越多")
    assert split.last.buttons == [t("zh", "kb.ask_station_button"), t("zh", "kb.no_thanks")]
    # Staff, who were sent the addition, are told it is not part of the question.
    [withdrawn] = staff.messages[seen:]
    assert withdrawn.text == t(
        "zh", "questions.follow_up_withdrawn", id=question_id, text="两天了，越来越多"
    )
    async with session_scope() as session:
        old = await session.get(OpenQuestion, question_id)
        new = await session.scalar(select(OpenQuestion).where(OpenQuestion.id != question_id))
    assert old is not None and old.text == QUESTION
    assert new is not None and new.text == "两天了，越来越多" and new.status == "unanswered"
    # Pressed again: nothing left to take out.
    again = await farmer.press_data(ask_view.NewQuestion(question_id, "ffffff").encode())
    assert again.answer is not None and again.answer.text == t("zh", "kb.split_gone")
    # Someone else's press is refused.
    stranger = county.user(10003, "新农户")
    await stranger.send("/start")
    forged = await stranger.press_data(ask_view.NewQuestion(question_id, "ffffff").encode())
    assert forged.answer is not None and forged.answer.text == t("zh", "kb.not_yours")


async def test_a_photo_taken_out_of_a_forwarded_question_keeps_its_photo(county: Harness) -> None:
    question_id, offer = await _asked(county, 10001, "张大爷")
    farmer = county.user(10001, "张大爷")
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    added = (await farmer.send_photo()).last
    assert added.text == await _added(question_id)
    split = await farmer.press(t("zh", "kb.new_question_button"), message=added)
    assert split.last.text == t(
        "zh", "kb.split_off", id=question_id, text=t("zh", "questions.photo_question")
    )
    async with session_scope() as session:
        old = await session.get(OpenQuestion, question_id)
        new = await session.scalar(select(OpenQuestion).where(OpenQuestion.id != question_id))
    assert old is not None and old.photo_file_id is None and old.text == QUESTION
    assert new is not None and new.photo_file_id is not None


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_staff_add_to_an_answer_and_the_farmer_gets_each_reply(
    county: Harness, lang: str
) -> None:
    # Blind test: a staff member's second reply to the same farmer's question was refused.
    farmer = county.user(10001, "张大爷")
    question_id, _ = await _asked(county, 10001, "张大爷")
    await farmer.press(t("zh", "kb.ask_station_button"))
    staff = county.user(20001, "李站长")
    if lang == "en":
        await staff.send("/language")
        await staff.press("English")
    await staff.press_data(f"qa:re:{question_id}", message=staff.last)
    await staff.send("多半是缺钾，叶面喷磷酸二氢钾。")
    prompt = await staff.press_data(f"qa:re:{question_id}")
    assert prompt.last.text == t(
        lang, "questions.type_more", id=question_id, answer="多半是缺钾，叶面喷磷酸二氢钾。"
    )
    done = await staff.send("三天后再喷一次。")
    assert done.texts == [t(lang, "questions.more_sent")]
    assert farmer.last.text == t(
        "zh", "questions.more_to_farmer", question=QUESTION, answer="三天后再喷一次。"
    )
    # And once more: each follow-up reaches the farmer (none taken for the one before).
    await staff.press_data(f"qa:re:{question_id}")
    await staff.send("还不行就拍张照片来。")
    replies = [m.text or "" for m in farmer.messages if "补充了几句" in (m.text or "")]
    assert len(replies) == 2 and replies[-1].endswith("还不行就拍张照片来。")
    assert await _stored_answer(question_id) == (
        "多半是缺钾，叶面喷磷酸二氢钾。\n➕ 三天后再喷一次。\n➕ 还不行就拍张照片来。"
    )
    # Another station's staff still may not.
    outsider = county.user(20002, "外站")
    await outsider.send("/start")
    forged = await outsider.press_data(f"qa:re:{question_id}")
    assert forged.answer is not None and forged.answer.text == t("zh", "questions.not_allowed")

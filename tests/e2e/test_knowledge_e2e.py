"""Knowledge questions end to end: answers, did-you-mean, and the way to the station."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.audit import entries
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.kb import phrasings
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from knowledge.text.english import width
from tests.e2e.questions_util import farmer_and_staff

ENTRIES = [
    Entry(
        "pest-1",
        "西红柿叶子发黄怎么办",
        "下部老叶均匀发黄多为缺氮，追施尿素每亩5公斤。",
        ["番茄黄叶", "柿子叶子黄"],
        ["西红柿", "黄叶"],
        "pests_diseases",
    ),
    Entry(
        "pest-2",
        "土豆晚疫病怎么防治",
        "发病初期喷代森锰锌，7天一次，连喷2-3次。",
        ["马铃薯晚疫病用什么药"],
        ["土豆", "晚疫病"],
        "pests_diseases",
    ),
    Entry(
        "store-1",
        "土豆怎么储存不发芽",
        "放阴凉黑暗处，温度2-4℃，湿度85%。",
        ["洋芋发芽了"],
        ["土豆", "储存"],
        "storage",
    ),
    Entry(
        "store-2",
        "土豆储存怎么防冻",
        "窖温不要低于1℃，寒潮时加盖草帘。",
        ["土豆冻了"],
        ["土豆", "防冻"],
        "storage",
    ),
]


@pytest.fixture
async def base(harness: Harness) -> Harness:
    """The harness with a small knowledge base, a station (1) and its staff member."""
    async with session_scope() as session:
        await upsert_entries(session, ENTRIES, engine(), by="test")
        await farmer_and_staff(session)
    return harness


async def test_a_clear_question_gets_its_answer(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send("洋芋老是发芽咋办")
    assert replies.last.text.startswith("📖 土豆怎么储存不发芽\n放阴凉黑暗处")
    assert replies.last.buttons == [t("zh", "kb.ask_station_button")]


async def test_dialect_and_typo(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    assert (await farmer.send("西红事叶子黄了")).last.text.startswith(
        "📖 西红柿叶子发黄怎么办\n下部老叶"
    )
    assert (await farmer.send("马铃薯晚疫病用啥药")).last.text.startswith(
        "📖 土豆晚疫病怎么防治\n发病初期"
    )


async def test_did_you_mean_then_pick(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send("土豆储存")
    assert replies.last.text == t("zh", "kb.did_you_mean")
    assert set(replies.last.buttons[:2]) == {"土豆怎么储存不发芽", "土豆储存怎么防冻"}
    assert replies.last.buttons[-1] == t("zh", "kb.none_of_these")
    picked = await farmer.press("土豆储存怎么防冻")
    assert picked.last.text.startswith("📖 土豆储存怎么防冻\n窖温不要低于1℃")


@pytest.mark.parametrize(("lang", "text"), [("zh", "土豆储存"), ("en", "potato storage")])
async def test_suggestions_for_a_farmer_without_staff_offer_the_county(
    base: Harness, lang: str, text: str
) -> None:
    # Blind test: "🙋 都不是，问服务站" for a farmer whose question would go to the county
    # (no station; here also a station nobody staffs on the bot), as answers say 问县里.
    newcomer, unstaffed = base.user(10003, "新农户"), base.user(10004, "老农户")
    async with session_scope() as session:
        for telegram_id, name, station in ((10003, "新农户", None), (10004, "老农户", 2)):
            user, _ = await touch(session, Visitor(telegram_id, name))
            user.station_id, user.language = station, lang
    for farmer, told in ((newcomer, "no_staff"), (unstaffed, "unstaffed")):
        offered = (await farmer.send(text)).last
        assert offered.text == t(lang, "kb.did_you_mean")
        assert offered.buttons[-1] == t(lang, "kb.none_of_these_county")
        sent = await farmer.press(t(lang, "kb.none_of_these_county"), message=offered)
        assert sent.last.text == t(lang, f"kb.forwarded_{told}")


async def test_unknown_question_reaches_the_station_and_back(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    staff = base.user(20001, "李站长")
    replies = await farmer.send("大棚草莓叶子边缘焦枯是什么原因")
    assert replies.last.text == t("zh", "kb.declined")
    forwarded = await farmer.press(t("zh", "kb.ask_station_button"))
    assert forwarded.last.text == t("zh", "kb.forwarded")

    notice = staff.last  # pushed while the farmer's press was handled
    assert "大棚草莓叶子边缘焦枯" in notice.text and "张大爷" in notice.text
    listing = await staff.send("/questions")
    item = listing.last
    assert "大棚草莓叶子边缘焦枯" in item.text
    prompt = await staff.press(item.buttons[0], message=item)
    assert "大棚草莓叶子边缘焦枯" in prompt.last.text
    done = await staff.send("多半是缺钾加上高温，叶面喷磷酸二氢钾，注意通风降温。")
    assert done.last.text == t("zh", "questions.reply_sent")

    answer = farmer.last
    assert "多半是缺钾" in answer.text and "大棚草莓叶子边缘焦枯" in answer.text

    # Saved by staff, the reply waits for an admin's review: farmers do not get it yet.
    saved = await staff.press(t("zh", "questions.save_button"))
    assert saved.last.text == t("zh", "review.proposed")
    before = await farmer.send("草莓叶子边缘焦枯")
    assert "多半是缺钾" not in before.last.text
    admin = base.user(30001, "县管理员")
    waiting = (await admin.send("/review")).last
    assert waiting.text.startswith("📝 待审核的知识条目")
    assert "多半是缺钾" in waiting.text and "⚠️" not in waiting.text
    assert waiting.buttons == ["✅ 通过", "✏️ 修改", "✖ 不要"]
    approved = await admin.press("✅ 通过", message=waiting)
    assert approved.texts[-2].startswith("✅ 已通过（station-q")
    assert approved.last.text == t("zh", "review.empty")
    assert staff.last.text.startswith("✅ 您提交的知识条目「大棚草莓叶子边缘焦枯")
    again = await farmer.send("草莓叶子边缘焦枯")
    assert again.last.text.startswith("📖 大棚草莓叶子边缘焦枯是什么原因\n多半是缺钾")
    # The answer and the proposal are in the audit log by the staff member, the approval by the admin.
    async with session_scope() as session:
        logged = [(e.action, e.actor_id) for e in await entries(session)]
    assert logged == [
        ("kb.approve", 30001),
        ("kb.propose", 20001),
        ("question.answer", 20001),
    ]


async def test_a_farmer_cannot_forward_someone_elses_question(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    await farmer.send("大棚草莓叶子边缘焦枯是什么原因")
    question_id = farmer.last.callback_data[0].removeprefix("kb:fw:")
    other = base.user(10002, "李婶")
    await other.send("/start")
    replies = await other.press_data(f"kb:fw:{question_id}")
    assert replies.answer is not None and replies.answer.text == t("zh", "kb.not_yours")


async def test_only_staff_see_questions(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    assert (await farmer.send("/questions")).last.text == t("zh", "guard.staff_only")
    staff = base.user(20001, "李站长")
    assert (await staff.send("/questions")).last.text == t("zh", "questions.none_open")


async def test_a_crop_photo_can_go_to_the_station(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    staff = base.user(20001, "李站长")
    replies = await farmer.send_photo(caption="辣椒叶子上这是什么病")
    assert replies.last.text == t("zh", "kb.photo_received")
    await farmer.press(t("zh", "kb.ask_station_button"))
    notice = staff.last
    assert notice.kind == "photo" and "辣椒叶子" in (notice.caption or "")


async def test_a_photo_after_an_unanswered_question_goes_with_it(base: Harness) -> None:
    # 答不上来, then a photo of the same sick pepper plants: one question, words and photo.
    farmer = base.user(10001, "张大爷")
    staff = base.user(20001, "李站长")
    await farmer.send("大棚草莓叶子边缘焦枯是什么原因")
    assert farmer.last.text == t("zh", "kb.declined")
    replies = await farmer.send_photo()
    assert replies.last.text == t("zh", "kb.photo_joined")
    await farmer.press(t("zh", "kb.ask_station_button"))
    notice = staff.last
    assert notice.kind == "photo" and "草莓叶子边缘焦枯" in (notice.caption or "")


async def test_a_question_keeps_its_first_photo(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    await farmer.send("大棚草莓叶子边缘焦枯是什么原因")
    assert (await farmer.send_photo()).last.text == t("zh", "kb.photo_joined")
    await farmer.press(t("zh", "kb.no_thanks"))
    # Not forwarded, and it has its photo: another photo is a question of its own.
    assert (await farmer.send_photo()).last.text == t("zh", "kb.photo_received")


async def test_a_picked_suggestion_teaches_the_base_the_farmers_words(base: Harness) -> None:
    # The farmer's words become a proposed phrasing; once an admin approves it,
    # the same words are that entry's own phrasing: answered outright, at once.
    farmer = base.user(10001, "张大爷")
    offered = (await farmer.send("土豆储存")).last
    assert offered.text == t("zh", "kb.did_you_mean")
    assert offered.buttons[0] == "土豆怎么储存不发芽"
    await farmer.press("土豆储存怎么防冻")
    async with session_scope() as session:
        (proposed,) = await phrasings.list_phrasings(session)
        assert (proposed.entry_id, proposed.text, proposed.source) == (
            "store-2",
            "土豆储存",
            "suggestion",
        )
        await phrasings.approve(session, proposed.id, engine(), by="admin")
    again = (await farmer.send("土豆储存")).last
    assert again.text.startswith("📖 土豆储存怎么防冻\n窖温不要低于1℃")


async def test_an_english_reader_sees_what_each_suggestion_is_about(base: Harness) -> None:
    # The base has no English titles: each button says what its entry is about in English,
    # then the entry's own Chinese question (was the glossed words alone, a tag list such
    # as "price, jin, kg" or "check" that could say another question than the entry's).
    farmer = base.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    offered = (await farmer.send("potato storage")).last
    assert offered.text == t("en", "kb.did_you_mean")
    questions = {entry.question for entry in ENTRIES}
    for label in offered.buttons[:-1]:
        hint, _, chinese = label.partition(" · ")
        assert hint and not re.search(r"[\u3400-\u9fff]", hint), label
        # The Chinese question as the entry says it, cut only at its end to fit a phone.
        said = chinese.removesuffix("…")
        assert said and any(q.startswith(said) for q in questions), label
        assert width(label) <= 36, label
    assert any(label.startswith("potato") for label in offered.buttons[:-1]), offered.buttons
    assert offered.buttons[-1] == t("en", "kb.none_of_these")


@pytest.mark.parametrize(
    ("lang", "asked", "heading", "answer"),
    [
        (
            "zh",
            "柿子叶子黄了",
            "📖 西红柿叶子发黄怎么办",
            "下部老叶均匀发黄多为缺氮，追施尿素每亩5公斤。",
        ),
        (
            "en",
            "how to store potatoes so they do not sprout",
            "📖 How do I store potatoes so they don't sprout?",
            "Keep them somewhere cool and dark: 2-4 °C, humidity about 85%.",
        ),
    ],
)
async def test_an_answer_starts_with_the_question_it_answers(
    base: Harness, lang: str, asked: str, heading: str, answer: str
) -> None:
    # Blind test: 柑子树叶子黄了 got 椪柑黄龙病's answer (dig the tree up) with nothing saying
    # which question FarmHub had taken it for. The entry's question comes first, in English
    # for an English reader.
    async with session_scope() as session:
        english = replace(
            ENTRIES[2],  # store-1, 土豆怎么储存不发芽
            question_en="How do I store potatoes so they don't sprout?",
            answer_en="Keep them somewhere cool and dark: 2-4 °C, humidity about 85%.",
        )
        await upsert_entries(session, [english], engine(), by="test")
    farmer = base.user(10001, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    replied = (await farmer.send(asked)).last
    assert replied.text == f"{heading}\n{answer}\n\n{t(lang, 'kb.answer_footer')}"
    assert replied.buttons == [t(lang, "kb.ask_station_button")]

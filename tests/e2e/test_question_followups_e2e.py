"""What a farmer sends after a forward: more of the question, or something of its own.

Sandbox walk: for two hours after a forward, 我约的啥时候来着, 洋芋的提醒改成一块八, 低保咋
申请 and 我家苞谷啥时候能卖 were all "已经补充到您…的问题 #2 里了": the farmer got no
answer and staff a push per line. A long message (600 characters about a crop) was refused
with no way forward.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import KbPhrasing, OpenQuestion
from bot.sandbox.harness import Harness
from handlers.render import knowledge as ask_view
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.questions_util import speaks, station_county, stored_questions

pytestmark = pytest.mark.e2e

TZ = ZoneInfo("Asia/Shanghai")
ASKED = {
    "zh": "大棚草莓叶子边缘焦枯是什么原因",
    "en": "my strawberry leaves have burnt edges, why?",
}
UNCLEAR = {"zh": "草莓怎么施肥", "en": "how often should I water the strawberries"}
MORE = {"zh": "两天了，越来越多", "en": "it has been two days now"}
ENTRIES = [
    Entry(
        "tomato-1",
        "西红柿下面老叶发黄是缺什么",
        "老叶叶脉间发黄、叶脉还绿，多是缺镁，叶面喷0.2%硫酸镁。",
        ["番茄老叶黄", "西红柿叶脉间黄"],
        ["西红柿", "缺镁"],
        "fertiliser",
        question_en="tomato lower leaves yellow between the veins",
        answer_en="Yellow between green veins on old leaves is mostly magnesium deficiency.",
    ),
]
# A whole situation told at once (over 500 characters): crop, what is seen, what was done.
LONG_ZH = (
    "我家大棚西红柿今年种了三亩，十月中旬定植的，前期长得挺好，施了两次复合肥，浇水大概一个礼拜一次。"
    "最近半个月发现下面的老叶子先是发黄，叶脉之间黄，叶脉还是绿的，后来叶子边缘开始干枯卷起来，"
    "往上面蔓延，现在中部的叶子也开始黄了。果子长得不大，有的果子上有一块一块的青色不转红。"
    "棚里晚上温度十度左右，白天能到三十度，放风不太及时。我前几天打了一遍多菌灵，没见好。"
    "土是老棚土，种了五六年西红柿了，去年也有一点这个情况但是没这么厉害。隔壁老王家也是这样，"
    "他说是缺肥，让我冲施一点高钾肥，我不知道是不是这个原因，也怕是什么病传染开了。"
    "我们村里种大棚的有十几户，大家用的肥料都差不多，都是在镇上农资店买的。家里就我和老伴两个人"
    "管这三个棚，忙不过来，有时候放风晚了，中午棚里热得很，叶子都打蔫了，到了傍晚才缓过来。"
    "前年请过县里的技术员来看过一次，说是土壤有点盐渍化，让多施有机肥，我们也施了一些鸡粪。"
    "今年冬天还特别冷，有几天下雪棚上压得厉害，我们半夜起来扫雪，我儿子在外地打工也回不来帮忙。"
    "想问问这到底是咋回事，该打什么药或者施什么肥，现在这个情况还能不能救回来，后面要注意些啥，"
    "明年还能不能在这个棚里种西红柿，要不要换茬或者处理一下土。麻烦帮我看看，谢谢了。"
)
LONG_EN = (
    "We grow three mu of tomatoes in a greenhouse, planted in the middle of October. "
    "They grew well at first; we gave compound fertiliser twice and water about once a week. "
    "For two weeks the lower old leaves have turned yellow between the veins while the veins "
    "stay green, then the leaf edges dry and curl, and now the middle leaves are going yellow "
    "too. The fruit stays small and some of it has green patches that never turn red. At night "
    "the greenhouse is about ten degrees, in the day up to thirty, and we do not always open "
    "the vents in time. A few days ago I sprayed carbendazim once and nothing changed. The soil "
    "has grown tomatoes for five or six years. My neighbour says it lacks fertiliser and I "
    "should add potassium, but I am afraid it is a disease that spreads. What is it, what "
    "should I spray or feed, can it still be saved, and can I grow tomatoes there next year?"
)


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """张大爷 (10001) of station 1, which 李站长 (20001) staffs; a one-entry base."""
    return await station_county(harness, ENTRIES)


async def _forwarded(harness: Harness, lang: str) -> int:
    """The farmer asks what the base cannot answer and sends it to the station."""
    await speaks(lang, chosen=False)
    farmer = harness.user(10001, "张大爷")
    offer = (await farmer.send(ASKED[lang])).last
    assert offer.text == t(lang, "kb.declined")
    await farmer.press(t(lang, "kb.ask_station_button"), message=offer)
    [question] = await stored_questions()
    return question.id


async def _added(question_id: int, lang: str) -> str:
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        assert q is not None
        return ask_view.follow_up_added(q, lang, TZ)


async def test_requests_and_other_questions_after_a_forward_are_answered_on_their_own(
    county: Harness,
) -> None:
    question_id = await _forwarded(county, "zh")
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    told = len(staff.messages)
    added = await _added(question_id, "zh")
    # A booking asked about: the bookings answer it.
    assert (await farmer.send("我约的啥时候来着")).last.text == t("zh", "bookings.mine.none")
    # An alert to change: the alerts answer it (this farmer has none to change).
    changed = await farmer.send("洋芋的提醒改成一块八")
    assert added not in changed.texts and changed.texts[0] == t("zh", "alerts.list_empty")
    # Another crop, a programme outside farming: questions of their own, searched and offered.
    for text in ("低保咋申请", "我家苞谷啥时候能卖"):
        replies = await farmer.send(text)
        assert added not in replies.texts, text
        assert replies.last.text == t("zh", "kb.declined"), text
    assert len(staff.messages) == told  # staff were told nothing of them
    # More of the same problem still joins it, and staff hear of it once.
    assert (await farmer.send(MORE["zh"])).last.text == await _added(question_id, "zh")
    assert len(staff.messages) == told + 1 and MORE["zh"] in (staff.last.text or "")
    [first, *others] = await stored_questions()
    assert first.text == f"{ASKED['zh']}\n➕ {MORE['zh']}"
    assert [q.text for q in others] == ["低保咋申请", "我家苞谷啥时候能卖"]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_an_unclear_message_asks_whether_it_is_more_or_new(
    county: Harness, lang: str
) -> None:
    question_id = await _forwarded(county, lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    told = len(staff.messages)
    asking = (await farmer.send(UNCLEAR[lang])).last
    assert f"#{question_id}" in asking.text and UNCLEAR[lang] in asking.text
    assert asking.buttons == [
        t(lang, "kb.join_button", id=question_id),
        t(lang, "kb.new_question_button"),
    ]
    assert len(staff.messages) == told  # nothing joined without the farmer saying so
    # "New question": answered as one (here: the offer to forward it).
    new = await farmer.press(t(lang, "kb.new_question_button"), message=asking)
    assert new.last.text == t(lang, "kb.declined")
    assert len(staff.messages) == told
    [first, second] = await stored_questions()
    assert first.text == ASKED[lang] and second.text == UNCLEAR[lang]
    # "Add to question #N": it joins the thread, staff hear of it, it is no question of its own.
    asking = (await farmer.send(f"{UNCLEAR[lang]}?")).last
    joined = await farmer.press(t(lang, "kb.join_button", id=question_id), message=asking)
    assert joined.edited and joined.edited[-1].text == await _added(question_id, lang)
    assert joined.edited[-1].buttons == [t(lang, "kb.new_question_button")]
    assert len(staff.messages) == told + 1 and f"{UNCLEAR[lang]}?" in (staff.last.text or "")
    [first, second] = await stored_questions()
    assert first.text == f"{ASKED[lang]}\n➕ {UNCLEAR[lang]}?"
    # A second tap changes nothing and tells staff nothing more.
    await farmer.press_data(
        ask_view.JoinAddition(question_id, second.id + 1).encode(), message=asking
    )
    assert len(staff.messages) == told + 1


async def test_invited_to_add_details_a_thanks_or_another_question_is_not_one(
    county: Harness,
) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    answered = (await farmer.send(ENTRIES[0].question)).last
    assert (answered.text or "").startswith(f"📖 {ENTRIES[0].question}\n{ENTRIES[0].answer}")
    await farmer.press(t("zh", "kb.ask_station_button"), message=answered)
    told = len(staff.messages)
    # "还有要补充的情况，直接打字": 谢谢 is no detail of the question.
    assert (await farmer.send("谢谢啦")).last.text == t("zh", "kb.thanks")
    assert (await farmer.send("低保咋申请")).last.text == t("zh", "kb.declined")
    assert len(staff.messages) == told
    [first, second] = await stored_questions()
    assert first.text == ENTRIES[0].question and second.text == "低保咋申请"


async def test_someone_elses_unclear_message_cannot_be_joined(county: Harness) -> None:
    question_id = await _forwarded(county, "zh")
    farmer = county.user(10001, "张大爷")
    asking = (await farmer.send(UNCLEAR["zh"])).last
    [_, pending] = await stored_questions()
    stranger = county.user(10003, "新农户")
    await stranger.send("/start")
    forged = await stranger.press_data(ask_view.JoinAddition(question_id, pending.id).encode())
    assert forged.answer is not None and forged.answer.text == t("zh", "kb.not_yours")
    assert asking.buttons  # the farmer's own message keeps its buttons
    [first, second] = await stored_questions()
    assert first.text == ASKED["zh"] and second.text == UNCLEAR["zh"]


async def test_a_long_message_is_searched_and_can_go_to_the_station_whole(
    county: Harness,
) -> None:
    assert 500 < len(LONG_ZH) <= 1000
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    found = (await farmer.send(LONG_ZH)).last
    # What the base has for it is offered, with the way to send all of it on.
    assert found.text == t("zh", "kb.long_found")
    assert found.buttons == [ENTRIES[0].question, t("zh", "kb.forward_whole")]
    shown = await farmer.press(ENTRIES[0].question, message=found)
    assert (shown.last.text or "").startswith(f"📖 {ENTRIES[0].question}\n{ENTRIES[0].answer}")
    sent = await farmer.press(t("zh", "kb.forward_whole"), message=found)
    assert sent.last.text == t("zh", "kb.forwarded")
    [question] = await stored_questions()
    assert question.text == LONG_ZH and question.status == "open"
    assert LONG_ZH in (staff.last.text or "")  # all of it, not its opening
    # Words a farmer picked an entry with are proposed as its phrasing; not a whole page.
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(KbPhrasing)) == 0


@pytest.mark.parametrize(
    ("lang", "text"),
    [("zh", LONG_ZH.replace("西红柿", "魔芋").replace("叶脉", "叶片")), ("en", LONG_EN)],
)
async def test_a_long_message_the_base_cannot_answer_is_offered_whole(
    county: Harness, lang: str, text: str
) -> None:
    assert 500 < len(text) <= 1000
    await speaks(lang, chosen=False)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send(text)).last
    assert offer.text == t(lang, "kb.long_declined")
    assert offer.buttons == [t(lang, "kb.ask_station_button"), t(lang, "kb.no_thanks")]
    await farmer.press(t(lang, "kb.ask_station_button"), message=offer)
    assert text in (staff.last.text or "")


async def test_a_message_longer_than_a_question_offers_its_first_part(county: Harness) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    text = LONG_ZH * 3
    offer = (await farmer.send(text)).last
    [question] = await stored_questions()
    kept = question.text
    assert offer.text == t("zh", "kb.too_long", length=len(text), kept=len(kept))
    assert 500 < len(kept) < 1000 and text.startswith(kept)
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    assert kept in (staff.last.text or "")


# Blind test: after a forward, 取包裹, 地里老鼠太多了, 根上长疙瘩 were each "已经补充到您…的问题里了",
# staff got a push per line and the base's answers were only offered "while you wait".
RATS = Entry(
    "rats-1",
    "地里老鼠多怎么办",
    "用登记的慢性灭鼠剂（溴敌隆毒饵），放进毒饵站，沿田埂投放。",
    ["地里老鼠太多了", "田鼠多"],
    ["老鼠"],
    question_en="too many rats in the field",
    answer_en="Use a registered slow bait (bromadiolone) in bait stations along the field edges.",
)
OWN = {"zh": "地里老鼠太多了", "en": "rats everywhere in my field"}
# Real additions join whatever the base has for them (还有就是…, 也, 都这样).
SAID_MORE = {"zh": "还有就是叶子背面也有", "en": "the leaves underneath have it too"}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_question_the_base_answers_after_a_forward_is_answered_not_joined(
    county: Harness, lang: str
) -> None:
    async with session_scope() as session:
        await upsert_entries(session, [RATS], engine(), by="test")
    question_id = await _forwarded(county, lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    told = len(staff.messages)
    answered = await farmer.send(OWN[lang])
    assert answered.texts == [ask_view.answer_text(RATS, lang)]
    assert answered.last.buttons == [t(lang, "kb.ask_station_button")]
    assert len(staff.messages) == told  # staff were told nothing of it
    # An addition still joins, and staff hear of it.
    assert (await farmer.send(SAID_MORE[lang])).texts[0] == await _added(question_id, lang)
    assert len(staff.messages) == told + 1 and SAID_MORE[lang] in (staff.last.text or "")
    [first] = await stored_questions()
    assert first.text == f"{ASKED[lang]}\n➕ {SAID_MORE[lang]}"

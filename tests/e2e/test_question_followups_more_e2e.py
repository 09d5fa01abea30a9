"""After a forward, more of what a farmer sends is judged as it is meant (blind walk).

Pinyin the base answers (ji wen zen me zhi, jiwen) was glued to the forwarded question; so
was a stray 确认; a question about another crop (蒜薹什么时候抽) asked "more or new?"; the
words right after a photo about it (这是俺家蒜叶子 发黄尖干) got "答不上来"; a farmer who
chose English and wrote 我不会英语 换成中文 got an English knowledge answer.
"""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.sandbox.harness import Harness
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.questions_util import speaks, station_county, stored_questions
from tests.e2e.test_question_followups_e2e import (
    ASKED,
    ENTRIES,
    _added,
    _forwarded,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """张大爷 (10001) of station 1, which 李站长 (20001) staffs (as in the first file)."""
    return await station_county(harness, ENTRIES)


NEWCASTLE = Entry(
    "nd",
    "鸡新城疫怎么防治",
    "新城疫俗称鸡瘟，按程序免疫，发病了马上隔离、报告兽医站。",
    [],
    ["新城疫", "鸡"],
    "livestock",
    question_en="how to prevent newcastle disease in chickens",
    answer_en="Vaccinate on schedule; isolate sick birds and tell the vet station.",
)

# A word that sounds as 鸡瘟 does (ji wen) and that the base has too.
DEGREE_DAYS = Entry(
    "gdd",
    "积温是什么意思",
    "积温是一段时间里每天平均气温的累加，用来算作物啥时候成熟。",
    [],
    ["积温"],
    "planting",
)


async def test_pinyin_the_base_answers_is_answered_not_joined(county: Harness) -> None:
    async with session_scope() as session:
        await upsert_entries(session, [NEWCASTLE, DEGREE_DAYS], engine(), by="test")
    question_id = await _forwarded(county, "zh")
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    told = len(staff.messages)
    added = await _added(question_id, "zh")
    for typed in ("ji wen zen me zhi", "jiwen", "鸡瘟怎么治"):
        replies = await farmer.send(typed)
        assert added not in replies.texts, typed
        assert replies.texts[0].startswith(f"📖 {NEWCASTLE.question}\n{NEWCASTLE.answer}"), (
            typed,
            replies.texts,
        )
    # Read in characters (几咳嗽怎么办) it asks about nothing the question says: never
    # glued to it without the farmer saying so.
    assert added not in (await farmer.send("ji ke sou zen me ban")).texts
    assert len(staff.messages) == told
    first, *_ = await stored_questions()
    assert first.text == ASKED["zh"]


@pytest.mark.parametrize(
    ("lang", "yeses"), [("zh", ["确认", "对", "好的", "确认了"]), ("en", ["ok", "yes"])]
)
async def test_a_bare_yes_never_joins_a_question(
    county: Harness, lang: str, yeses: list[str]
) -> None:
    question_id = await _forwarded(county, lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    told = len(staff.messages)
    added = await _added(question_id, lang)
    for yes in yeses:
        replies = await farmer.send(yes)
        assert added not in replies.texts, yes
        assert replies.texts[0] == t(lang, "kb.chatter.ok"), (yes, replies.texts)
    assert len(staff.messages) == told
    [first] = await stored_questions()
    assert first.text == ASKED[lang]


@pytest.mark.parametrize("other", ["蒜薹什么时候抽", "葱叶子干尖是咋回事"])
async def test_a_question_about_another_crop_is_a_new_question(county: Harness, other: str) -> None:
    question_id = await _forwarded(county, "zh")
    farmer = county.user(10001, "张大爷")
    replies = await farmer.send(other)
    assert f"#{question_id}" not in replies.last.text
    assert replies.last.text == t("zh", "kb.declined")


@pytest.mark.parametrize(
    ("lang", "words", "said"),
    [
        ("zh", "这是俺家蒜叶子 发黄尖干", "kb.words_joined"),
        # Naming no crop nor sign: FarmHub cannot see the photo, and asks what it shows.
        ("zh", "照片上就是我家的", "kb.photo_unseen"),
        ("en", "this is my garlic", "kb.words_joined"),
    ],
)
async def test_words_right_after_a_photo_go_with_its_question(
    county: Harness, lang: str, words: str, said: str
) -> None:
    await speaks(lang, chosen=False)
    farmer = county.user(10001, "张大爷")
    asked = {"zh": "俺家这个是咋回事啊", "en": "what is wrong with it"}[lang]
    await farmer.send(asked)
    await farmer.send_voice()
    await farmer.send_photo()
    replies = await farmer.send(words)
    assert replies.last.text == t(lang, said), replies.texts
    [question] = await stored_questions()
    assert words in question.text and question.photo_file_id is not None
    # Sent on: one question, its words with it.
    await farmer.press(t(lang, "kb.ask_station_button"), message=replies.last)
    staff = county.user(20001, "李站长")
    assert any(words in (m.text or m.caption or "") for m in staff.messages)


async def test_words_after_a_photo_joined_to_a_forwarded_question_join_it(
    county: Harness,
) -> None:
    question_id = await _forwarded(county, "zh")
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await farmer.send_photo()
    told = len(staff.messages)
    replies = await farmer.send("这是俺家蒜叶子 发黄尖干")
    assert replies.texts[0] == await _added(question_id, "zh")
    assert len(staff.messages) == told + 1
    # Only right after the photo: the same words later are judged on their own.
    replies = await farmer.send("这是俺家蒜叶子 发黄尖干")
    assert replies.texts[0] != await _added(question_id, "zh")


@pytest.mark.parametrize("said", ["我不会英语 换成中文", "算了 还是说中文吧", "看不懂英文"])
async def test_giving_up_on_english_in_a_sentence_switches_to_chinese(
    county: Harness, said: str
) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    replies = await farmer.send(said)
    assert replies.texts[0] == t("zh", "language.switched"), replies.texts

"""Words after a photo: a question about it is its caption, anything else goes on its own.

Tester walk: a photo without words, then 这是啥病 (or 看看这个咋回事, what disease is this) got
"您遇到什么情况了" or random entries, as if no photo had come; and a price asked twenty
minutes after a photo, or 我想贷款, was glued to the photo's question as its words.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.clock import PinnedClock
from bot.core.i18n import t
from bot.models.knowledge import QuestionStatus
from bot.sandbox.harness import Harness
from tests.e2e.questions_util import speaks, station_county, stored_questions

pytestmark = pytest.mark.e2e

WORDLESS = {"zh": "（照片）", "en": "(photo)"}


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """张大爷 (10001) of station 1, which 李站长 (20001) staffs."""
    return await station_county(harness)


DEICTIC = [
    ("zh", "这是啥病"),
    ("zh", "这是什么虫"),
    ("zh", "看看这个咋回事"),
    ("zh", "瞅瞅这咋整"),
    ("zh", "咋办"),
    ("en", "what disease is this"),
    ("en", "what's wrong with it?"),
]


@pytest.mark.parametrize(("lang", "asked"), DEICTIC)
async def test_a_question_right_after_a_photo_is_its_caption(
    county: Harness, lang: str, asked: str
) -> None:
    await speaks(lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    assert (await farmer.send_photo()).last.text == t(lang, "kb.photo_received")
    replies = await farmer.send(asked)
    # Said honestly: FarmHub cannot see the photo; the crop and the signs are asked, and
    # the photo with the question is offered to the station.
    assert replies.texts == [t(lang, "kb.photo_unseen")], replies.texts
    [question] = await stored_questions()
    assert asked in question.text and question.photo_file_id is not None
    assert question.status is QuestionStatus.unanswered
    await farmer.press(t(lang, "kb.ask_station_button"), message=replies.last)
    # The forward carries the photo, the question as its caption.
    [pushed] = staff.messages
    assert pushed.kind == "photo" and asked in pushed.content


@pytest.mark.parametrize(("lang", "said"), [("zh", "俺家苞米叶子发黄"), ("en", "my corn leaves")])
async def test_a_caption_naming_the_crop_is_taken_without_asking_again(
    county: Harness, lang: str, said: str
) -> None:
    await speaks(lang)
    farmer = county.user(10001, "张大爷")
    await farmer.send_photo()
    replies = await farmer.send(said)
    assert replies.texts == [t(lang, "kb.words_joined")], replies.texts


@pytest.mark.parametrize(("lang", "asked"), [("zh", "这是啥病"), ("en", "what disease is this")])
async def test_a_question_long_after_the_photo_is_not_its_caption(
    county: Harness, clock: PinnedClock, lang: str, asked: str
) -> None:
    await speaks(lang)
    farmer = county.user(10001, "张大爷")
    await farmer.send_photo()
    clock.advance(timedelta(minutes=25))
    replies = await farmer.send(asked)
    assert t(lang, "kb.photo_unseen") not in replies.texts
    photo, *_ = await stored_questions()
    assert photo.text == WORDLESS[lang]


@pytest.mark.parametrize(
    ("lang", "other"),
    [("zh", "西红柿多少钱"), ("zh", "我想贷款"), ("zh", "低保咋申请"), ("en", "tomato price")],
)
async def test_another_request_right_after_a_photo_goes_on_its_own(
    county: Harness, lang: str, other: str
) -> None:
    await speaks(lang)
    farmer = county.user(10001, "张大爷")
    await farmer.send_photo()
    replies = await farmer.send(other)
    assert t(lang, "kb.words_joined") not in replies.texts
    assert t(lang, "kb.photo_unseen") not in replies.texts
    photo, *_ = await stored_questions()
    assert photo.text == WORDLESS[lang]


@pytest.mark.parametrize(
    ("lang", "other"), [("zh", "西红柿多少钱"), ("zh", "我想贷款"), ("en", "tomato price")]
)
async def test_a_forwarded_photo_takes_no_unrelated_words_later(
    county: Harness, clock: PinnedClock, lang: str, other: str
) -> None:
    await speaks(lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send_photo()).last
    await farmer.press(t(lang, "kb.ask_station_button"), message=offer)
    told = len(staff.messages)
    clock.advance(timedelta(minutes=20))  # 10:00 the photo, 10:20 a price
    await farmer.send(other)
    [photo, *_] = await stored_questions()
    assert photo.text == WORDLESS[lang]
    assert len(staff.messages) == told


@pytest.mark.parametrize(("lang", "said"), [("zh", "苞米叶子发黄了"), ("en", "my corn leaves")])
async def test_a_forwarded_photo_still_takes_its_words_soon_after(
    county: Harness, clock: PinnedClock, lang: str, said: str
) -> None:
    # The control: the bot asked what the photo shows, and the answer joins it.
    await speaks(lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send_photo()).last
    await farmer.press(t(lang, "kb.ask_station_button"), message=offer)
    told = len(staff.messages)
    clock.advance(timedelta(minutes=3))
    await farmer.send(said)
    [photo] = await stored_questions()
    assert said in photo.text
    assert len(staff.messages) == told + 1


@pytest.mark.parametrize(
    ("lang", "asked", "told"),
    [
        ("zh", "这是啥病", "西红柿叶子上有黑斑"),
        ("en", "what disease is this", "tomato leaves, black spots"),
    ],
)
async def test_what_the_farmer_says_when_asked_goes_with_the_photo(
    county: Harness, lang: str, asked: str, told: str
) -> None:
    await speaks(lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await farmer.send_photo()
    await farmer.send(asked)
    # Asked what the photo shows, the farmer says: it is more of the photo's question.
    replies = await farmer.send(told)
    assert replies.texts == [t(lang, "kb.words_joined")], replies.texts
    [question] = await stored_questions()
    assert asked in question.text and told in question.text
    await farmer.press(t(lang, "kb.ask_station_button"), message=replies.last)
    assert staff.messages[0].kind == "photo"
    assert any(told in m.content for m in staff.messages)


async def test_what_the_farmer_says_after_a_forwarded_photo_joins_it(county: Harness) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send_photo()).last
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    await farmer.send_photo()
    replies = await farmer.send("这是啥病")
    assert replies.texts[-1] == t("zh", "kb.photo_unseen_sent"), replies.texts
    told = len(staff.messages)
    await farmer.send("苞米叶子有长条灰斑")
    [question] = await stored_questions()
    assert "苞米叶子有长条灰斑" in question.text
    assert len(staff.messages) == told + 1

"""Whether a message after a forward is more of the question or one of its own (sandbox walk:
我约的啥时候来着, 洋芋的提醒改成一块八, 低保咋申请, 我家苞谷啥时候能卖 were all glued to an
open question, the farmer got no answer and staff a push per line)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.types import MediaKind
from bot.models.users import User
from bot.users import Visitor, touch
from knowledge.kb import follow_ups, questions, threads
from knowledge.kb.follow_ups import Relation

CHICKENS = "我家的鸡不吃食，鸡冠子发紫咋回事"
STRAWBERRIES = "大棚草莓叶子边缘焦枯是什么原因"


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        # The sandbox walk's four: a booking, an alert, a programme, another crop.
        ("我约的啥时候来着", Relation.new),
        # The second walk: a reply to staff's answer, not more of an older question.
        ("好的，明天上午我带过去", Relation.new),
        ("行，我去看看", Relation.new),
        ("洋芋的提醒改成一块八", Relation.new),
        ("低保咋申请", Relation.new),
        ("我家苞谷啥时候能卖", Relation.new),
        # Requests the bot handles and small talk.
        ("西红柿多少钱一斤", Relation.new),
        ("站里电话多少", Relation.new),
        ("大葱种子哪里买", Relation.new),
        ("谢谢啦", Relation.new),
        ("搞么子", Relation.new),
        # Another crop or animal.
        ("草莓叶子也焦了", Relation.new),
        ("兔子拉稀咋办", Relation.new),
        # More of the same problem: how long, how many, what else is seen, what now.
        ("两天了", Relation.more),
        ("大约两天了", Relation.more),
        ("十几只都这样", Relation.more),
        ("还不吃食", Relation.more),
        ("叶子背面也有", Relation.more),
        ("这可咋办", Relation.more),
        ("能治吗", Relation.more),
        ("要打什么药", Relation.more),
        ("鸡冠子咋还发紫", Relation.more),  # the thread's own words
        ("鸡也开始拉稀了", Relation.more),
        # A question naming nothing of the thread, or the thread's animal with another topic.
        ("几点了", Relation.unsure),
        ("我想贷款", Relation.unsure),
        ("鸡怎么打疫苗", Relation.unsure),
    ],
)
def test_what_joins_a_forwarded_question(text: str, relation: Relation) -> None:
    assert follow_ups.relation(text, CHICKENS).relation is relation


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("草莓也开始烂了", Relation.more),
        ("草莓怎么施肥", Relation.unsure),  # the same crop, another matter: ask
        ("这样的草莓还能卖吗", Relation.unsure),
        ("我家葡萄叶子卷起来发红是啥病", Relation.new),
        ("it has been two days", Relation.more),
        ("my goats cough", Relation.new),
        ("how much are tomatoes", Relation.new),
    ],
)
def test_the_same_crop_with_another_question_is_asked_about(text: str, relation: Relation) -> None:
    assert follow_ups.relation(text, STRAWBERRIES).relation is relation


# Blind test: with a question waiting, 取包裹, 地里老鼠太多了, 根上长疙瘩 (after 鸡不下蛋) and
# 番茄叶子发黄, 鼻涕虫吃菜, 打了除草剂苗黄了 (after 西红柿叶子有黑点) were all joined to it.
EGGS = "鸡不下旦了"
TOMATO = "my 西红柿 leaf 有黑点"


@pytest.mark.parametrize(
    ("text", "thread", "answered", "suggested", "relation"),
    [
        # The base answers it and nothing ties it to the question: a question of its own.
        ("取包裹", EGGS, True, False, Relation.new),
        ("地里老鼠太多了", EGGS, True, False, Relation.new),
        ("根上长疙瘩", EGGS, True, False, Relation.new),
        ("鼻涕虫吃菜", TOMATO, True, False, Relation.new),
        ("打了除草剂苗黄了", TOMATO, True, False, Relation.new),
        ("草莓怎么施肥", STRAWBERRIES, True, False, Relation.new),  # never unsure: answered
        # The same crop, entries found, nothing said of adding: the farmer is asked.
        ("番茄叶子发黄", TOMATO, False, True, Relation.unsure),
        ("地里老鼠太多了", EGGS, False, True, Relation.unsure),
        # Real additions join, whatever the base finds for their words.
        ("两天了", EGGS, True, True, Relation.more),
        ("十几只都这样", EGGS, True, False, Relation.more),
        ("吃了药也不管用", EGGS, True, False, Relation.more),
        ("还不吃食", EGGS, True, False, Relation.more),
        ("西红柿叶子也黄了", TOMATO, False, True, Relation.more),
        ("还有就是鸡冠发紫", EGGS, False, True, Relation.more),
        ("补充一下，鸡冠子发紫", EGGS, True, False, Relation.more),
        ("the leaves are yellow too", TOMATO, True, False, Relation.more),
        ("能治吗", EGGS, True, False, Relation.more),  # nothing but asking: about the question
        # Found nothing, tied to nothing: a detail, as before.
        ("叶子背面有白毛", TOMATO, False, False, Relation.more),
    ],
)
def test_what_the_base_has_for_a_message_counts(
    text: str, thread: str, answered: bool, suggested: bool, relation: Relation
) -> None:
    reading = follow_ups.relation(text, thread, answered=answered, suggested=suggested)
    assert reading.relation is relation, reading


def test_subjects_are_crops_and_animals_by_any_name() -> None:
    assert follow_ups.subjects_in("洋芋的提醒改成一块八") == {"土豆"}
    assert "羊肉" in follow_ups.subjects_in("my goats cough")
    assert follow_ups.subjects_in("两天了") == set()
    assert follow_ups.names_other_subject("苞谷黄叶", "草莓烂果")
    assert not follow_ups.names_other_subject("草莓也烂", "草莓烂果")


async def _farmer() -> User:
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        return farmer


async def test_a_message_said_to_be_more_joins_the_thread_with_its_photo(
    db: str, clock: PinnedClock
) -> None:
    farmer = await _farmer()
    async with session_scope() as session:
        asked = await questions.record(session, farmer, CHICKENS)
        await questions.forward(session, asked.id, 10001)
        assert await questions.follow_up_target(session, farmer, clock.now()) is not None
        pending = await questions.record(session, farmer, "鸡怎么打疫苗")
        await questions.add_photo_to_recorded(session, farmer, "PHOTO-9", "", clock.now())
        more = await questions.join_recorded(session, farmer, asked.id, pending.id)
        assert more is not None and more.question.id == asked.id
        assert more.question.photo_file_id == "PHOTO-9"
        thread = await threads.thread_of(session, more.question)
    assert [p.text for p in thread] == [CHICKENS, "鸡怎么打疫苗"]
    assert thread[1].media == (threads.Attachment(MediaKind.photo, "PHOTO-9"),)
    async with session_scope() as session:
        # No question of its own any more.
        assert await session.scalar(select(func.count()).select_from(OpenQuestion)) == 1


async def test_nothing_joins_an_answered_question_nor_someone_elses(
    db: str, clock: PinnedClock
) -> None:
    farmer = await _farmer()
    async with session_scope() as session:
        other, _ = await touch(session, Visitor(10002, "李婶"))
        asked = await questions.record(session, farmer, CHICKENS)
        await questions.forward(session, asked.id, 10001)
        pending = await questions.record(session, farmer, "鸡怎么打疫苗")
        theirs = await questions.record(session, other, "我的")
        with pytest.raises(questions.NotAllowed):
            await questions.join_recorded(session, farmer, asked.id, theirs.id)
        with pytest.raises(questions.NotAllowed):
            await questions.join_recorded(session, other, asked.id, theirs.id)
        asked.status = QuestionStatus.answered
        assert await questions.join_recorded(session, farmer, asked.id, pending.id) is None
        assert pending.text == "鸡怎么打疫苗" and asked.text == CHICKENS


async def test_words_the_thread_has_already_are_a_new_try_not_more(
    db: str, clock: PinnedClock
) -> None:
    farmer = await _farmer()
    async with session_scope() as session:
        asked = await questions.record(session, farmer, CHICKENS)
        await questions.forward(session, asked.id, 10001)
        assert await questions.add_follow_up(session, farmer, "两天了", clock.now()) is not None
        assert await questions.add_follow_up(session, farmer, CHICKENS, clock.now()) is None
        assert await questions.add_follow_up(session, farmer, "两天了", clock.now()) is None


@pytest.mark.parametrize(
    "text",
    ["好的 谢谢李站长 下午几点来", "谢谢站长，下午我去拿", "好的谢谢", "ok thanks, what time?"],
)
def test_thanks_with_no_comma_are_an_acknowledgement_not_more(text: str) -> None:
    # Blind walk: normalise drops the space of 好的 谢谢, and the reply joined a video note.
    assert follow_ups.acknowledges(text)
    assert follow_ups.relation(text, "📹 视频留言 3秒").relation is Relation.new


@pytest.mark.parametrize("text", ["圣城站几点关门", "站上几点关门", "你们几点关门"])
def test_opening_hours_are_for_the_bot_even_after_a_recording(text: str) -> None:
    # A recording's label names nothing: a question about the station is no more of it.
    reading = follow_ups.relation(text, "📹 视频留言 3秒", suggested=True)
    assert reading.relation is Relation.new


async def test_an_answer_after_an_open_question_is_what_comes_next_relates_to(
    db: str, clock: PinnedClock
) -> None:
    farmer = await _farmer()
    async with session_scope() as session:
        older = await questions.record(session, farmer, "📹 视频留言 3秒")
        await questions.forward(session, older.id, 10001)
        assert (await questions.follow_up_target(session, farmer, clock.now())) is not None
        newer = await questions.record(session, farmer, CHICKENS)
        await questions.forward(session, newer.id, 10001)
        newer.status = QuestionStatus.answered
        newer.answered_at = clock.now()
        await session.flush()
        latest = await questions.latest_thread(session, farmer, clock.now())
        assert latest is not None and latest.id == newer.id
        # Never the older video note, while it waits still.
        assert await questions.follow_up_target(session, farmer, clock.now()) is None


@pytest.mark.parametrize(
    "said", ["确认", "对", "好的", "ok", "OK!", "嗯嗯", "确认了", "是的", "yes"]
)
def test_a_bare_yes_never_adds_to_a_question(said: str) -> None:
    assert follow_ups.mere_yes(said)
    assert follow_ups.relation(said, "鸡冠子发白 蛋壳变薄咋回事").relation is Relation.new


@pytest.mark.parametrize("said", ["对 两天了", "确认一下是不是鸡瘟", "好几只都这样"])
def test_more_than_a_yes_is_not_a_bare_yes(said: str) -> None:
    assert not follow_ups.mere_yes(said)


@pytest.mark.parametrize(
    ("said", "crop"),
    [("蒜薹什么时候抽", "大蒜"), ("葱叶子干尖咋办", "大葱"), ("姜芽发黑是咋回事", "生姜")],
)
def test_a_crops_part_names_the_crop_and_is_a_new_question(said: str, crop: str) -> None:
    assert crop in follow_ups.subjects_in(said)
    assert follow_ups.relation(said, "鸡冠子发白 蛋壳变薄咋回事").relation is Relation.new

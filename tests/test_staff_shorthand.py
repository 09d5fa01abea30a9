"""Staff shorthand without a booking code (blind staff walk, items 4-7): 收了 / 没来 alone,
孙大爷鸡蛋收了 28斤, 明添谁来, jintian shei lai, 停电那个通知撤回, 回服8 …; a weight far
from the booking; a same-day no-show collected after all."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.bookings.marks import due, far_from_booking, markable, named
from bot.bookings.model import BookingView, SlotPickups, may_collect
from bot.models.stations import BookingStatus
from knowledge.text.staff_marks import Mark, MarkSaid, mark_said
from knowledge.text.staff_words import StaffAsk, as_typed, replies_by_number, staff_words

DAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收了", MarkSaid(Mark.collected)),
        ("没来", MarkSaid(Mark.no_show)),
        ("谁没来", MarkSaid(Mark.no_show)),
        ("孙大爷鸡蛋收了，28斤", MarkSaid(Mark.collected, "孙大爷鸡蛋", 14.0)),
        ("刘大姐的白菜收了 468斤", MarkSaid(Mark.collected, "刘大姐的白菜", 234.0)),
        ("孙大爷没来", MarkSaid(Mark.no_show, "孙大爷")),
        ("collected", MarkSaid(Mark.collected)),
        ("no show", MarkSaid(Mark.no_show)),
        ("Mr Sun collected 28 jin", MarkSaid(Mark.collected, "mr sun", 14.0)),
    ],
)
def test_shorthand_marks_are_read(text: str, expected: MarkSaid) -> None:
    assert mark_said(text) == expected
    said = staff_words(text)
    assert said is not None and said.ask is StaffAsk.mark and said.marked == expected


@pytest.mark.parametrize(
    "text",
    [
        "收了吗",
        "今天收了多少",
        "VVLXJJ没来",
        "HUFSQZ 收了 3000斤",
        "下午不收了",
        "明天收了",
        "我收了你的钱",
    ],
)
def test_other_words_are_no_mark(text: str) -> None:
    assert mark_said(text) is None


@pytest.mark.parametrize(
    ("text", "typed"),
    [("明添谁来", "明天谁来"), ("今添谁来送货", "今天谁来送货"), ("jintian shei lai", "今天谁来")],
)
def test_day_homophones_and_pinyin_read_as_the_day(text: str, typed: str) -> None:
    assert as_typed(text) == typed
    said = staff_words(text)
    assert said is not None and said.ask is StaffAsk.pickups


def test_a_notice_is_withdrawn_by_words_of_its_text() -> None:
    said = staff_words("停电那个通知不发了，撤回")
    assert said is not None and said.ask is StaffAsk.withdraw and said.words == "停电"
    said = staff_words("withdraw the notice about power cut")
    assert said is not None and said.words == "power cut"
    # The newest and by number stay as they were.
    newest = staff_words("撤回刚才那条")
    assert newest is not None and newest.words == "" and newest.nth == 1
    numbered = staff_words("撤回1号通知")
    assert numbered is not None and numbered.notice == 1


@pytest.mark.parametrize("verb", ["回服", "会复", "回付", "回覆"])
def test_homophones_of_reply_answer_a_question(verb: str) -> None:
    said = staff_words(f"{verb}8 烂叶子黄叶子剥掉，根切平，不用捆，装网袋就行")
    assert said is not None and said.ask is StaffAsk.reply and said.question == 8
    assert said.answer.startswith("烂叶子")
    assert replies_by_number(f"{verb}8 烂叶子剥掉")


@pytest.mark.parametrize("text", ["回fu8 烂叶子剥掉", "huifu 8 peel the leaves", "回夏8 根切平"])
def test_a_reply_not_read_is_said_how_to_answer(text: str) -> None:
    said = staff_words(text)
    assert said is not None and said.ask is StaffAsk.reply_unread and said.question == 8


@pytest.mark.parametrize("text", ["回3次了", "3号问题还没人回", "明天8点 来拿"])
def test_numbers_in_other_words_are_no_reply(text: str) -> None:
    said = staff_words(text)
    assert said is None or said.ask not in (StaffAsk.reply, StaffAsk.reply_unread)


def test_far_weights_are_more_than_three_times_off() -> None:
    assert far_from_booking(1500, 150)  # 3000斤 typed for 300斤
    assert far_from_booking(40, 150)
    assert not far_from_booking(450, 150)
    assert not far_from_booking(50, 150)
    assert not far_from_booking(10, 0)


def test_a_no_show_may_be_collected_the_same_day_only() -> None:
    assert may_collect(BookingStatus.no_show, DAY, DAY)
    assert not may_collect(BookingStatus.no_show, DAY, date(2026, 12, 7))
    assert may_collect(BookingStatus.booked, DAY, date(2026, 12, 7))
    assert not may_collect(BookingStatus.collected, DAY, DAY)


def _booking(n: int, farmer: str, product: str, starts: int, status: BookingStatus) -> BookingView:
    return BookingView(
        id=n, code=f"CODE{n:02d}", farmer_id=n, farmer_name=farmer, station_id=1,
        station_name="站", station_phone="", station_address="", slot_id=starts, day=DAY,
        starts=time(starts), ends=time(starts + 2), product=product, quantity_text="28斤",
        quantity_kg=14, status=status, weighed_kg=None, reminder_pending=False,
    )  # fmt: skip


def _round(starts: int, *bookings: BookingView) -> SlotPickups:
    return SlotPickups(starts, DAY, time(starts), time(starts + 2), 10, 5000, len(bookings), 0,
                       False, bookings)  # fmt: skip


def test_the_round_now_due_and_named_bookings() -> None:
    sun = _booking(1, "孙大爷", "鸡蛋", 8, BookingStatus.booked)
    liu = _booking(2, "刘大姐", "大白菜", 14, BookingStatus.booked)
    late = _booking(3, "用户10015", "西红柿", 14, BookingStatus.no_show)
    rounds = [_round(8, sun), _round(14, liu, late)]
    at_three = datetime.combine(DAY, time(15))
    assert due(rounds, Mark.collected, at_three) == [liu, late]
    assert due(rounds, Mark.no_show, at_three) == [liu]
    # Before any round started: today's still to come.
    assert due(rounds, Mark.no_show, datetime.combine(DAY, time(7))) == [sun, liu]
    assert markable(late, Mark.collected, at_three) and not markable(late, Mark.no_show, at_three)
    everyone = [sun, liu, late]
    assert named(everyone, "孙大爷鸡蛋") == [sun]
    assert named(everyone, "鸡蛋") == [sun]
    assert named(everyone, "孙大爷白菜") == []
    assert named(everyone, "刘大姐的白菜") == [liu]
    assert named(everyone, "老刘") == [liu]
    assert named(everyone, "eggs") == [sun]
    assert named(everyone, "王大妈") == []


@pytest.mark.parametrize("text", ["TDTMAT 收了 30斤", "tdtm4t 收了", "VVLXJJ没来"])
def test_a_booking_code_is_no_shorthand(text: str) -> None:
    said = staff_words(text)
    assert said is None or said.ask is not StaffAsk.mark

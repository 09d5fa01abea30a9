"""Staff words of their own station told apart (knowledge.text.staff_words)."""

from __future__ import annotations

import pytest

from knowledge.text.staff_words import StaffAsk, StaffWords, replies_by_number, staff_words


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("明天谁来送货", StaffAsk.pickups),
        ("今天有谁来送货？", StaffAsk.pickups),
        ("后天有人来交货吗", StaffAsk.pickups),
        ("明天有几个人来送货", StaffAsk.pickups),
        ("who is bringing produce tomorrow", StaffAsk.pickups),
        ("who is coming tomorrow?", StaffAsk.pickups),
        ("我们站几点开门", StaffAsk.hours),
        ("站里几点关门", StaffAsk.hours),
        ("我们站的营业时间", StaffAsk.hours),
        ("When does our station open?", StaffAsk.hours),
        ("what time does our station close", StaffAsk.hours),
        ("our station opening hours", StaffAsk.hours),
        ("明天下午重新开放", StaffAsk.reopen),
        ("恢复明天下午的收货", StaffAsk.reopen),
        ("明天下午的收货重新开放", StaffAsk.reopen),
        ("reopen tomorrow afternoon", StaffAsk.reopen),
    ],
)
def test_staff_errands(text: str, ask: StaffAsk) -> None:
    assert staff_words(text) == StaffWords(ask)


@pytest.mark.parametrize(
    ("text", "nth"),
    [
        ("撤回第二条", 2),
        ("撤回第2条通知", 2),
        ("撤回刚才那条", 1),
        ("撤回上一条通知", 1),
        ("把刚才的通知撤回", 1),
        ("withdraw the last notice", 1),
        ("cancel the second notice", 2),
    ],
)
def test_withdrawing_a_notice(text: str, nth: int) -> None:
    # Said as a count (第二条, the second): /broadcasts' list counted, which is said back.
    counted = any(word in text for word in ("第", "second"))
    assert staff_words(text) == StaffWords(StaffAsk.withdraw, nth, counted=counted)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("撤回1号通知", 1),
        ("撤回 #1", 1),
        ("撤回#1", 1),
        ("撤回＃12", 12),
        ("取消1号通知", 1),
        ("撤回一号通知", 1),
        ("撤回通知3", 3),
        ("撤回3号", 3),
        ("withdraw notice 1", 1),
        ("cancel #1", 1),
        ("Cancel notice #12", 12),
        ("delete broadcast no. 4", 4),
    ],
)
def test_withdrawing_a_notice_by_its_number(text: str, number: int) -> None:
    assert staff_words(text) == StaffWords(StaffAsk.withdraw, notice=number)


@pytest.mark.parametrize("text", ["撤回1号发的通知", "撤回第一条", "撤回通知"])
def test_a_number_that_is_no_notice_s_is_not_read_as_one(text: str) -> None:
    said = staff_words(text)
    assert said is not None and said.ask is StaffAsk.withdraw and said.notice is None


@pytest.mark.parametrize(
    "text",
    [
        "西红柿多少钱",
        "番茄叶子发黄怎么办",
        "谁来收货",
        "明天谁来收玉米",
        "恢复大蒜提醒",
        "重新开放",  # no day: nothing to reopen
        "撤回",
        "撤回我的卖货登记",
        "明天下雨吗",
        "谁收玉米",
    ],
)
def test_not_staff_errands(text: str) -> None:
    assert staff_words(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # A day with who / which and bringing or booking (sandbox walk: 明天有哪些预约 was
        # taken for a booking, 后天谁送货 for a question).
        "明天有哪些预约",
        "明天有哪些人送货",
        "后天谁送货",
        "后天有几单",
        "明天都有谁约了",
        "明天来送货的有谁",
        "周三有谁来交货",
        "后天的预约",
        # Sandbox walk: the 📋 button's label typed without its icon got suggested answers.
        "今天的收货",
        "明天收货情况",
        "what bookings do we have tomorrow",
        "any deliveries on friday",
    ],
)
def test_a_days_pickups_said_many_ways(text: str) -> None:
    assert staff_words(text) == StaffWords(StaffAsk.pickups)


@pytest.mark.parametrize(
    ("text", "part", "reason"),
    [
        ("今天下午不收货了", "pm", None),
        ("关闭今天下午", "pm", None),
        ("明天上午停收", "am", None),
        ("下午不收了下雨", "pm", "rain"),  # a button's reason: each farmer reads it in theirs
        ("明天上午停收，车坏了", "am", "truck"),
        ("明天下午关闭，站里盘点", "pm", "站里盘点"),  # typed words: quoted as said
        ("明天下雨，上午不收货，下午照常", "am", "rain"),  # the afternoon goes on as usual
        ("close this afternoon", "pm", None),
        ("no collection tomorrow morning", "am", None),
        ("close tomorrow afternoon because of rain", "pm", "rain"),
        # 关 alone before the round, and the English reason said short (sandbox walk).
        ("关明天下午 车坏了", "pm", "truck"),
        ("关下午，下雨", "pm", "rain"),
        ("明天下午不收了 车坏了", "pm", "truck"),
        ("明天上午关门，站里盘点", "am", "站里盘点"),
        ("close tomorrow afternoon, truck broken", "pm", "truck"),
        ("close tomorrow morning, the truck broke down", "am", "truck"),
        ("close tomorrow afternoon, stocktaking at the station", "pm", "stocktaking at station"),
        # Called off with 取消 (sandbox walk: got the farmers' answer).
        ("下大雨了 下午的收货取消", "pm", "rain"),
        ("取消今天下午的收货，车坏了", "pm", "truck"),
        ("明天上午收货取消，路被水冲了", "am", "路被水冲"),
        # Telling the farmers is an instruction, not the reason they read (sandbox walk).
        ("下雨了，今天下午不收货了，通知一下约了的农户", "pm", "rain"),
        ("今天下午不收货了 告诉农户 下雨", "pm", "rain"),
        ("明天上午停收，站里盘点，麻烦通知一下大家", "am", "站里盘点"),
        ("今天下午不收货了，跟约了的农户说一声", "pm", None),
        ("close this afternoon because of rain, let the farmers know", "pm", "rain"),
        ("no collection this afternoon, rain, please tell everyone", "pm", "rain"),
    ],
)
def test_closing_a_round_in_words(text: str, part: str, reason: str | None) -> None:
    assert staff_words(text) == StaffWords(StaffAsk.close, reason=reason, part=part)


@pytest.mark.parametrize(
    "text",
    [
        "送到了吗",
        "通知送到了吗",
        "大家收到了吗",
        # The notice said in other words (sandbox walk: 刚才那个通知大家收到没有).
        "刚才那个通知大家收到没有",
        "通知发到了吗",
        "消息农户都看到了吗",
        "大家收到通知没有",
        "通知到了没",
        "我发的消息他们收到了没有",
        "did my notice arrive",
        "was the notice delivered",
    ],
)
def test_did_my_notice_arrive(text: str) -> None:
    assert staff_words(text) == StaffWords(StaffAsk.delivered)


@pytest.mark.parametrize(
    "text",
    [
        "今天下午不收货了吗",  # asked, not ordered
        "明天关门吗",
        "关闭",  # no day or part: which round?
        "明天谁来收玉米",  # who buys maize
        "明天的西红柿多少钱",
        "我的货送到了吗",
        "玉米到了吗",
        "下午的收货取消了吗",
        "取消预约",
    ],
)
def test_not_a_closing_nor_a_days_list(text: str) -> None:
    assert staff_words(text) is None


@pytest.mark.parametrize(
    "text",
    ["今天有啥事", "有啥新情况", "今天忙啥", "有没有新消息", "what's on today", "anything new"],
)
def test_the_day_at_a_glance_is_asked(text: str) -> None:
    said = staff_words(text)
    assert said is not None and said.ask is StaffAsk.overview


@pytest.mark.parametrize("text", ["今天有啥病", "有啥好卖的", "今天有啥价"])
def test_other_questions_are_no_overview(text: str) -> None:
    said = staff_words(text)
    assert said is None or said.ask is not StaffAsk.overview


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("啥事", StaffAsk.overview),
        ("问题", StaffAsk.questions),
        ("有问题没", StaffAsk.questions),
        ("待回复", StaffAsk.questions),
        ("any questions?", StaffAsk.questions),
        # Sandbox walk: suggested answers about asking FarmHub questions.
        ("有没有问题要回答", StaffAsk.questions),
        ("有啥问题要回", StaffAsk.questions),
        ("有没有农户问的问题要回复", StaffAsk.questions),
        ("卖货登记", StaffAsk.offers),
        ("明天几户", StaffAsk.pickups),
        ("明天的", StaffAsk.pickups),
    ],
)
def test_short_staff_words(text: str, ask: StaffAsk) -> None:
    said = staff_words(text)
    assert said is not None and said.ask is ask


@pytest.mark.parametrize("text", ["这个问题咋办", "西红柿有问题吗"])
def test_a_farming_question_is_no_staff_errand(text: str) -> None:
    assert staff_words(text) is None


@pytest.mark.parametrize(
    ("text", "question", "answer"),
    [
        ("回复23 明天上午来站里拿药", 23, "明天上午来站里拿药"),
        ("回23 明天上午来站里拿药", 23, "明天上午来站里拿药"),
        ("答复 23 明天来", 23, "明天来"),
        ("回复#23：明天来", 23, "明天来"),
        ("回复23明天上午来", 23, "明天上午来"),
        ("回复第23号问题：喷一次药", 23, "喷一次药"),
        ("回 7，好的", 7, "好的"),
        ("reply 23 come tomorrow morning", 23, "come tomorrow morning"),
        ("Reply #23: Come Tomorrow", 23, "Come Tomorrow"),  # the answer as typed
        ("reply to 5 spray twice", 5, "spray twice"),
        ("回复23", 23, ""),  # the number alone: told how
        # Blind test: the number first, or # alone, with a separator, and any punctuation.
        ("3号问题：能赔，赶紧拍照片报案。", 3, "能赔，赶紧拍照片报案。"),
        ("第3号问题 能赔", 3, "能赔"),
        ("#3 能赔", 3, "能赔"),
        ("＃3：能赔", 3, "能赔"),
        ("回3 能赔", 3, "能赔"),
        ("答3：能赔", 3, "能赔"),
        (
            "回复3：倒伏要是买了完全成本保险的能赔，赶紧拍照片，给村里和保险公司报案，别急着收。",
            3,
            "倒伏要是买了完全成本保险的能赔，赶紧拍照片，给村里和保险公司报案，别急着收。",
        ),
        ("#12 spray twice", 12, "spray twice"),
    ],
)
def test_answering_a_question_by_its_number(text: str, question: int, answer: str) -> None:
    said = staff_words(text)
    assert said is not None and said.ask is StaffAsk.reply
    assert (said.question, said.answer) == (question, answer)


def test_a_long_answer_by_number_is_still_an_answer() -> None:
    said = staff_words("回复23 " + "先停肥，浇透水。" * 100)
    assert said is not None and said.ask is StaffAsk.reply and len(said.answer) == 800


@pytest.mark.parametrize(
    "text",
    ["回3次了", "答2个问题", "回复一下大家", "回家了", "reply soon", "3号问题还没人回", "#3号"],
)
def test_words_that_are_no_answer_by_number(text: str) -> None:
    said = staff_words(text)
    assert said is None or said.ask is not StaffAsk.reply


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("回复3：倒伏要是买了完全成本保险的能赔，赶紧拍照片报案。", True),
        ("回3 能赔", True),
        ("reply 3 spray twice", True),
        # The number first or # alone may be a step's own words; a bare number is no answer.
        ("3号问题：能赔", False),
        ("#3 能赔", False),
        ("回复3", False),
        ("玉米倒伏了保险能赔吗", False),
    ],
)
def test_an_answer_by_number_leaves_a_step(text: str, leaves: bool) -> None:
    assert replies_by_number(text) is leaves

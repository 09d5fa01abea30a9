"""Asking a price or a market, and using the bot itself, in farmers' words (issue 12, round 11).

Second round after the markets and botservices blocks. A price asked in everyday
words (好多钱一斤, 现在几块, 价咋样, 开园价), the buying price written either way
(收购价, 收购价格), 市场行情 as one word, a good or a rotten price; herbs, fungi,
cocoons and small stock with 涨了没, 谁收, 收购价. The bot as an older farmer uses
it: a photo shown for a diagnosis (给你看看叶子), voice when he cannot type or read,
a larger font, English he cannot read, price messages stopped or asked for daily, a
person or a telephone, what the bot can do, an answer that was not what he asked,
the station nearest his home.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("小麦收购价多少", "收购价格"),  # written both ways
        ("天麻收购价多少", "价格"),
        ("生猪啥行情", "市场行情"),  # one word to jieba
        ("中药材市场行情", "价格"),
        ("苹果开园价", "收购价"),
        ("新麦开秤价多少", "价格"),
        ("一斤好多钱", "价格"),  # 西南 好多
        ("玉米现在卖多少", "价格"),
        ("苞米现在几块了", "价格"),
        ("蒜价咋样", "行情"),
        ("怎么卖个好价钱", "销售"),
        ("今年苹果不值钱", "滞销"),
        ("黄芪涨了没", "价格"),  # herbs, fungi, cocoons, small stock
        ("党参谁收", "收购"),
        ("天麻哪里有人收", "销路"),
        ("金银花有人收没", "收购"),
        ("香菇哪里收", "收购"),
        ("蚕茧收购价", "价格"),
        ("给你看看叶子", "拍照上传"),  # a photo for a diagnosis
        ("我拍了叶子你看看是啥病", "诊断"),
        ("发照片叫你看看", "诊断"),
        ("能说话不", "语音"),  # voice
        ("打字不会", "语音"),
        ("我是文盲", "语音"),
        ("字太小了看不清", "字体"),  # font size
        ("字能调大点不", "大字体"),
        ("全是英文看不懂", "语言"),  # language
        ("停止推送", "退订"),  # price messages
        ("别发信息了", "退订"),
        ("每天早上发个价格给我", "订阅"),
        ("找个人问问", "人工客服"),  # a person, the phone
        ("有没有人能回答", "人工客服"),
        ("打电话问", "联系电话"),
        ("有没有12316热线", "联系电话"),
        ("你能干啥", "功能"),  # what it can do
        ("有啥功能", "使用方法"),
        ("你答得不对", "回答错误"),  # a wrong answer
        ("不是我问的", "反馈"),
        ("答非所问", "反馈"),
        ("离家最近的站在哪", "附近"),  # the nearest station
        ("我家附近有收购点没", "服务站"),
    ],
)
def test_asking_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("叶子发黄帮我看看咋回事", "拍照上传"),  # 看看 alone is any question
        ("十字花科蔬菜苗太小", "字体"),  # 字 of 十字花科
        ("找人打药多少钱一亩", "人工客服"),  # hiring labour is no help desk
        ("这个药能干啥", "功能"),  # a pesticide's use
        ("我说错了是玉米", "回答错误"),
        ("生猪价格停止下跌", "退订"),
        ("快递谁收", "收购"),  # a parcel, nothing named to sell
        ("玉米不想收了", "退订"),  # not harvesting
        ("小麦最低收购价多少", "收购价格"),  # the state's price is its own word
    ],
)
def test_asking_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见服务站说明。", [], tags, "selling")


BASE = [
    _entry("a-1", "今年玉米收购价格是多少", ["玉米", "收购价格"]),
    _entry("a-2", "中药材市场行情在哪里看", ["中药材", "市场行情"]),
    _entry("a-3", "怎样发照片请农技员诊断病虫害", ["拍照上传", "诊断"]),
    _entry("a-4", "不会打字怎样用语音提问", ["语音"]),
    _entry("a-5", "手机上字太小怎么调大字体", ["字体"]),
    _entry("a-6", "机器人回答错误怎么反馈", ["回答错误", "反馈"]),
    _entry("a-7", "怎么联系人工客服", ["人工客服", "联系电话"]),
    _entry("s-1", "玉米收获后怎么储存", ["玉米", "储存"]),
    _entry("s-2", "不想收价格提醒了怎么退订", ["退订", "价格提醒"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("苞米收购价多少", "a-1"),  # not the storing entry that also names maize
        ("药材行情咋样", "a-2"),
        ("我拍了叶子你看看是啥病", "a-3"),
        ("我不会打字能说话不", "a-4"),
        ("字能调大点不", "a-5"),
        ("你答得不对不是我问的", "a-6"),
        ("找个人问问", "a-7"),
        ("停止推送", "s-2"),
    ],
)
def test_farmer_words_find_the_asking_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)

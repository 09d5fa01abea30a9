"""Using the bot itself and the village station's services in farmers' words (issue 12, round 9).

Switching the bot's language, talking to a person, asking by voice or with a photo,
logging in, a new phone number, the bank card, price messages on and off; the station's
pick-up, moving or calling it off, what a trip costs, when the money comes, what it takes,
its hours and address, cold-store rental, parcels, ordering inputs and returns: a
farmer's words gain the standard term an admin's entry uses; the traps (寄 of 寄生虫,
人工 of 人工授粉, 朝鲜 of 朝鲜蓟, 跑一趟 of a vet) gain none.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("能不能换成英文", "切换"),  # the bot's language
        ("怎么改成中文", "语言"),
        ("有没有朝鲜语", "语言"),
        ("能用藏语问吗", "语言"),
        ("维语可以吗", "语言"),
        ("我是朝鲜族看不懂中文", "语言"),
        ("能用英文问吗", "语言"),
        ("我要找真人", "人工客服"),  # a person, not the machine
        ("转人工", "客服"),
        ("不跟机器讲话", "人工客服"),
        ("你是机器人吗", "人工客服"),
        ("机器人答不上来怎么办", "人工客服"),
        ("能发语言吗", "语音"),  # 语言 written for 语音
        ("打字太慢了能说话不", "语音"),
        ("我普通话说不好", "语音"),
        ("没读过书不会写字", "语音"),
        ("影张相俾你睇", "拍照上传"),  # photos (粤 影相) and videos
        ("照片发给你", "拍照上传"),
        ("拍一张叶子给你看", "照片"),
        ("能发视频吗", "视频"),
        ("登陆不了", "登录"),  # logging in, a new number, the card
        ("怎么登", "登录"),
        ("电话号码变了", "修改"),
        ("以前的号不用了", "手机号"),
        ("用老婆的卡收钱行不行", "银行卡"),
        ("把提醒打开", "订阅"),  # price messages on and off
        ("价格提醒怎么关", "退订"),
        ("唔好再发啦", "退订"),
        ("机器人不回话", "回复"),  # the bot not answering, the menu gone
        ("按钮没了", "菜单"),
        ("叫辆车来拉玉米", "预约收货"),  # the station's pick-up
        ("揾车嚟收菜", "预约收货"),
        ("约好的收货往后挪两天", "修改预约"),  # moving or calling it off
        ("收货能不能时间改一下", "修改预约"),
        ("明天莫来了", "取消预约"),
        ("拉一趟多少钱", "收费"),  # what a trip costs
        ("上门拉货油钱谁出", "运费"),
        ("交了货几天给钱", "结算"),  # when the money comes
        ("卖了粮几时俾钱", "到账"),
        ("收货要什么标准", "要求"),  # what the station takes
        ("小果收不收", "标准"),
        ("几点到几点开门", "营业时间"),  # hours and address
        ("服务站在哪里", "地址"),
        ("冷库还有空位吗", "租用"),  # cold-store rental
        ("气调库怎么收费", "冷库"),
        ("帮我妈取个快递", "代取"),  # parcels
        ("怎么寄出去", "寄快递"),
        ("快递丢了谁赔", "赔偿"),
        ("大家一起团购化肥", "代购"),  # inputs and returns
        ("没拆封的农药能退不", "退换"),
        ("退得唔得", "退货"),
    ],
)
def test_bot_and_station_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term, phrase=True), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("朝鲜蓟怎么种", "语言"),  # a vegetable, not a language
        ("进口农药说明书是英文的看不懂", "语言"),  # a label, not the bot
        ("人工授粉怎么弄", "客服"),  # 人工 of hand pollination
        ("这种虫能寄生在牛身上吗", "快递"),  # 寄 of 寄生
        ("剩下的种子明年还能用吗", "退换"),  # keeping seed is no return
        ("拉一车玉米能卖多少钱", "运费"),  # the price of the goods, not the fee
        ("兽医跑一趟多少钱", "收货"),  # a vet's visit is no pick-up
        ("母猪发情晚几天来", "修改预约"),  # a late heat is no booking
        ("过几天再来一遍药", "修改预约"),  # spraying again
        ("打药改到明天行吗", "修改预约"),
        ("帮我取消明天的预约", "代取"),  # 取 of 取消
        ("猪拉稀了找谁", "预约收货"),  # 拉 of 拉稀
    ],
)
def test_bot_and_station_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong, phrase=True), added_words(question)


# A county's own help and station entries, one standard question each.
BASE = [
    Entry("b-1", "怎么切换语言", "发送 /language 选择中文或English。", [], ["语言"]),
    Entry("b-2", "怎么转人工客服", "点“问服务站”，工作人员会回复。", [], ["人工客服"]),
    Entry("b-3", "能用语音提问吗", "可以，按住话筒说话即可。", [], ["语音"]),
    Entry("b-4", "怎么发照片提问", "点回形针选照片发送。", [], ["照片"]),
    Entry("b-5", "手机号换了怎么办", "在个人信息里修改手机号。", [], ["手机号"]),
    Entry("b-6", "上门收货收费吗", "五公里内免费，超出按里程收运费。", [], ["收费"]),
    Entry("b-7", "怎么修改预约时间", "在我的预约里改时间。", [], ["预约"]),
    Entry("b-8", "服务站收购农产品有什么标准", "按分级标准收购。", [], ["标准"]),
    Entry("b-9", "服务站冷库怎么租用", "按吨按月收费，提前登记。", [], ["冷库"]),
    Entry("b-10", "快递丢失或损坏怎么赔偿", "保价件按保价赔，未保价按运费倍数赔。", [], ["快递"]),
    Entry("b-11", "服务站几点营业", "早八点到晚六点。", [], ["营业时间"]),
    Entry("b-12", "怎么寄快递", "带上身份证到站里寄件。", [], ["快递"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style help and station entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("能不能换成英文", "b-1"),
        ("我要找真人", "b-2"),
        ("打字太慢能说话问不", "b-3"),
        ("影张相俾你睇得唔得", "b-4"),
        ("电话号码变了咋整", "b-5"),
        ("拉一趟要钱不", "b-6"),
        ("约好的收货往后挪两天", "b-7"),
        ("你们收东西有啥讲究", "b-8"),
        ("冷库还有空位吗", "b-9"),
        ("快递丢了谁赔", "b-10"),
        ("朝几晚几", "b-11"),
        ("怎么寄出去", "b-12"),
    ],
)
def test_farmers_bot_and_station_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)

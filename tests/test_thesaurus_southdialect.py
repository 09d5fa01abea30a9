"""Southern farmers' everyday words (粤, 桂柳, 客家, 闽, 湘, 赣) in the shipped thesaurus (issue 12).

A farmer typing Mandarin coloured by Cantonese or Hakka (鸡蛋果, 火蚁, 禾回青, 唔识打字,
使唔使钱, 食唔食得) gains the standard word a county's entry uses; one-character
words (睇, 识, 食, 禾, 蕉) and the ways of asking when (几时, 好久) add nothing alone.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("鸡蛋果点样种", "百香果"),  # 粤, 桂, 滇: the passion fruit
        ("鸡蛋果几多钱一斤", "百香果"),
        ("火蚁点样杀", "红火蚁"),
        ("田边好多火蚂蚁", "红火蚁"),
        ("地里蚂蚁窝好多，咬人又痛又痒", "红火蚁"),
        ("芭乐点样剪枝", "番石榴"),  # 闽, 台
        ("沙葛几时种", "豆薯"),  # 粤
        ("凉薯怎么种", "豆薯"),  # 西南
        ("插完秧几耐先回青", "返青"),
        ("禾回青要几多日", "返青"),
        ("插完秧几耐先回青", "多久"),
        ("禾虱好多点算", "稻飞虱"),
        ("蕉园俾霜打咗", "香蕉"),  # bananas by their fields and kinds
        ("粉蕉叶黄", "香蕉"),
        ("弓蕉几时落肥", "香蕉"),  # 闽, 台: a name of the banana
        ("香蕉冻亲点算", "冻害"),
        ("打完风蕉园点搞", "台风"),
        ("菜地俾水浸咗", "涝害"),
        ("好耐冇落雨禾都旱咗", "干旱"),
        ("落大雨可唔可以打药", "下雨"),
        ("鲩鱼唔开口", "吃食"),
        ("猪仔唔肯食", "厌食"),
        ("猪嫲生完唔食", "母猪"),
        ("芋卵几时种", "芋头"),  # 客家
        ("荔浦芋点样施肥", "芋头"),
        ("柑啲果有红鼻子果", "黄龙病"),
        ("芒果入面有虫", "实蝇"),
        ("粟米有虫食叶", "草地贪夜蛾"),
        ("番麦几时种", "玉米"),  # 闽: maize, no wheat
        ("椰菜花几多钱", "花菜"),  # 粤: cauliflower, no cabbage
        ("芫茜点样种", "香菜"),
        ("金宝螺点样杀", "福寿螺"),
        ("我唔识打字", "语音"),
        ("讲白话得唔得", "语音"),
        ("寄快递使唔使钱", "收费"),
        ("种田补贴几时俾", "发放"),
        ("去边度攞补贴", "申请"),
        ("买咗保险点样攞赔偿", "理赔"),
        ("想借啲钱养猪", "贷款"),
        ("黄龙病点睇", "识别"),
        ("荔枝几时摘得", "采收"),
        ("发芽嘅薯仔食唔食得", "食用"),
        ("快递揾唔到", "丢失"),
        ("包裹跌烂咗", "损坏"),
        ("想寄啲嘢返屋企", "寄快递"),
        ("种乜揾钱", "销路"),
    ],
)
def test_southern_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("鸡蛋果几多钱", "鸡蛋"),  # the fruit is no egg
        ("番麦几时种", "小麦"),  # maize is no wheat
        ("椰菜花几多钱", "圆白菜"),
        ("美人蕉怎么施肥", "香蕉"),  # 蕉 alone is in other plants' names
        ("蕉柑几时摘", "香蕉"),  # a mandarin orange
        ("食咗饭未", "食用"),  # 食 alone adds nothing
        ("禾苗点样", "返青"),  # 禾 alone adds nothing
        ("几时", "采收"),  # asking when says nothing of picking
        ("好久", "采收"),
        ("几时落雨", "干旱"),
        ("听日会唔会落雨", "干旱"),
        ("精喹禾灵怎么用", "稻飞虱"),  # a grass herbicide, no planthopper
        ("种子浸几耐", "涝害"),  # soaking seed is no flood
        ("有点赔本", "理赔"),
        ("打风口怎么开", "台风"),
    ],
)
def test_southern_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


@pytest.mark.parametrize("question", ["睇下呢个系咩", "食咗饭未", "识唔识", "几时", "禾", "蕉"])
def test_one_character_words_add_nothing_alone(question: str) -> None:
    assert not added_words(question) - {
        "什么",
        "时候",
        "啥时候",
        "几月",
        "几号",
        "好久",
        "多会儿",
        "哪",
        "天",
        "时间",
        "哪个",
        "时节",
    }, added_words(question)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


# A southern county's entries, one standard question each.
BASE = [
    _entry("s-1", "水稻插秧后多久返青", ["水稻", "返青"]),
    _entry("s-2", "水稻稻飞虱怎么防治", ["水稻", "稻飞虱"]),
    _entry("s-3", "百香果怎么种植", ["百香果", "种植"]),
    _entry("s-4", "红火蚁怎么防治", ["红火蚁"]),
    _entry("s-5", "被红火蚁叮咬后怎么处理", ["红火蚁"]),
    _entry("s-6", "草鱼不吃食是什么原因", ["草鱼", "不吃食"]),
    _entry("s-7", "台风过后香蕉怎么管理", ["香蕉", "台风"]),
    _entry("s-8", "不会打字怎么用语音提问", ["语音"]),
    _entry("s-9", "耕地地力保护补贴什么时候发放", ["补贴"]),
    _entry("s-10", "玉米什么时候播种", ["玉米", "播种"]),
    _entry("s-11", "柑橘黄龙病怎么识别和防治", ["柑橘", "黄龙病"]),
    _entry("s-12", "在服务站寄快递怎么收费", ["收费"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("莳完田禾几时返青", "s-1"),
        ("禾有好多飞虱点算", "s-2"),
        ("鸡蛋果怎么种植", "s-3"),
        ("火蚂蚁怎么防治", "s-4"),
        ("火蚁咬了怎么处理", "s-5"),
        ("鲩鱼唔吃料", "s-6"),
        ("打完风蕉园点搞", "s-7"),
        ("我唔识打字点算", "s-8"),
        ("耕田补贴几时发", "s-9"),
        ("番麦几时落种", "s-10"),
        ("柑橘黄龙病点睇", "s-11"),
        ("寄快递要俾几多钱", "s-12"),
    ],
)
def test_southern_farmers_find_the_entry(base: KnowledgeSearch, query: str, expected: str) -> None:
    assert_found(base, query, expected)

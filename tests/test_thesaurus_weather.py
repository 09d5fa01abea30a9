"""Weather damage and field management in farmers' words, in the shipped thesaurus (issue 12).

Frost and cold, heat and drought, flood and waterlogging, hail, wind and lodging, what
to do after, watering and draining, film and greenhouses in bad weather: a farmer's
words gain the standard term a county's entry uses; a bare weather question gains none.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("晚稻抽穗遇到冷风咋办", "寒露风"),  # cold: autumn cold on late rice
        ("水稻扬花碰上低温", "冷害"),
        ("早稻秧苗遇倒春寒", "烂秧"),
        ("玉米苗遇低温发紫", "冷害"),
        ("香蕉寒害", "冻害"),
        ("明天下霜怎么防", "防冻"),  # before a frost
        ("果园熏烟防霜", "防冻"),
        ("杏花期遇到寒流", "冻害"),
        ("冻雨把油菜冻了", "冻害"),
        ("地里旱死了", "干旱"),  # heat and drought
        ("天旱不下雨玉米咋办", "抗旱"),
        ("苗都晒死了", "高温"),
        ("水稻扬花遇高温空壳多", "热害"),
        ("玉米高温授粉不好", "热害"),
        ("大棚温度太高", "放风"),
        ("玉米地被淹了", "涝害"),  # flood and waterlogging
        ("下雨地里积水怎么排水", "排涝"),
        ("麦苗地湿发黄", "渍害"),
        ("油菜田理沟", "沥水"),
        ("昨天下冷子把玉米打烂了", "冰雹"),  # hail by its northern name
        ("冰雹打了还能活吗", "补救"),  # what to do after
        ("受冻后追肥", "补救"),
        ("玉米淹死了还能种啥", "改种"),
        ("小麦倒伏要扶起来吗", "扶苗"),
        ("台风把香蕉刮倒了", "风灾"),  # wind and lodging
        ("水稻倒成一片", "倒伏"),
        ("小麦怎么防倒", "倒伏"),
        ("遭了冷子绝收了", "受灾"),  # a pointer to the disaster words
        ("地里淌水", "浇水"),  # watering in farmers' words
        ("滴灌带堵了", "堵塞"),
        ("大风把棚膜刮开了", "压膜"),  # film and greenhouses in bad weather
        ("地膜被风刮跑了", "压膜"),
        ("大雪压棚", "雪灾"),
        ("大棚压塌了", "加固"),
        ("大棚太冷温度上不去", "保温"),
        ("大棚生炉子加温", "保温"),
        ("连阴天大棚咋管", "补光"),
        ("天晴了黄瓜蔫了", "闪苗"),
        ("遇到烂场雨麦子咋办", "穗发芽"),  # rain at the wheat harvest
        ("暴雨把地冲毁了", "水毁"),
        ("晚稻翘稻头", "寒露风"),
        ("昨晚下黑霜", "霜冻"),
        ("黑网什么时候盖", "遮阳网"),
        ("小麦浇头水", "浇水"),
    ],
)
def test_weather_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("明天下雨不", "涝害"),  # a bare weather question is small talk
        ("今天多少度", "冻害"),
        ("明天降温不", "防冻"),
        ("玉米种子泡水多久", "涝害"),  # soaking seed is no flood
        ("旱厕改造怎么办", "抗旱"),  # a dry toilet is no drought
        ("旱涝保收的高标准农田怎么申请", "涝害"),
        ("猪舍夏天怎么降温", "防冻"),  # cooling a shed is no cold snap
        ("冷棚西瓜什么时候种", "保温"),  # 冷棚 is a kind of greenhouse
        ("大棚高温闷棚怎么弄", "放风"),  # closing up to heat it on purpose
        ("大棚怎么放风", "压膜"),  # a vent is no gale
        ("霜霉病减产怎么办", "受灾"),  # 霜 of a mildew is no frost
        ("雪里蕻大棚怎么种", "雪灾"),  # a vegetable, not snow
        ("旱地怎么施肥", "补救"),
        ("大棚太冷了", "补饲"),  # a crop greenhouse is no animal shed
        ("冬天小麦浇冻水", "防冻"),
        ("黄瓜叶子上一层白霜", "霜冻"),  # powdery mildew, as farmers see it
        ("头水紫菜多少钱", "浇水"),  # the first cut of laver
    ],
)
def test_weather_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


# A county's weather-damage entries, one standard question each.
BASE = [
    Entry("w-1", "小麦发生冻害后如何补救", "及时追施速效氮肥，浇水促进恢复。", [], ["冻害"]),
    Entry("w-2", "果树花期霜冻怎么预防", "熏烟、喷防冻剂、花前灌水。", [], ["冻害"]),
    Entry("w-3", "晚稻寒露风怎么防御", "适时早播早插，抽穗期灌深水保温。", [], ["冷害"]),
    Entry("w-4", "玉米遇到干旱怎么抗旱", "及时灌溉，中耕保墒。", [], ["干旱"]),
    Entry("w-5", "农田涝害发生后怎么排涝", "清沟排水，扶苗洗苗，追肥。", [], ["涝害"]),
    Entry("w-6", "遭受冰雹灾害后作物怎么管理", "查看损伤，追肥喷药，补种改种。", [], ["雹灾"]),
    Entry("w-7", "玉米倒伏了怎么办", "根倒及时扶正培土，茎折的及早收获。", [], ["倒伏"]),
    Entry("w-8", "大棚遇到大风怎么防护", "压紧压膜线，关闭风口。", [], ["大棚"]),
    Entry("w-9", "雪灾天气大棚如何防止积雪压塌", "及时清扫积雪，加立柱加固。", [], ["大棚"]),
    Entry("w-10", "冬季大棚怎么保温", "加盖草苫、多层覆盖。", [], ["大棚"]),
    Entry("w-11", "水稻抽穗扬花期遇高温热害怎么办", "灌深水降温，喷施叶面肥。", [], ["热害"]),
    Entry("w-12", "连阴天后骤晴蔬菜闪苗怎么办", "回苗时遮阴，喷清水。", [], ["大棚"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style weather entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("麦苗冻了还有救吗", "w-1"),
        ("果树开花怕下霜咋办", "w-2"),
        ("晚稻抽穗遇到冷风咋办", "w-3"),
        ("天旱苞谷卷叶了", "w-4"),
        ("地里淹了咋排水", "w-5"),
        ("下冷子了庄稼咋管", "w-6"),
        ("苞谷被风刮倒了要扶吗", "w-7"),
        ("大风把棚膜刮开了", "w-8"),
        ("下大雪大棚会不会压塌", "w-9"),
        ("大棚晚上太冷咋办", "w-10"),
        ("黄瓜天晴了就蔫了", "w-12"),
    ],
)
def test_farmers_weather_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


@pytest.mark.parametrize("query", ["猪拉稀咋办", "快递到了没", "低保啥时候发"])
def test_questions_outside_the_weather_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline

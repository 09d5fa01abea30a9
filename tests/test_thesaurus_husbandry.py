"""Raising livestock and poultry in farmers' words, in the shipped thesaurus (issue 12, round 8).

Feed and feeding, silage and forage, heat, serving and pregnancy, birth, young stock,
sheds and the seasons, vaccines and worming, buying and selling, and what a farmer sees
on an animal: a farmer's words gain the standard term a county's entry uses, and only
with the animal, its shed or its feed named.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("苞谷面喂猪行不行", "精料"),  # feed and feeding
        ("羊吃豆粕好不好", "蛋白饲料"),
        ("玉米发霉了还能喂猪吗", "霉菌毒素"),
        ("苞谷秆子怎么喂牛", "秸秆饲料"),
        ("玉米秆子揉丝喂羊", "铡草"),
        ("秸秆加尿素喂牛", "氨化"),
        ("猪喂潲水行不行", "泔水"),
        ("剩饭剩菜能喂猪不", "餐厨废弃物"),
        ("牛要不要喂盐", "舔砖"),
        ("冬季羊喝凉水行不", "饮水"),
        ("牛一天喂多少精料", "饲喂"),
        ("育肥牛饲料怎么配", "饲料配方"),
        ("麦麸子喂羊", "麸皮"),
        ("全价料和浓缩饲料有啥区别", "浓缩料"),
        ("苞谷秆子切碎了压到窖里", "青贮"),  # silage and forage
        ("干玉米秆能不能窖起来", "黄贮"),
        ("青贮压不实咋办", "密封"),
        ("青贮发黑发臭了", "霉变"),
        ("全株玉米啥时候收割做青贮", "收获期"),
        ("想种点牧草喂牛", "饲草"),
        ("母牛爬跨别的牛", "发情"),  # heat and serving
        ("母猪叫唤不安是不是闹圈", "发情"),
        ("母牛发情怎么看", "发情鉴定"),
        ("母牛发情不明显", "隐性发情"),
        ("母牛发情后什么时候配种最好", "适时配种"),
        ("小母牛多大能配", "初配"),
        ("冷配好还是本交好", "人工授精"),
        ("牛配了几次都没怀上", "屡配不孕"),
        ("母牛怀上没咋看", "妊娠诊断"),
        ("母牛挂上了没有", "妊娠"),
        ("母羊快生了有啥表现", "临产征兆"),  # birth
        ("母牛生小牛", "产犊"),
        ("母羊下羔子", "产羔"),
        ("牛生不出来咋办", "助产"),
        ("牛衣胞没下来", "胎衣不下"),
        ("母猪产后喂什么", "产后护理"),
        ("小羊多大断奶", "断奶"),  # young stock
        ("小牛啥时候吃草", "开食"),
        ("小猪怕冷咋办", "保温"),
        ("小鸡要多少度", "育雏温度"),
        ("小鸡多大撤灯", "脱温"),
        ("小鸡第一次喂什么", "开食"),
        ("鸡几个月下蛋", "开产"),
        ("蛋鸡一天开几个小时灯", "光照"),
        ("小鸡怎么分公母", "雌雄鉴别"),
        ("小鸡剪嘴", "断喙"),
        ("母猪压死小猪", "防压"),
        ("羊圈怎么盖", "建设"),  # sheds and the seasons
        ("一平方养几只鸡", "饲养密度"),
        ("鸡舍味道大呛眼睛", "通风"),
        ("猪舍夏天怎么降温", "防暑降温"),
        ("羊冬天怎么过冬", "保暖"),
        ("羊圈撒石灰行不行", "消毒"),
        ("新买的羊能和原来的放一起吗", "隔离"),
        ("羊几月打三联四防", "疫苗"),  # vaccines and worming
        ("鸡苗疫苗几天打", "免疫程序"),
        ("打完疫苗母羊流产了", "疫苗反应"),
        ("疫苗打了还剩下能放冰箱吗", "疫苗保存"),
        ("羊用伊维菌素", "驱虫"),
        ("猪长多大卖合适", "出栏"),  # buying and selling
        ("羊喂什么长得快", "育肥"),
        ("买小牛要注意什么", "选购"),
        ("卖牛去哪卖", "交易市场"),
        ("西门塔尔好养吗", "品种"),
        ("猪打了针多久能卖", "休药期"),
        ("牛瘸了", "跛行"),  # what a farmer sees
        ("驴打滚不拉粪", "结症"),
        ("羊左边肚子鼓", "瘤胃臌气"),
        ("牛卧地不起", "瘫痪"),
        ("牛吃了铁丝", "创伤性网胃炎"),
        ("鸭子掉毛", "换羽"),
        ("羊怎么养", "饲养管理"),
        ("苞米秸子喂牛", "粗饲料"),
    ],
)
def test_husbandry_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("肥料怎么配", "饲料配方"),  # fertiliser is no feed
        ("玉米测土配方施肥", "饲料配方"),
        ("秸秆还田加尿素", "氨化"),  # straw ploughed in is not ammoniated for stock
        ("秸秆粉碎还田", "铡草"),
        ("土豆窖封窖", "青贮"),  # a potato cellar is no silage pit
        ("天牛用阿维菌素", "驱虫"),  # 阿维菌素 on a tree pest
        ("蜗牛怎么治撒石灰", "消毒"),  # lime against snails
        ("母猪补贴标准", "选种"),  # a subsidy's rate is no breeding standard
        ("母牛补贴怎么领", "选种"),
        ("雨快下了羊在外面", "产前准备"),  # rain coming is no birth
        ("明天降温牛怎么办", "防暑降温"),  # a cold snap is no heat
        ("猪粪高温发酵", "防暑降温"),  # composting heat
        ("鸡粪发酵多久", "霉变"),
        ("大棚太闷了", "氨气"),  # a crop greenhouse is no shed
        ("小猪发烧多少度", "保温"),  # a piglet's fever is no brooding heat
        ("羊肚菌怎么种", "牧草"),
        ("鸡打针要注意什么", "饲养管理"),  # a shot is no husbandry course
    ],
)
def test_husbandry_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


# A county's husbandry entries, one standard question each.
BASE = [
    Entry("h-1", "全株玉米青贮饲料怎么制作", "乳熟后期至蜡熟期收割，切短压实密封。", [], ["青贮"]),
    Entry("h-2", "霉变饲料能不能喂猪", "霉菌毒素危害大，霉变饲料不能喂。", [], ["饲料"]),
    Entry("h-3", "母牛发情鉴定方法", "看爬跨、阴户红肿、流黏液。", [], ["繁殖"]),
    Entry("h-4", "母牛屡配不孕怎么办", "查明原因，治疗子宫炎，补充营养。", [], ["繁殖"]),
    Entry("h-5", "母牛妊娠诊断方法", "看返情、直肠检查、B超。", [], ["繁殖"]),
    Entry("h-6", "母牛胎衣不下怎么处理", "产后12小时不下可注射催产素。", [], ["繁殖"]),
    Entry("h-7", "犊牛什么时候开食", "7日龄开始训练采食开食料和优质干草。", [], ["犊牛"]),
    Entry("h-8", "雏鸡育雏温度是多少", "第一周33到35度，以后每周降2到3度。", [], ["雏鸡"]),
    Entry("h-9", "夏季畜禽舍如何防暑降温", "遮阳通风、喷水降温、供足清凉饮水。", [], ["圈舍"]),
    Entry("h-10", "圈舍消毒用什么消毒剂", "空圈用火碱，带畜用过氧乙酸。", [], ["圈舍"]),
    Entry("h-11", "羊的免疫程序", "春秋两季注射三联四防、口蹄疫、羊痘疫苗。", [], ["疫苗"]),
    Entry("h-12", "育肥猪多大体重出栏合适", "一般110到120公斤出栏。", [], ["出栏"]),
    Entry("h-13", "兽药休药期是多久", "按说明书执行，休药期内不得屠宰。", [], ["兽药"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style husbandry entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("苞谷秆子切碎了压到窖里咋弄", "h-1"),
        ("玉米发霉了还能喂猪吗", "h-2"),
        ("母牛爬跨别的牛是不是闹圈了", "h-3"),
        ("牛配了几次都没怀上", "h-4"),
        ("母牛怀上没咋看", "h-5"),
        ("牛衣胞没下来咋办", "h-6"),
        ("小牛啥时候学吃草", "h-7"),
        ("小鸡要多少度", "h-8"),
        ("天太热猪舍咋降温", "h-9"),
        ("羊圈撒石灰还是火碱好", "h-10"),
        ("猪长多大卖合适", "h-12"),
        ("猪打了针多久能卖", "h-13"),
    ],
)
def test_farmers_husbandry_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


@pytest.mark.parametrize("query", ["小麦条锈病怎么防", "快递到了没", "手机号怎么换绑"])
def test_questions_outside_the_husbandry_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline

"""Farm subsidies, insurance, credit and welfare in farmers' words, second round (issue 12).

Programmes are kept apart (the land subsidy, the one-off grain payment, scrapping an old
machine, calves of 基础母牛扩群, grassland, the Yangtze fishermen's 禁捕退捕), the card and
the area the money is paid on, crop and livestock insurance, credit; welfare (低保, 医保,
养老, 残疾, 防返贫, 助学) gains only its own words and never a farm programme's.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, assert_found, searched


def _said(question: str, term: str) -> bool:
    """Whether the question, typed or through the thesaurus, has every word of `term`."""
    tok = tokenizer()
    return set(tok.tokens(term)) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # Subsidies by programme.
        ("买化肥有补贴吗", "种粮农民一次性补贴"),
        ("柴油涨价国家给补吗", "种粮农民一次性补贴"),
        ("老拖拉机报废给多少钱", "农机报废更新补贴"),
        ("收割机以旧换新", "农机报废更新补贴"),
        ("旧收割机拆了有补贴吗", "农机报废更新补贴"),
        ("种几百亩地有补贴吗", "适度规模经营"),
        ("牛犊补贴一头多少", "基础母牛"),
        ("母牛下犊有补贴吗", "扩群"),
        ("草原补贴一亩多少", "草畜平衡"),
        ("渔民上岸有补偿吗", "退捕"),  # 禁捕退捕 on the Yangtze
        ("交船上岸补偿", "禁捕"),
        ("渔船拆了补多少", "退捕渔民"),
        ("退捕渔民社保", "安置"),
        ("田亩补贴多少钱", "耕地地力保护补贴"),
        # How the money comes: the card, the area, regional ways of asking.
        ("补贴款什么时候打", "发放"),
        ("补贴啷个还没到", "到账"),
        ("补贴么时候发", "发放"),
        ("补贴乜时候发", "发放"),
        ("补贴面积跟实际种的不一样", "核实"),
        ("补贴被村里扣了", "截留"),
        ("补贴今年涨了没", "标准"),
        ("老人去世了补贴怎么办", "变更"),
        # Insurance.
        ("出险了打哪个电话", "报案"),
        ("保费国家补多少", "保费补贴"),
        ("买了保险没给保单", "查询"),
        ("保险点样赔", "理赔"),
        ("母猪死了要拍照吗", "理赔"),
        ("快递保险", "保价"),  # a parcel's insurance
        # Credit.
        ("整村授信是啥", "信用贷款"),
        ("信用户评级", "授信"),
        ("贷款利息国家给出吗", "贴息"),
        ("贴息什么时候到", "到账"),
        ("贷款还完了还能再贷吗", "续贷"),
        ("贷五万要什么手续", "小额信贷"),
        # Welfare, under its own names.
        ("低保户每月多少钱", "低保"),
        ("吃低保要什么条件", "最低生活保障"),
        ("五保户一个月多少钱", "特困人员"),
        ("家里揭不开锅了有救济吗", "临时救助"),
        ("新农合报销比例", "医疗保险"),
        ("看病能报多少", "医保"),
        ("住院报销多少", "医保"),
        ("医保卡丢了", "医疗保险"),
        ("养老金每月多少", "养老保险"),
        ("满60岁每月领多少钱", "养老金"),
        ("老人保险交哪个档次", "缴费档次"),
        ("残疾补贴怎么领", "残疾人两项补贴"),
        ("残疾人护理费", "残疾人两项补贴"),
        ("八十岁老人补贴怎么领", "高龄补贴"),
        ("高龄津贴多少钱", "高龄补贴"),
        ("三类户怎么认定", "防返贫"),
        ("监测户是什么", "防返贫"),
        ("孩子上学有补助吗", "助学金"),
        ("娃娃读大学有资助吗", "教育资助"),
        ("雨露计划补助", "助学金"),
        ("生源地贷款怎么办", "助学贷款"),
        ("老房子漏雨能申请改造吗", "危房改造"),
    ],
)
def test_finance_words_point_at_the_programme(question: str, term: str) -> None:
    assert _said(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("水田补水", "耕地地力保护补贴"),  # 田补 inside 水田补水
        ("拖拉机拆了修不好", "农机报废更新补贴"),  # repair, not scrapping
        ("汽车报废补贴", "农机报废更新补贴"),
        ("手机以旧换新", "农机报废更新补贴"),
        ("小牛拉稀", "基础母牛"),  # no subsidy asked
        ("渔船柴油多少钱", "退捕"),
        ("禁渔期什么时候结束", "退捕"),  # the seasonal ban is no 禁捕退捕
        ("保险到期了贷款还能贷吗", "续贷"),  # insurance falling due
        ("寄东西多少钱", "保价"),
        ("牛病了用药比例", "医保"),  # a dose, no hospital bill
        ("学技术有补贴吗", "助学金"),  # farmer training is no schooling
        ("大棚要塌了", "危房改造"),
        ("母猪补贴咋领", "变更"),
        ("猪死了怎么处理", "理赔"),  # no photo, no insurance named
        ("补贴什么时候申请", "发放"),  # applying is not being paid
    ],
)
def test_finance_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not _said(question, wrong), added_words(question)


# The farm programmes' words that welfare questions must not gain.
FARM_WORDS = [
    "耕地地力保护补贴",
    "种粮农民一次性补贴",
    "农机购置补贴",
    "农机报废更新补贴",
    "生产者补贴",
    "稻谷补贴",
    "能繁母猪补贴",
    "基础母牛",
    "养殖补贴",
    "一卡通",
    "发放",
    "到账",
    "农业保险",
    "养殖保险",
    "保费",
    "理赔",
    "小额信贷",
    "脱贫人口小额信贷",
    "土地流转",
    "适度规模经营",
]


@pytest.mark.parametrize(
    "question",
    [
        "低保户每月多少钱",
        "低保打到一卡通了吗",
        "吃低保要什么条件",
        "五保户一个月多少钱",
        "临时救助怎么申请",
        "新农合报销比例",
        "医保卡丢了",
        "看病能报多少",
        "养老金每月多少",
        "满60岁每月领多少钱",
        "养老保险交哪个档次划算",
        "残疾补贴怎么领",
        "残疾人护理费",
        "八十岁老人补贴怎么领",
        "三类户怎么认定",
        "防返贫监测怎么申请",
        "孩子上学有补助吗",
        "雨露计划补助",
        "老房子漏雨能申请改造吗",
        "学生营养餐补助",
    ],
)
def test_welfare_gains_no_farm_programme(question: str) -> None:
    tok = tokenizer()
    # The bare 补贴 is every office's word: it names no farm programme.
    farm = {t for w in FARM_WORDS for t in tok.tokens(w)} - {"补贴"}
    assert not farm & added_words(question), farm & added_words(question)


# A county's subsidy, insurance, credit and welfare entries, one standard question each.
BASE = [
    Entry("f-1", "耕地地力保护补贴什么时候发放到账", "每年春季通过社保卡发放。", [], ["补贴"]),
    Entry("f-2", "种粮农民一次性补贴发放给谁", "发给实际种粮农民。", [], ["补贴"]),
    Entry("f-3", "农机报废更新补贴怎么申请", "到回收拆解企业交旧机，凭证明申请。", [], ["农机"]),
    Entry("f-4", "基础母牛扩群提质项目补贴标准", "按新生犊牛头数补贴。", [], ["肉牛"]),
    Entry("f-5", "长江退捕渔民有哪些安置保障政策", "参加养老保险，转产就业扶持。", [], ["渔民"]),
    Entry("f-6", "农业保险受灾后怎么报案理赔", "48小时内拨打保险公司电话报案。", [], ["保险"]),
    Entry("f-7", "脱贫人口小额信贷到期后可以续贷吗", "还款困难的可申请续贷或展期。", [], ["贷款"]),
    Entry("f-8", "农户信用评级授信怎么办理", "向信用社申请评级，按等级授信。", [], ["贷款"]),
    Entry("f-9", "惠农补贴资金被截留怎么举报", "拨打县纪委或农业农村局监督电话。", [], ["补贴"]),
    Entry("f-10", "农村低保申请条件是什么", "家庭人均收入低于当地低保标准。", [], ["低保"]),
    Entry("f-11", "城乡居民医疗保险住院报销比例是多少", "乡镇卫生院报销比例最高。", [], ["医保"]),
    Entry("f-12", "城乡居民养老保险缴费档次有哪些", "每年按档次缴费，多缴多得。", [], ["养老"]),
    Entry("f-13", "残疾人两项补贴怎么申请", "持残疾证向乡镇民政办申请。", [], ["残疾人"]),
    Entry("f-14", "雨露计划职业教育补助怎么申请", "脱贫家庭子女就读中高职可申请。", [], ["教育"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style finance entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("种地补贴啷个还没到", "f-1"),
        ("买化肥有补贴吗", "f-2"),
        ("老拖拉机报废给多少钱", "f-3"),
        ("牛犊补贴一头多少", "f-4"),
        ("渔民上岸有啥政策", "f-5"),
        ("苞谷遭雹子了保险咋个赔", "f-6"),
        ("扶贫贷款还完了还能再贷吗", "f-7"),
        ("整村授信是啥", "f-8"),
        ("补贴被村里扣了", "f-9"),
        ("吃低保要什么条件", "f-10"),
        ("新农合住院能报多少", "f-11"),
        ("老人保险交哪个档次", "f-12"),
        ("残疾补贴怎么领", "f-13"),
        ("娃娃读技校有补助吗", "f-14"),
    ],
)
def test_farmers_finance_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


@pytest.mark.parametrize("query", ["猪拉稀咋办", "小麦赤霉病怎么防", "快递到了没"])
def test_questions_outside_the_finance_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline

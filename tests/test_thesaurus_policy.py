"""Agricultural policy in farmers' words in the shipped thesaurus (issue 12): subsidies by
programme, the payment card, crop and livestock insurance, credit, land, registration."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, searched


def _said(question: str, term: str) -> bool:
    """Whether the question, typed or through the thesaurus, has every word of `term`."""
    tok = tokenizer()
    return set(tok.tokens(term)) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("种地国家给钱啥时候到", "耕地地力保护补贴"),  # the money for farming
        ("种粮的钱什么时候发", "耕地地力保护补贴"),
        ("粮补什么时候发", "耕地地力保护补贴"),
        ("租的地补贴给谁", "土地流转"),  # who gets it on rented land
        ("农资补贴今年有没有", "种粮农民一次性补贴"),
        ("买拖拉机国家补多少", "农机购置补贴"),
        ("买个打捆机能补贴不", "农机购置补贴"),
        ("农机补贴多久到账", "农机购置补贴"),
        ("旧拖拉机报废有补贴吗", "农机报废更新补贴"),
        ("种玉米国家补多少一亩", "玉米生产者补贴"),  # north-east: maize and soybean
        ("种大豆一亩补多少", "大豆生产者补贴"),
        ("种水稻有补贴吗", "稻谷补贴"),
        ("买麦种有补贴吗", "良种补贴"),
        ("冻精改良有补贴吗", "良种补贴"),
        ("免耕补贴多少钱一亩", "保护性耕作"),
        ("秸秆粉碎还田有补贴吗", "秸秆还田"),
        ("养母牛有补贴吗", "基础母牛"),
        ("打防疫针要钱吗", "强制免疫"),
        ("补贴打到哪张卡", "一卡通"),  # when and where the money comes
        ("补贴打社保卡上了吗", "一卡通"),
        ("补贴还没发", "发放"),
        ("庄稼保险一亩交多少", "保费"),  # crop insurance
        ("种植险怎么买", "农业保险"),
        ("保险公司来人看了没", "定损"),
        ("猪死了保险赔不赔", "养殖保险"),
        ("玉米被冰雹打了赔不赔", "理赔"),
        ("脱贫户贷款怎么贷", "小额信贷"),  # credit
        ("不要抵押的贷款", "信用贷款"),
        ("把田包给别人要签合同不", "土地流转"),  # land
        ("一亩地租多少钱", "流转费"),
        ("土地证上面积不对", "更正"),
        ("承包到期了怎么办", "承包期"),
        ("办合作社要啥手续", "注册"),  # registration and certification
        ("绿标怎么申请", "绿色食品"),
        ("养猪场要办啥证", "动物防疫条件合格证"),
        ("大棚里盖看护房行不行", "设施农业用地"),
        ("补贴下来了没", "发放"),  # regional ways of asking when
        ("粮补几时发", "发放"),
        ("补贴一亩补多少", "标准"),
        ("种粮补贴谁能领", "条件"),
        ("玉米被淹了给谁打电话", "报案"),
        ("卖牛要开检疫证吗", "检疫"),
        ("建大棚有补贴吗", "设施农业"),
        ("拿地入股合作社行不行", "土地入股"),
        ("买手扶有补贴吗", "农机购置补贴"),
        ("种双季稻补多少", "稻谷补贴"),
        ("作田有冇补贴", "耕地地力保护补贴"),  # 粤, 客家: 作田 is farming
        ("扶贫贷款还能贷吗", "脱贫人口小额信贷"),
        ("村里要重新分地吗", "土地承包"),
        ("嫁出去的姑娘还有地吗", "承包经营权"),
        ("做辣椒酱要办SC证吗", "食品生产许可"),
        ("母猪保险怎么买", "能繁母猪保险"),
        ("农机购置补贴什么时候到账", "购机补贴"),  # a programme's two names, both ways
        ("流转费多少", "土地租金"),
        ("农业支持保护补贴什么时候发", "耕地地力保护补贴"),  # its old name
        ("种棉花国家补多少", "目标价格补贴"),  # 新疆
        ("大棚能上保险吗", "设施农业保险"),
        ("猪价跌了保险赔不赔", "价格保险"),
        ("邻居种地多占了我家地界", "土地纠纷"),
        ("贷款到期还不上能续贷吗", "展期"),
    ],
)
def test_policy_words_point_at_the_programme(question: str, term: str) -> None:
    assert _said(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        # One programme's question is not pulled to another's by the shared 补贴.
        ("买拖拉机国家补多少", "耕地地力保护补贴"),
        ("种粮的钱什么时候发", "农机购置补贴"),
        ("玉米收获机补贴多少", "生产者补贴"),  # the machine's, not the maize's
        ("玉米种子补贴", "生产者补贴"),  # the seed's
        ("免耕补贴多少钱一亩", "耕地地力保护补贴"),
        ("母猪补贴咋领", "养殖保险"),
        ("能繁母猪保险怎么买", "能繁母猪补贴"),
        ("母猪保险怎么买", "能繁母猪补贴"),
        ("种玉米国家补多少一亩", "稻谷补贴"),
        ("种大豆一亩补多少", "玉米生产者补贴"),
        # Everyday senses of the same characters.
        ("养猪赔了", "理赔"),  # lost money, no insurance
        ("渔船柴油多少钱", "渔业油价补贴"),  # a price, no subsidy
        ("大棚怎么盖", "设施农业用地"),
        ("合作社收玉米吗", "注册"),
        ("合作社办了贷款", "注册"),  # 办 a loan is no registration
        ("冷库租金多少", "流转费"),  # a cold store's rent is no land rent
        ("坐出租车到地头", "土地流转"),
        ("卖粮开证明", "检疫"),
        ("耕地轮作休耕补贴", "耕地地力保护补贴"),  # 耕地 of another programme
        ("苗死了地里", "土地承包"),
        ("养猪赔了好多钱猪死了", "养殖保险"),  # lost money, no insurance claim
        ("疫苗打几次", "强制免疫"),
    ],
)
def test_policy_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not _said(question, wrong)


# What a farming base's subsidy, insurance and credit entries are found by.
FARM_WORDS = [
    "耕地地力保护补贴",
    "种粮农民一次性补贴",
    "农机购置补贴",
    "良种补贴",
    "生产者补贴",
    "稻谷补贴",
    "能繁母猪补贴",
    "养殖补贴",
    "保护性耕作",
    "一卡通",
    "农业保险",
    "养殖保险",
    "保费",
    "小额信贷",
    "脱贫人口小额信贷",
    "土地流转",
    "农机报废更新补贴",
    "报案",
]


@pytest.mark.parametrize(
    "question",
    [
        "低保啥时候发",
        "低保补助怎么领",
        "低保金什么时候到账",
        "医保怎么交",
        "医保参保怎么交",  # 参保 is no farm insurance
        "医疗保险交多少",
        "新农合一年交多少",
        "新农合参保",
        "养老保险交多少钱",
        "养老保险参保多少钱",
        "城乡居民养老保险交多少钱",
        "老人保险怎么交",
        "新农保怎么交",
        "大病保险能报多少",
        "养老金打到社保卡了吗",
        "助学贷款怎么申请",
        "生源地助学贷款利息",
        "危房改造补助怎么申请",
        "危改补贴多少",
        "高龄补贴怎么领",
        "残疾人两项补贴",
        "驾照怎么考",
        "考驾照政府给补贴吗",
        "危房改造补助下来没",
        "残疾人补贴下来了没",
        "低保打到一卡通了吗",
        "五保户补助",
        "丧葬补助",
        "学生营养餐补助",
        "煤改电补贴",
        "家电以旧换新补贴",
        "汽车报废补贴",  # no farm machine scrapped
        "人死了怎么报",  # no crop loss reported
        "大学生创业贷款",
    ],
)
def test_welfare_questions_add_no_farming_words(question: str) -> None:
    tok = tokenizer()
    # The bare 补贴 (of 养殖补贴) is every office's word: it names no farm programme.
    farm = {t for w in FARM_WORDS for t in tok.tokens(w)} - {"补贴"}
    assert not farm & added_words(question), farm & added_words(question)


BASE = [
    Entry("p-1", "耕地地力保护补贴什么时候发放，每亩补多少", "春季通过一卡通发放。", [], ["补贴"]),
    Entry("p-2", "购买农机具怎么申请农机购置补贴", "购机后带发票到农机站申请。", [], ["补贴"]),
    Entry("p-3", "玉米和大豆生产者补贴按什么标准发放", "按实际种植面积发放。", [], ["补贴"]),
    Entry("p-4", "稻谷补贴怎么申报", "村里统计水稻面积，乡镇审核。", [], ["补贴"]),
    Entry("p-5", "能繁母猪补贴怎么申请", "存栏母猪登记后按头补。", [], ["补贴"]),
    Entry("p-6", "保护性耕作作业补贴标准是多少", "免耕播种验收合格按亩补。", [], ["补贴"]),
    Entry("p-7", "政策性农业保险怎么投保，保费农户交多少", "村里统一投保。", [], ["保险"]),
    Entry("p-8", "养殖的猪牛羊病死了保险怎么理赔", "先报案，无害化处理后理赔。", [], ["保险"]),
    Entry("p-9", "脱贫人口小额信贷申请条件是什么", "免抵押免担保，财政贴息。", [], ["贷款"]),
    Entry("p-10", "土地经营权流转要签订书面合同吗", "应签书面合同并备案。", [], ["土地"]),
    Entry("p-11", "土地承包经营权证信息有误怎么更正", "到乡镇农经站申请更正。", [], ["土地"]),
    Entry("p-12", "农民专业合作社怎么注册登记", "五名以上成员到市场监管部门登记。", [], ["合作社"]),
    Entry("p-13", "家庭农场怎么申请认定", "向乡镇提交材料，县里认定。", [], ["家庭农场"]),
    Entry("p-14", "绿色食品认证怎么申请", "向省绿色食品办公室申请。", [], ["认证"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style policy entries above: one standard question each."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("种地国家给钱啥时候到", "p-1"),
        ("粮补啥时候发", "p-1"),
        ("买拖拉机国家补多少", "p-2"),  # not p-1, which says 补多少 too
        ("买个收割机能补多少钱", "p-2"),
        ("农机补贴多久到账", "p-2"),
        ("种水稻有补贴吗", "p-4"),
        ("母猪补贴咋领", "p-5"),
        ("免耕补贴多少钱一亩", "p-6"),
        ("庄稼保险一亩交多少", "p-7"),
        ("猪死了保险赔不赔", "p-8"),
        ("脱贫户贷款不要利息的", "p-9"),
        ("把地租给别人要签合同不", "p-10"),
        ("土地证上面积不对", "p-11"),
        ("办合作社要啥手续", "p-12"),
        ("家庭农场咋弄", "p-13"),
    ],
)
def test_farmers_policy_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
    assert outcome.decision is not Decision.decline, outcome


@pytest.mark.parametrize(
    "query",
    ["助学贷款怎么办", "危房改造补助多少钱", "驾照怎么考", "残疾人补贴怎么领", "高龄补贴怎么领"],
)
def test_welfare_questions_are_not_answered_from_a_farming_base(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline

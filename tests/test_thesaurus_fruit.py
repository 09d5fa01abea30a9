"""Orchards and fruit in farmers' words, north and south, in the shipped thesaurus (issue 12).

Pruning and shoots (怎么剪, 控梢, 杀冬梢, 冲梢, 副梢), growth regulators (九二〇, 膨大剂),
flowering and fruit set, bags, calcium and small fruit, biennial bearing, ripening,
sugar, acid and colour, southern fruit (banana, litchi, longan, mango, passion fruit,
dragon fruit) and orchard pests by their folk names: a farmer's words gain the
standard term a county's entry uses, without firing on the fruit word inside another
word (桃 of 核桃, 梨 of 凤梨) or on the tomato that 柿子 is in the north-east.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("桃树咋剪", "修剪"),  # pruning asked with the tree
        ("苹果树冬天怎么剪", "修剪"),
        ("梨树怎么修", "修剪"),
        ("核桃树怎么剪", "修剪"),
        ("果树剪口抹什么", "剪锯口"),
        ("苹果树枝条太密", "郁闭"),
        ("果树太高了怎么办", "落头"),
        ("老果园品种老了想换品种", "高接换种"),
        ("荔枝杀冬梢用什么药", "控梢"),  # shoots of the south
        ("沃柑冬天抽梢怎么办", "控梢"),
        ("龙眼冲梢怎么办", "冲梢"),
        ("荔枝花穗带叶", "冲梢"),
        ("砂糖橘放秋梢", "结果母枝"),
        ("葡萄掐副梢", "副梢"),
        ("葡萄用九二〇拉长", "赤霉素"),  # growth regulators
        ("葡萄用920拉穗", "赤霉素"),
        ("猕猴桃用膨大素好不好", "膨大剂"),
        ("葡萄无核处理", "无核化"),
        ("苹果开花时打什么药", "花期"),  # flowering and fruit set
        ("龙眼不开花", "促花"),
        ("芒果怎么催花", "花芽分化"),
        ("苹果花期喷硼", "硼肥"),
        ("苹果坐果率低", "保花保果"),
        ("苹果套什么袋", "果袋"),  # bags
        ("梨套袋后黑点", "黑点病"),
        ("苹果袋里有虫", "康氏粉蚧"),
        ("苹果补钙什么时候", "钙肥"),  # calcium, size, biennial bearing
        ("猕猴桃果子长不大", "膨果"),
        ("沃柑果子小", "膨果"),
        ("苹果隔一年结一年", "大小年"),
        ("柑橘大年结太多", "大小年"),
        ("猕猴桃软化", "后熟"),  # ripening
        ("乙烯利怎么催熟香蕉", "催熟"),
        ("柿子树的柿子太涩", "脱涩"),
        ("沃柑太酸", "退酸"),  # sugar, acid, colour, rind
        ("脐橙不甜", "糖度"),
        ("脐橙不转色", "着色"),
        ("荔枝不红", "着色"),
        ("柑橘皮肉分离", "浮皮"),
        ("柚子没水分", "枯水"),
        ("苹果什么时候摘", "采收"),  # harvest
        ("蕉园施肥", "香蕉"),  # bananas
        ("香蕉叶子丛生变窄", "束顶病"),
        ("香蕉假茎里有虫", "香蕉象甲"),
        ("香蕉留芽", "吸芽"),
        ("香蕉断蕾", "断蕾"),
        ("荔枝烂果长白霉", "霜疫霉病"),  # litchi, longan, mango
        ("荔枝花穗烂", "沤花"),
        ("龙眼扫帚病", "鬼帚病"),
        ("芒果叶子上长小疙瘩", "叶瘿蚊"),
        ("芒果流胶", "流胶病"),
        ("百香果死藤", "茎基腐病"),  # passion fruit, dragon fruit
        ("鸡蛋果怎么种", "百香果"),
        ("火龙果枝条烂", "软腐病"),
        ("火龙果晚上开灯", "补光"),
        ("柑橘花蕾像灯笼", "花蕾蛆"),  # citrus
        ("柑橘黄滑虫", "恶性叶甲"),
        ("柑橘被夜里蛾子吸了", "吸果夜蛾"),
        ("苹果树上瞎碰多", "金龟子"),  # pests by folk names
        ("知了把苹果枝条弄枯了", "蚱蝉"),
        ("梨树上的饺子虫", "梨星毛虫"),
        ("梨子上有黄粉", "黄粉蚜"),
        ("鸭梨屁股黑", "顶腐病"),
        ("枣树卷叶蛆", "枣瘿蚊"),
        ("柿树落果严重", "柿蒂虫"),
        ("山楂红蜘蛛怎么治", "红蜘蛛"),
        ("桑白蚧用什么药", "介壳虫"),
        ("樱桃根上长疙瘩", "根癌病"),
        ("李子树叶子红点", "红点病"),
        ("核桃疏雄", "疏雄"),
        ("粑粑柑落果", "柑橘"),  # varieties name the fruit
        ("纽荷尔裂果", "橙子"),
        ("桂味荔枝", "荔枝"),
        ("丰水梨套袋", "梨"),
        ("蜂糖李怎么种", "李子"),
        ("台农芒炭疽病", "芒果"),
        ("熬石硫怎么熬", "石硫合剂"),  # home-made sprays, stage fertilisers
        ("苹果树发芽前打什么药", "石硫合剂"),
        ("波尔多液倍量式怎么配", "波尔多液"),
        ("荔枝秋梢肥", "追肥"),
        ("荔枝冇花点算", "促花"),  # 粤, 桂 and 西南
        ("荔枝唔坐果", "坐果率"),
        ("荔枝甩果好犀利", "落花落果"),
        ("沙糖桔嘅果仔好细", "膨果"),
        ("个橙唔甜", "糖度"),
        ("龙眼几时摘", "采收"),
        ("桃树啷个剪", "修剪"),
        ("果子落得凶", "保花保果"),
        ("猕猴桃公树母树怎么配", "授粉树"),  # kiwi vines, shelters, nets, late citrus
        ("葡萄搭避雨棚", "避雨栽培"),
        ("沃柑挂树过年", "留树保鲜"),
        ("香蕉组培苗", "组培苗"),
        ("苹果树根上冒条", "除萌"),
        ("苹果结太多了", "负载量"),
    ],
)
def test_fruit_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("凤梨怎么剪", "修剪"),  # 梨 inside 凤梨 (the pineapple) is no pear
        ("银杏不开花", "促花"),  # 杏 inside 银杏
        ("柿子怎么打杈", "修剪"),  # the north-east's tomato
        ("大年三十站上开门吗", "大小年"),  # New Year's Eve
        ("小年那天收快递吗", "大小年"),
        ("玉米品种不好", "高接换种"),  # a field crop's variety is no grafting
        ("香蕉价格倒了", "倒伏"),  # a price that falls
        ("苹果交叉授粉", "郁闭"),
        ("苹果袋子装多少斤", "果袋"),  # a sack for selling
        ("鸡蛋多少钱", "百香果"),
        ("聚乙烯地膜多少钱", "催熟"),
        ("辣椒果子小", "膨果"),  # vegetables have their own causes
        ("西红柿不红", "着色"),
        ("小麦发芽前打什么药", "石硫合剂"),  # a field crop is no orchard clean-up
        ("大棚盖膜", "留树保鲜"),  # film on a greenhouse is no citrus left on the tree
    ],
)
def test_fruit_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


# A county's orchard entries, one standard question each.
BASE = [
    Entry(
        "f-1",
        "荔枝冬季如何控梢促花",
        "冬梢萌发前环割或喷控梢药剂，控水促进花芽分化。",
        [],
        ["荔枝"],
    ),
    Entry("f-2", "苹果树冬季修剪技术要点", "疏除过密枝，回缩衰弱枝，落头开心。", [], ["苹果"]),
    Entry("f-3", "葡萄使用赤霉素拉穗和无核处理", "花前拉穗，花后蘸穗保果膨大。", [], ["葡萄"]),
    Entry("f-4", "苹果套袋后果面黑点病怎么防", "套袋前喷杀菌剂，选用透气果袋。", [], ["苹果"]),
    Entry("f-5", "柑橘果实退酸慢糖度低怎么办", "增施钾肥有机肥，控水，适当晚采。", [], ["柑橘"]),
    Entry("f-6", "猕猴桃果实膨大期如何管理", "保证水分，追施高钾肥，合理负载。", [], ["猕猴桃"]),
    Entry("f-7", "果树大小年怎么克服", "合理疏花疏果，加强肥水，控制负载量。", [], ["果树"]),
    Entry("f-8", "香蕉束顶病如何防治", "拔除病株，防治蚜虫，种植无病组培苗。", [], ["香蕉"]),
    Entry("f-9", "荔枝霜疫霉病怎么防治", "花期和幼果期喷甲霜灵、烯酰吗啉。", [], ["荔枝"]),
    Entry("f-10", "百香果茎基腐病如何防治", "高垄栽培，避免积水，药剂灌根。", [], ["百香果"]),
    Entry("f-11", "柿子脱涩有哪些方法", "温水浸泡、乙烯利或与苹果同放。", [], ["柿子"]),
    Entry("f-12", "苹果缺钙怎样补钙", "幼果期和套袋前喷钙肥。", [], ["苹果"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style orchard entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("荔枝杀冬梢用什么药", "f-1"),
        ("苹果树冬天怎么剪", "f-2"),
        ("葡萄用九二〇拉长", "f-3"),
        ("苹果套袋后有黑点", "f-4"),
        ("沃柑太酸了咋整", "f-5"),
        ("猕猴桃果子长不大", "f-6"),
        ("树上果子隔一年结一年咋办", "f-7"),
        ("香蕉叶子丛生变窄", "f-8"),
        ("荔枝烂果长白霉", "f-9"),
        ("百香果死藤", "f-10"),
        ("漤柿子咋弄", "f-11"),
        ("苹果喷钙啥时候好", "f-12"),
    ],
)
def test_farmers_fruit_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


@pytest.mark.parametrize("query", ["猪拉稀咋办", "快递到了没", "低保啥时候发"])
def test_questions_outside_the_fruit_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline

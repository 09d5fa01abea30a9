"""Written Cantonese of 粤 and 桂 farmers read as Mandarin, fourth round (issue 12, round 12).

A message marked as Cantonese (嘅, 咗, 啲 ... and now 搵, 乸, 瞓, 掹, a price in 蚊) has its
farming and rural words read in Mandarin by knowledge/text/cantonese.py: 落肥 is 施肥, 淋水
浇水, 掹草 拔草; young, female and male stock (鸡仔, 鸡乸, 猪乸, 鸡公), farrowing (生仔),
lying down (瞓低, 起唔到身); time words (今朝, 听朝, 出年, 呢排); asking (做咩, 系咪, A唔A,
几钱, 几蚊, 几深); money (十蚊 is ten yuan, never a mosquito); places and people (田基, 街市,
趁墟, 老细). Words that are Mandarin too stay (晒田, 食心虫, 落叶, 落花, 菌蚊, 系统).
The thesaurus gets the Cantonese folk names: 蕉瘟 (Fusarium wilt of the banana), 石背 (the
lychee stink bug), 鱼花 (fry), 鸡项 (a pullet), 回南天, 打冷震, 浸烂根; 几钱 in a message with
no other Cantonese word, and 找数 / 结数 as settling up.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from knowledge.text.cantonese import as_mandarin
from knowledge.text.normalise import normalise
from tests.words import assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # Field work.
        ("禾几时落肥最啱", "禾几时施肥最合适"),
        ("今朝淋咗水", "今天早上浇了水"),
        ("系咪要落石灰", "是不是要撒石灰"),
        ("听朝去掹草", "明天早上去拔草"),
        ("啲秧要插几深", "些秧要插多深"),
        # Stock.
        ("鸡乸唔生蛋点算", "母鸡不生蛋怎么办"),
        ("猪乸生仔之后瞓低起唔到身", "母猪产仔之后躺下起不来"),
        ("啲小鸡仔死晒", "些小鸡全死了"),
        ("鱼塘啲鱼焗死咗", "鱼塘些鱼闷死了"),
        ("呢排啲牛周身痕", "最近些牛全身痒"),
        # Asking, time, money.
        ("做咩啲番薯叶烂晒", "为什么些番薯叶全烂了"),
        ("识唔识用", "会不会用"),
        ("荔枝今年好唔好卖", "荔枝今年好不好卖"),
        ("出年仲种唔种", "明年还种不种"),
        ("啲荔枝几钱斤", "些荔枝多少钱斤"),
        ("荔枝几蚊一斤", "荔枝多少钱一斤"),  # 几蚊 alone marks the message
        ("荔枝十蚊一斤", "荔枝十元一斤"),
        ("2.5蚊一斤收唔收", "2.5元一斤收不收"),
        ("几千蚊一亩", "几千元一亩"),
        # Places and people.
        ("搵边个买谷种", "找谁买谷种"),
        ("揸车去街市卖菜", "开车去市场卖菜"),
        ("银纸俾咗老细", "钱给了老板"),
        ("田基崩咗", "田埂崩了"),
    ],
)
def test_cantonese_farming_words_are_read_in_mandarin(typed: str, read: str) -> None:
    assert as_mandarin(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # Read as Cantonese, yet the Mandarin words that share its characters stay.
        ("禾几时晒田啱", "禾几时晒田合适"),  # 晒 of 晒田 is drying the field, not "all"
        ("呢排啲荔枝落叶落花", "最近些荔枝落叶落花"),
        ("呢排菌房啲菌蚊多", "最近菌房些菌蚊多"),  # 蚊 after no number is a gnat
        ("三只蚊子咬咗鸡仔", "三只蚊子咬了小鸡"),
        ("晒谷场喺边处", "晒谷场在哪里"),
        ("啲食心虫做咩咁多", "些食心虫为什么这么多"),
        ("系统坏咗搵唔到", "系统坏了找不到"),
        # Not read as Cantonese at all: no marker, and 蚊子 after a number is no price.
        ("给小鸡仔细检查一遍", "给小鸡仔细检查一遍"),
        ("打死一蚊子", "打死一蚊子"),
        ("水稻落叶怎么办", "水稻落叶怎么办"),
    ],
)
def test_mandarin_words_in_a_cantonese_message_are_kept(typed: str, read: str) -> None:
    assert as_mandarin(typed) == read


def test_a_cantonese_price_question_reads_as_its_mandarin_twin() -> None:
    assert normalise("啲荔枝几蚊一斤") == normalise("些荔枝多少钱一斤")
    assert normalise("鸡乸唔生蛋点算") == normalise("母鸡不生蛋怎么办")


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("今朝掹草", "除草"),
        ("鸡乸唔生蛋", "产蛋下降"),
        ("猪乸生完仔起唔到身", "瘫痪"),
        ("香蕉发瘟点算", "枯萎病"),  # 蕉瘟: Fusarium wilt (巴拿马病)
        ("蕉瘟有冇得医", "枯萎病"),
        ("荔枝树好多石背", "荔枝蝽"),  # the lychee stink bug
        ("龙眼啲臭屁龟点打", "荔枝蝽"),
        ("去边度买鱼花", "鱼苗"),
        ("鸡项几时生蛋", "育成鸡"),  # a pullet
        ("回南天鸡舍好湿", "返潮"),
        ("禾秆草可唔可以喂牛", "稻草"),
        ("啲辣椒浸烂咗根", "沤根"),
        ("猪打冷震", "发烧"),
        ("荔枝几钱斤", "价格"),  # no other Cantonese word
        ("卖几钱一个", "价格"),
        ("啲荔枝几钱斤", "价格"),
        ("荔枝十蚊一斤收唔收", "价格"),  # ten yuan a jin
    ],
)
def test_cantonese_words_add_the_mandarin_term(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("菌房好多菌蚊", "价格"),  # gnats, not money
        ("三只蚊子咬咗鸡仔", "价格"),
        ("荔枝树好多石头", "荔枝蝽"),  # a stone is no stink bug
        ("石背村嘅鸡", "荔枝蝽"),  # no lychee named
        ("香蕉价格", "枯萎病"),
        ("回南方老家", "返潮"),
        ("今日好冷打冷震", "发烧"),  # a person shivering, no animal
        ("金鱼花纹好靓", "鱼苗"),
        ("禾秆发霉", "稻草"),  # 禾秆 is also the stem (sheath blight)
    ],
)
def test_cantonese_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str], category: str = "planting") -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, category)


BASE = [
    _entry("c-1", "香蕉枯萎病（巴拿马病）怎么防治？", ["香蕉", "枯萎病"]),
    _entry("c-2", "香蕉怎么施肥？", ["香蕉", "施肥"]),
    _entry("c-3", "荔枝蝽怎么防治？", ["荔枝", "荔枝蝽"]),
    _entry("c-4", "荔枝今天收购价格是多少？", ["荔枝", "价格"], "market"),
    _entry("c-5", "荔枝蒂蛀虫怎么防治？", ["荔枝", "蒂蛀虫"]),
    _entry("c-6", "蛋鸡产蛋下降怎么办？", ["蛋鸡", "产蛋下降"], "livestock"),
    _entry("c-7", "雏鸡白痢怎么防治？", ["雏鸡", "白痢"], "livestock"),
    _entry("c-8", "小鸡怎么保温？", ["雏鸡", "保温"], "livestock"),
    _entry("c-9", "鱼苗去哪里买，怎么放养？", ["鱼苗", "放养"], "livestock"),
    _entry("c-10", "鱼塘怎么清塘消毒？", ["鱼塘", "清塘"], "livestock"),
    _entry("c-11", "稻田杂草怎么除草？", ["水稻", "除草"]),
    _entry("c-12", "水稻什么时候施肥？", ["水稻", "施肥"]),
    _entry("c-13", "母猪产后瘫痪怎么办？", ["母猪", "产后瘫痪"], "livestock"),
    _entry("c-14", "母猪怎么接产？", ["母猪", "接产"], "livestock"),
    _entry("c-15", "猪发烧怎么办？", ["猪", "发烧"], "livestock"),
    _entry("c-16", "交货以后什么时候结算货款？", ["结算", "货款"], "service"),
    _entry("c-17", "收货时怎么过磅？", ["收货", "过磅"], "service"),
    _entry("c-18", "鸡舍潮湿怎么办？", ["鸡舍", "潮湿"], "livestock"),
    _entry("c-19", "辣椒沤根怎么办？", ["辣椒", "沤根"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("蕉瘟有冇得医", "c-1"),  # not the banana's fertiliser
        ("香蕉发瘟点算", "c-1"),
        ("龙眼好多臭屁龟", "c-3"),
        ("荔枝几钱斤", "c-4"),  # not the lychee's pests
        ("荔枝卖几钱", "c-4"),
        ("荔枝十蚊一斤收唔收", "c-4"),
        ("鸡仔怕唔怕冻", "c-8"),  # chicks kept warm, not their scours
        ("今朝去掹草", "c-11"),
        ("猪乸生完仔起唔到身", "c-13"),  # not the farrowing itself
    ],
)
def test_a_cantonese_question_finds_the_mandarin_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_ranked_first(base, query, expected)

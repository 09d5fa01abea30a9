"""Small stock in the shipped thesaurus (issue 12, round 6).

Fish ponds and rice-field aquaculture, bees, silkworms, rabbits, goats and sheep,
poultry of small farms and special breeding (loach, eel, bullfrog, bamboo rat,
earthworm, black soldier fly): what a farmer sees or does, in his words, points
at the words a county's entry uses, and only beside the animal or the pond.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.animals import animals_in, animals_of
from knowledge.text.lexicon import lexicon
from knowledge.text.thesaurus import THESAURUS_FILE, Thesaurus
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # Ponds
        ("早上鱼都浮起来了", "浮头"),
        ("塘里鱼冒头咋办", "缺氧"),
        ("闷塘了怎么救", "浮头"),
        ("叶轮机晚上开几个钟头", "增氧"),
        ("塘里水绿油油的一层", "蓝藻"),
        ("塘底发臭", "改底"),
        ("鱼塘结冰了鱼会不会闷死", "越冬"),
        ("一亩塘放多少鱼苗", "放养密度"),
        ("鱼塘撒茶麸清野", "清塘"),
        # Loach, eel, bullfrog, and special breeding by its folk names
        ("泥鳅烂尾巴", "烂尾"),
        ("鳝鱼缠在一起", "黄鳝"),
        ("黄鳝缠在一起不吃", "发烧"),
        ("牛蛙腿发红", "红腿病"),
        ("竹狸拉稀", "竹鼠"),
        ("凤凰虫怎么养", "黑水虻"),
        ("地鳖虫好养不", "土元"),
        # Rice-field aquaculture, crayfish and crabs
        ("禾花鱼怎么养", "稻田养鱼"),
        ("稻田里放鸭子", "共育"),
        ("龙虾跑了好多", "防逃"),
        ("龙虾铁壳长不大", "性早熟"),
        ("螃蟹身上长毛", "纤毛虫病"),
        ("螃蟹鳃发黄", "烂鳃病"),
        # Bees
        ("蜂子跑光了", "飞逃"),
        ("蜜蜂挂在树上一大团", "分蜂"),
        ("怎么收野蜂", "诱捕"),
        ("蜂箱里有白色的虫", "巢虫"),
        ("蜜蜂身上有小红点", "蜂螨"),
        ("中蜂烂子了", "囊状幼虫病"),
        ("蜂王不产卵", "换王"),
        ("蜂蜜翻沙了是不是假的", "结晶"),
        ("蜂糖多少钱一斤", "蜂蜜"),
        # Silkworms
        ("蚕吐丝了咋上山", "上蔟"),
        ("蚕眠了不吃叶", "眠起"),
        ("蚕宝宝吃了打药的桑叶吐水", "农药中毒"),
        ("蚕宝宝身上有小黑点", "微粒子病"),
        # Rabbits, goats and sheep
        ("母兔拉毛做窝", "产仔"),
        ("母兔不让配", "配种"),
        ("羊突然死了", "羊快疫"),
        ("羊眼睛发白流泪", "结膜炎"),
        ("母羊不认羔", "寄养"),
        ("羊羔没奶吃", "代乳粉"),
        # Poultry of small farms
        ("母鸡掉蛋", "产蛋下降"),
        ("鸭子不下蛋", "产蛋下降"),
        ("鸡蛋壳薄一碰就破", "软壳蛋"),
        ("鸡瘫了", "瘫痪"),
        ("鸭子互相啄毛", "啄癖"),
        ("鸡互相鹐", "啄癖"),
        ("鸭子脱肛", "脱肛"),
        ("养鸭有没有补贴", "养殖补贴"),  # subsidies and insurance, the animal named
        ("蜜蜂能买保险吗", "养殖保险"),
    ],
)
def test_small_stock_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("蜜蜂在油菜地里采蜜", "结晶"),  # 蜜 of 蜜蜂 is no honey
        ("土蚕打什么药", "农药中毒"),  # a cutworm, no silkworm poisoned
        ("蚕豆熟了什么时候收", "上蔟"),  # a broad bean, no silkworm ripe for the frames
        ("烟苗什么时候放苗", "投苗"),  # seedlings let out of the film, no fry stocked
        ("猪拉稀", "产蛋下降"),
        ("小猪不吃奶", "食欲不振 竹鼠"),
        ("牛突然死了", "羊快疫"),  # sudden death of a sheep only
        ("鸡不下蛋", "蜂王"),  # a queen bee that stops laying is no hen
        ("鸡跑了", "防逃"),  # escapes are the pond's
        ("西瓜地里水变绿", "蓝藻"),  # the pond's water, not a field's
        ("兔子拔毛", "产仔"),  # plucking an angora's wool is no nest
        ("大棚里结冰了", "越冬"),
        ("快递的鸡蛋破了", "软壳蛋"),  # eggs broken in a parcel are no weak shells
        ("鸡蛋行情起不来", "瘫痪"),
        ("养老保险交多少", "养殖保险"),
    ],
)
def test_small_stock_leads_need_their_animal(question: str, wrong: str) -> None:
    assert not all(says(question, w) for w in wrong.split()), added_words(question)


def test_special_breeding_is_no_farm_animal() -> None:
    # A bullfrog is no cattle, a porcupine no pig, a cutworm no silkworm.
    tok = tokenizer()
    assert animals_in(tok.tokens("牛蛙红腿病怎么治")) == set()
    assert animals_in(tok.tokens("豪猪怎么养")) == set()
    assert animals_in(tok.tokens("土蚕咬玉米苗")) == set()
    assert animals_in(tok.tokens("家蚕不吃桑叶")) == {"蚕"}
    # A frog sold as 田鸡 is no chicken; the wasp released against borers no honeybee.
    assert animals_of("田鸡") == set()
    assert animals_of("赤眼蜂") == set()
    # A longer word that raises an animal is about it.
    assert animals_of("稻田养鱼") == {lexicon().term_of.get("鱼", "鱼")}
    assert animals_of("稻田养殖") == set()
    assert animals_in(tok.tokens("蚕宝宝不吃桑叶")) == {"蚕"}
    shipped = Thesaurus.read(THESAURUS_FILE)
    assert shipped.subjects_in("黑水虻幼虫怎么养") == {"黑水虻"}
    assert shipped.subjects_in("豪猪怎么养") == {"豪猪"}


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见畜牧水产站说明。", [], tags, "livestock")


BASE = [
    _entry("f-1", "鱼塘浮头怎么处理", ["鱼塘", "浮头", "缺氧"]),
    _entry("f-2", "池塘水质调节方法", ["鱼塘", "调水"]),
    _entry("f-3", "草鱼烂鳃病怎么防治", ["草鱼", "烂鳃病"]),
    _entry("r-1", "稻田养鱼技术要点", ["稻田养鱼"]),
    _entry("c-1", "小龙虾防逃设施怎么建", ["小龙虾", "防逃"]),
    _entry("b-1", "中蜂飞逃怎么预防", ["中蜂", "飞逃"]),
    _entry("b-2", "蜜蜂蜂螨怎么防治", ["蜜蜂", "蜂螨"]),
    _entry("b-3", "蜂蜜结晶是怎么回事", ["蜂蜜", "结晶"]),
    _entry("s-1", "家蚕什么时候上蔟", ["家蚕", "上蔟"]),
    _entry("s-2", "家蚕农药中毒怎么处理", ["家蚕", "农药中毒"]),
    _entry("p-1", "蛋鸡产蛋下降的原因", ["蛋鸡", "产蛋下降"]),
    _entry("p-2", "鸡啄癖怎么防治", ["鸡", "啄癖"]),
    _entry("p-3", "鸭子产蛋下降怎么办", ["鸭", "产蛋下降"]),
    _entry("g-1", "羊快疫怎么预防", ["羊", "羊快疫"]),
    _entry("k-1", "母兔产仔前后怎么护理", ["兔", "产仔"]),
    _entry("n-1", "牛腿肿了发红怎么治", ["牛", "关节炎"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("早上塘里鱼都冒头了", "f-1"),
        ("塘里水老了发黏", "f-2"),
        ("禾花鱼怎么养", "r-1"),
        ("龙虾老是跑出去", "c-1"),
        ("中蜂跑光了", "b-1"),
        ("蜜蜂身上有小红点", "b-2"),
        ("蜂糖翻沙了", "b-3"),
        ("蚕吐丝了怎么上山", "s-1"),
        ("养的蚕吐水", "s-2"),
        ("家蚕吃了打药的桑叶吐水", "s-2"),
        ("蚕宝宝吃了打药的桑叶吐水", "s-2"),  # 蚕宝宝 is cut so the silkworm is named
        ("母鸡掉蛋", "p-1"),
        ("鸡互相鹐毛", "p-2"),
        ("鸭子不下蛋了", "p-3"),
        ("羊突然死了", "g-1"),
        ("母兔拉毛做窝", "k-1"),
    ],
)
def test_farmer_words_find_the_small_stock_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
    assert outcome.decision is not Decision.decline, outcome


@pytest.mark.parametrize("query", ["竹鼠怎么养", "黑水虻怎么养", "牛蛙腿发红怎么治", "豪猪怎么养"])
def test_an_animal_the_base_does_not_have_is_declined(base: KnowledgeSearch, query: str) -> None:
    assert base.search(query).decision is Decision.decline

"""Cash crops of hill and mountain counties in the shipped thesaurus (issue 12, round 5).

Fruit and nut trees, tea, 花椒, herbs, edible fungi, konjac and tobacco: what a
farmer sees or does, in his words, points at the words a county's entry uses.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.thesaurus import THESAURUS_FILE, Thesaurus
from knowledge.text.tokenize import tokenizer
from tests.words import says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("苹果树皮烂了有酒糟味", "腐烂病"),  # bark rot: its cause depends on the tree
        ("梨树枝干上长瘤子", "轮纹病"),
        ("苹果切开心里发霉", "霉心病"),
        ("桃树冒油咋整", "流胶病"),
        ("杏树流黄水", "流胶病"),
        ("柑子树脚烂了", "脚腐病"),
        ("橘子皮发黑像火烧", "锈壁虱"),
        ("柑橘叶子上鬼画符", "潜叶蛾"),
        ("猕猴桃果子一按一个坑", "软腐病"),
        ("核桃树流黑水", "腐烂病"),
        ("核桃青皮发黑", "黑斑病"),
        ("板栗光长刺不结籽", "空苞"),
        ("枣子缩果烂了", "缩果病"),
        ("葡萄一碰就掉粒", "落粒"),
        ("葡萄啥时候埋土", "埋土防寒"),
        ("蓝莓叶子发黄", "酸性土"),
        ("核桃树死了好几棵", "腐烂病"),  # a tree dying back
        ("花椒树慢慢死了", "流胶病"),
        ("九叶青叶子掉光了", "青花椒"),  # 花椒 of Chongqing
        ("花椒树叶子上有黄粉", "锈病"),
        ("花椒树上有大青虫", "凤蝶"),
        ("采茶用啥机器", "采摘"),  # tea
        ("茶蓬啥时候剪平", "修剪"),
        ("茶树叶子焦边有小绿虫", "叶蝉"),
        ("茶园里有毛毛虫", "茶毛虫"),
        ("米麻怎么栽", "天麻"),  # herbs by their other names
        ("老虎姜怎么种", "黄精"),
        ("白芨怎么种", "白及"),
        ("点菌用啥工具", "接种"),  # edible fungi
        ("菌包发酸发软", "杂菌污染"),
        ("香菇菌棒泡水", "补水"),
        ("木耳菌包怎么划口", "出耳"),
        ("蛇六谷倒苗烂秆", "软腐病"),  # konjac by its 吴 name
        ("烟叶烤青了", "烘烤"),  # tobacco
        ("烟叶熟没熟怎么看", "成熟度"),
        ("刷白灰用啥配方", "涂白"),  # orchard work
        ("砧木用啥好", "嫁接"),
        ("梨子裂口了", "裂果"),
        ("耙耙柑怎么施肥", "柑橘"),
        ("冬枣裂果了", "红枣"),  # a variety names its fruit
        ("毛尖怎么施肥", "茶叶"),
        ("枣皮收购价格", "山茱萸"),  # 枣皮 is the herb where it is grown
        ("苹果树回缩还是短截", "修剪"),
        ("放壁蜂管用不", "授粉"),
        ("苹果上色不好", "摘叶转果"),
        ("平菇菇蕾死了", "死菇"),
        ("二荆条怎么育苗", "辣椒"),
        ("香菇菌棒发霉了", "杂菌污染"),  # mould on the log
        ("苹果树干裂了", "冻害"),
        ("梨子果面粗糙有锈斑", "果锈"),
        ("桃树叶子打卷", "蚜虫"),  # leaves curling, blistered
        ("葡萄叶背上鼓包有白毛", "毛毡病"),
        ("苹果快熟了掉果子", "采前落果"),
        # Mosaic and crinkling in farmers' words (a blind 云南 county: 烤烟叶子花花的皱起来咋个整
        # was declined beside its 烤烟花叶病 entry).
        ("烟叶子花花绿绿的", "病毒病"),
        ("辣椒叶子黄一块绿一块", "病毒病"),
        ("辣椒叶子皱巴巴的", "病毒病"),
    ],
)
def test_cash_crop_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("杏鲍菇长毛了", "褐腐病"),  # 杏 of 杏鲍菇 is no apricot
        ("银杏树死了好几棵", "流胶病"),  # nor 杏 of 银杏
        ("樱桃番茄烂果", "褐腐病"),  # a cherry tomato is no cherry
        ("桔梗枯死了", "黄龙病"),  # 桔 of 桔梗 is no citrus
        ("核桃青皮开裂了", "裂果"),  # a walnut's hull splits when ripe
        ("桃胶多少钱一斤", "流胶病"),  # peach gum sold is no disease
        ("苹果皮上有黑点", "腐烂病"),  # the fruit's skin is not the bark
        ("猪打疫苗接种后发烧", "菌种"),  # vaccinating is no inoculating a log
        ("柑橘叶子发黄", "酸性土"),  # acid soil is the blueberry's lead
        ("茶树菇长绿霉", "叶蝉"),  # the tea-tree mushroom is no tea bush
        ("枣皮裂了", "山茱萸"),  # a jujube's own skin
        ("大红袍茶怎么泡", "红花椒"),  # the tea, no 花椒
        ("黄瓜叶子打卷", "缩叶病"),  # peach leaf curl only on a peach
        ("香菇价格跌死了", "死菇"),  # a price falling is no mushroom dying
        ("葡萄酒发酸了", "水罐子病"),
        ("干香菇发霉了", "杂菌污染"),  # a dried mushroom in store, no log
        ("猕猴桃主干冻裂", "裂果"),  # the trunk, not the fruit
    ],
)
def test_cash_crop_leads_need_their_crop(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def test_tree_names_name_the_fruit() -> None:
    # 桃树, 梨树, 枣树 are cut so the tree names its fruit (as 苹果树 names 苹果).
    tok = tokenizer()
    assert "桃子" in tok.tokens("桃树流胶")
    assert "梨" in tok.tokens("梨树黑星病")
    assert "红枣" in tok.tokens("枣树开甲")


def test_a_crop_named_by_its_leaf_keeps_the_leaves() -> None:
    # jieba cuts 茶叶子 as 茶叶 | 子: the leaves the farmer speaks of were lost with the 子.
    tok = tokenizer()
    assert tok.tokens("茶叶子发黄")[:2] == ["茶叶", "叶子"]
    assert "叶片" in tok.tokens("茶叶片上有白点")
    assert tok.tokens("茶叶多少钱")[0] == "茶叶" and "叶子" not in tok.tokens("茶叶多少钱")
    assert "叶子" not in tok.tokens("茶叶的子弹")  # 子弹 is no leaf: only 子 alone


def test_cash_crop_names_are_no_other_subject() -> None:
    shipped = Thesaurus.read(THESAURUS_FILE)
    tokenizer()
    assert shipped.subjects_in("小米辣怎么种") == set()  # a chili, no millet
    assert shipped.subjects_in("九叶青花椒怎么剪") == {"花椒"}
    assert shipped.subjects_in("注射干扰素") == set()


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("a-1", "苹果树腐烂病怎么防治", ["苹果", "腐烂病"]),
    _entry("a-2", "苹果套袋的时间和方法", ["苹果", "套袋"]),
    _entry("p-1", "桃树流胶病怎么防治", ["桃", "流胶病"]),
    _entry("c-1", "柑橘脚腐病怎么防治", ["柑橘", "脚腐病"]),
    _entry("k-1", "猕猴桃溃疡病怎么防治", ["猕猴桃", "溃疡病"]),
    _entry("w-1", "核桃黑斑病怎么防治", ["核桃", "黑斑病"]),
    _entry("t-1", "茶园什么时候修剪", ["茶叶", "修剪"]),
    _entry("t-2", "茶小绿叶蝉怎么防治", ["茶叶", "叶蝉"]),
    _entry("h-1", "花椒锈病怎么防治", ["花椒", "锈病"]),
    _entry("f-1", "香菇菌棒杂菌污染怎么处理", ["香菇", "杂菌污染"]),
    _entry("f-2", "木耳菌袋怎么划口出耳", ["木耳", "划口"]),
    _entry("m-1", "魔芋软腐病怎么防治", ["魔芋", "软腐病"]),
    _entry("y-1", "烤烟烘烤技术要点", ["烟叶", "烘烤"]),
    _entry("g-1", "天麻怎么栽培", ["天麻", "栽培"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("苹果树皮烂了有酒糟味", "a-1"),
        ("桃树冒油咋整", "p-1"),
        ("柑子树脚烂了流水", "c-1"),
        ("核桃青皮发黑咋回事", "w-1"),
        ("茶树叶子焦边有小绿虫跳", "t-2"),
        ("茶蓬啥时候剪平", "t-1"),
        ("九叶青叶子上有黄粉", "h-1"),
        ("香菇菌包发酸发软", "f-1"),
        ("木耳袋子怎么开口", "f-2"),
        ("蛇六谷倒苗烂秆咋办", "m-1"),
        ("烟叶烤青了咋办", "y-1"),
        ("米麻怎么栽", "g-1"),
    ],
)
def test_farmer_words_find_the_cash_crop_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
    assert outcome.decision is not Decision.decline, outcome


@pytest.mark.parametrize("query", ["银杏树怎么嫁接", "漆树割漆用啥刀"])
def test_a_crop_the_base_does_not_have_is_declined(base: KnowledgeSearch, query: str) -> None:
    assert base.search(query).decision is Decision.decline

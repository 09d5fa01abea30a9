"""The thesaurus: farmers' words find entries written in standard terms (issue 12)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.thesaurus import ENV_PATH, THESAURUS_FILE, Thesaurus, thesaurus
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, searched

# An admin-style base: one canonical question each, no alternative phrasings.
BASE = [
    Entry(
        "d-1",
        "黄瓜霜霉病怎么防治",
        "发病初期喷烯酰吗啉，7天一次。",
        [],
        ["黄瓜", "霜霉病"],
        "pests_diseases",
    ),
    Entry(
        "d-2",
        "黄瓜白粉病怎么防治",
        "发病初期喷醚菌酯或乙嘧酚。",
        [],
        ["黄瓜", "白粉病"],
        "pests_diseases",
    ),
    Entry(
        "d-3",
        "小麦赤霉病怎么预防",
        "抽穗扬花期遇雨，喷氰烯菌酯。",
        [],
        ["小麦", "赤霉病"],
        "pests_diseases",
    ),
    Entry(
        "d-4", "小麦条锈病怎么防治", "发病初期喷三唑酮。", [], ["小麦", "条锈病"], "pests_diseases"
    ),
    Entry(
        "a-1",
        "小麦什么时候喷药最好",
        "无风的早晚喷，避开中午高温。",
        [],
        ["小麦", "喷药"],
        "planting",
    ),
    Entry("a-2", "玉米什么时候播种", "地温稳定在10℃以上播种。", [], ["玉米", "播种"], "planting"),
    Entry(
        "s-1", "怎么预约收货", "在菜单点预约收货，选时间和数量。", [], ["预约", "收货"], "stations"
    ),
    Entry("s-2", "包裹到了怎么取", "凭取件码到服务站取包裹。", [], ["取包裹", "快递"], "stations"),
    Entry(
        "s-3", "服务站收货收费吗", "上门收货不收费，冷藏另计。", [], ["收货", "费用"], "stations"
    ),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    """The admin-style base above, searched with the shipped thesaurus."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("黄瓜叶子背面发霉了咋办", "d-1"),  # symptom → disease
        ("麦穗上长了粉红色的霉", "d-3"),
        ("麦子得了黄疸病", "d-4"),  # folk name of the disease (synonym table)
        ("麦子啥时候打药好", "a-1"),  # action: 打药 = 喷药
        ("苞米啥时候下种", "a-2"),  # dialect crop + action
        ("想约人来拉货", "s-1"),  # station-service verbs
        ("东西到站了怎么取", "s-2"),
    ],
)
def test_farmers_words_find_the_entry(base: KnowledgeSearch, query: str, expected: str) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
    # Answered, or offered first among the suggestions: never a dead end.
    assert outcome.decision is not Decision.decline, outcome


def test_expansions_count_less_than_typed_words(base: KnowledgeSearch) -> None:
    # 喷药 typed finds its entry with more confidence than 打药 standing in for it.
    typed = base.search("小麦喷药").best
    folk = base.search("小麦打药").best
    assert typed is not None and folk is not None and typed.entry_id == folk.entry_id == "a-1"
    assert typed.score > folk.score


def test_several_causes_share_the_weight() -> None:
    found = {
        t: e.weight
        for e in Thesaurus.read(THESAURUS_FILE).expansions(
            "叶子发黄", ["叶子", "发黄"], lambda s: [s]
        )
        for t in e.terms
    }
    assert "缺氮" in found and "病毒病" in found
    assert found["缺氮"] < 0.7


def test_a_lead_to_one_thing_by_two_names_names_no_causes() -> None:
    # 洋葱咋存 leads to 贮藏 and 储存, other names of each other: one topic, not a sign
    # with several causes (which would have the answer about it only offered).
    shipped = Thesaurus.read(THESAURUS_FILE)
    storage = [e for e in shipped.expansions("洋葱咋存", ["洋葱", "咋", "存"], lambda s: [s])]
    assert storage and all(not e.causes for e in storage)
    signs = shipped.expansions("叶子发黄", ["叶子", "发黄"], lambda s: [s])
    assert any("缺氮" in e.causes for e in signs)


def test_no_name_is_in_both_the_thesaurus_and_the_synonym_table() -> None:
    shipped = Thesaurus.read(THESAURUS_FILE)
    # A group may point at a product or pest by its canonical name only (赤霉病:
    # [红头瘴]); an alias folded by the synonym table must not be repeated here.
    aliases = {name for name, canonical in lexicon().term_of.items() if name != canonical}
    both = (shipped.words("same") | shipped.words("related")) & aliases
    assert not both, f"names belong in synonyms.yaml only: {sorted(both)}"


def test_edited_thesaurus_applies_without_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = KnowledgeSearch()
    engine.load(
        (e.id, engine.doc_tokens(e))
        for e in [
            Entry("p-1", "母猪产后不吃食怎么办", "补液、消炎。", [], ["母猪", "产后"], "livestock"),
            Entry("p-2", "仔猪黄痢怎么治", "口服补液，隔离。", [], ["仔猪", "黄痢"], "livestock"),
        ]
    )
    path = tmp_path / "thesaurus.yaml"
    path.write_text("same:\n  母猪: [老母猪]\n", encoding="utf-8")
    monkeypatch.setenv(ENV_PATH, str(path))
    query = "猪婆下了崽子不吃东西"
    assert "猪婆" not in {
        t for e in thesaurus().expansions(query, [], lambda s: [s]) for t in e.terms
    }
    before = engine.search(query).best
    # Without the thesaurus the right entry is found only weakly.
    assert before is not None and before.entry_id == "p-1" and before.confidence < 0.5
    path.write_text(
        "same:\n  母猪: [老母猪, 猪婆]\n  产后: [下了崽子, 下崽]\n  不吃食: [不吃东西]\n",
        encoding="utf-8",
    )
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
    after = engine.search(query)
    assert after.best is not None and after.best.entry_id == "p-1"
    assert after.best.confidence > before.confidence


def test_a_broken_edit_keeps_the_last_good_thesaurus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "thesaurus.yaml"
    path.write_text("same:\n  喷药: [打药]\n", encoding="utf-8")
    monkeypatch.setenv(ENV_PATH, str(path))
    assert thesaurus().expansions("打药", ["打药"], lambda s: [s])
    path.write_text("same: [unclosed\n", encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
    assert thesaurus().expansions("打药", ["打药"], lambda s: [s])


def test_subjects_are_crops_and_animals_outside_product_names() -> None:

    tokenizer()  # gives the lexicon jieba's word boundaries
    shipped = Thesaurus.read(THESAURUS_FILE)
    assert shipped.subjects_in("荞麦一亩下多少种") == {"荞麦"}
    assert shipped.subjects_in("兔子拉稀死了好几只") == {"兔子"}
    assert shipped.subjects_in("山药蛋几月下地") == set()  # 山药蛋 is 土豆, not 山药
    # A product typed beside the subject still names that product.
    assert shipped.products_inside("荞麦和小麦", {"荞麦"}) == set()


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("塘里的鱼早上都浮头了", "缺氧"),  # fish: symptom → cause
        ("猪跑肚不吃料咋整", "腹泻"),
        ("羊咳嗽流鼻涕", "肺炎"),
        ("牛不倒嚼了", "前胃弛缓"),
        ("稻子叶子卷成筒", "稻纵卷叶螟"),
        ("西瓜快熟了裂开了", "裂果"),
        ("蜜蜂翅膀烂爬蜂", "蜂螨"),
        ("想开个网店卖土特产", "电商"),  # e-commerce in farmers' words
        ("母猪补贴在哪办", "能繁母猪补贴"),  # policy phrase → the admin's term
        ("收割机咋预约", "农机作业"),
    ],
)
def test_nationwide_words_point_at_standard_terms(question: str, term: str) -> None:

    tok = tokenizer()
    # The term's words are typed or added (补贴 of 能繁母猪补贴 is typed).
    assert set(tok.tokens(term)) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("辣椒死秧咋回事", "烂秧"),  # 秧 of a pepper is not a rice seedling
        ("水稻叶子发黑", "蓝藻"),  # 水 of 水稻 is not pond water
        ("种地补贴啥时候发", "养殖补贴"),
        ("西红柿叶子卷了", "稻纵卷叶螟"),  # a rice pest only on rice
        ("套袋的苹果什么时候摘", "果实"),  # a phrase's parts are not added as words
    ],
)
def test_nationwide_words_do_not_overreach(question: str, wrong: str) -> None:
    assert wrong not in added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("辣椒疫病怎么治", "晚疫病"),  # pepper Phytophthora blight is not late blight
        ("苹果轮纹病怎么防", "早疫病"),  # apple ring rot is not early blight
        ("梨轮纹病打啥药", "早疫病"),
        ("柿饼怎么做", "西红柿"),  # the persimmon is not a tomato
        ("柿子树怎么修剪", "西红柿"),
        ("收割机咋预约", "收获"),  # a machine, not the harvest
        ("小白菜多少钱", "大白菜"),  # a longer word that contains a name
        ("粘虫板怎么挂", "黏虫"),
        ("灌服葡萄糖", "葡萄"),
        ("行距1米", "大米"),  # a metre, not rice
        ("北方谷子啥时候种", "稻谷"),  # the millet of the north
    ],
)
def test_a_name_is_not_read_as_another_thing(question: str, wrong: str) -> None:

    tok = tokenizer()
    assert wrong not in set(tok.tokens(question)) | added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("甜菜夜蛾用啥药", "草地贪夜蛾"),  # a class name is not one of its members
        ("鸡身上有螨虫", "红蜘蛛"),
        ("柑橘木虱怎么防", "梨木虱"),
    ],
)
def test_a_class_name_is_not_folded_to_one_member(question: str, wrong: str) -> None:

    # Only related (added at a lower weight), never read as that member.
    assert wrong not in tokenizer().tokens(question)


@pytest.mark.parametrize(
    ("question", "meant"),
    [
        ("洋柿子多少钱", "西红柿"),
        ("西红柿子咋打杈", "西红柿"),
        ("番茄疫病咋治", "晚疫病"),  # on tomato and potato, 疫病 is late blight
        ("土豆轮纹病", "早疫病"),
        ("柿子秧打杈", "西红柿"),  # 柿子 with a tomato grower's words
        ("小麦啥时候收割", "收获"),
        ("麦子得了黄疸病", "条锈病"),
        ("插秧后谷子怎么管", "稻谷"),
        ("稻子卷叶虫咋治", "稻纵卷叶螟"),
    ],
)
def test_intended_folds_still_work(question: str, meant: str) -> None:

    tok = tokenizer()
    assert meant in set(tok.tokens(question)) | added_words(question)


def test_ambiguous_names_are_not_products() -> None:
    lex = lexicon()
    assert lex.canonical("洋柿子") == "西红柿" and lex.canonical("柿子") is None
    assert lex.canonical("疫病") is None and lex.canonical("轮纹病") is None
    assert lex.find_products("柿饼多少钱") == [] and lex.find_products("小白菜多少钱") == []
    assert lex.find_products("米多少钱") == ["大米"]  # a one-character name alone still counts


# Issue 12, `same` audit: siblings and broader terms are no longer equal.
@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("苹果开花期喷什么药", "扬花"),  # 扬花 is wheat and rice only
        ("油菜花期怎么管", "扬花"),
        ("冰雹打了玉米怎么办", "霜冻"),  # hail is not frost
        ("霜冻了咋补救", "冰雹"),
        ("春节开门吗", "国庆"),  # one holiday is not another
        ("周末有人吗", "春节"),
        ("母羊产羔前后怎么管", "产犊"),  # a lamb is not a calf
        ("母牛产犊难产", "产羔"),
        ("小羊怎么去势", "猪肉"),  # 阉猪 no longer added to every castration
        ("精料怎么配", "饲草"),  # concentrate is not forage
        ("牛身上长虱子", "蜱虫"),  # lice are not ticks
        ("狗豆子怎么除", "虱子"),
        ("玉米不出苗咋回事", "假货"),  # a failed stand is not a fake product
        ("能交电费吗", "话费"),
        ("育苗用什么土", "插秧"),
        ("西红柿定植后浇水", "插秧"),  # 插秧 only on rice
        ("辣椒秧移栽", "插秧"),
        ("水稻晒田放水", "浇水"),  # draining a paddy is not watering
        ("苹果疏果", "摘果"),
        ("今年收成咋样", "收割"),  # the yield is not the harvest work
        ("母鸡抱窝不下蛋", "孵蛋"),  # a broody layer is not hatching
    ],
)
def test_a_sibling_or_broader_word_is_notadded_words(question: str, wrong: str) -> None:

    assert wrong not in set(tokenizer().tokens(question)) | added_words(question)


@pytest.mark.parametrize(
    ("question", "meant"),
    [
        ("小麦开花期下雨咋办", "扬花"),  # 开花期 with the crop named
        ("水稻花期遇高温", "扬花"),
        ("小麦扬花期打药", "喷药"),
        ("冰雹把苹果打坏了", "受灾"),  # a kind of disaster → the broader word
        ("遭灾了保险咋赔", "受灾"),
        ("过年服务站开门吗", "节假日"),
        ("礼拜天开门吗", "星期天"),
        ("过年", "春节"),
        ("母猪分娩前要准备啥", "产仔"),  # the broader word with the animal
        ("母羊快生了", "产羔"),
        ("羊下羔了", "产羔"),
        ("母牛下犊", "分娩"),
        ("阉猪什么时候好", "去势"),
        ("阉割", "去势"),
        ("狗豆子怎么除", "蜱虫"),
        ("牛身上长虱子", "体外寄生虫"),
        ("精料怎么配", "饲料"),  # related, both ways, lower weight
        ("饲料怎么配", "精料"),
        ("栽秧后怎么管", "移栽"),
        ("水稻移栽", "插秧"),
        ("猪高热病咋治", "蓝耳病"),  # with a pig, 高热病 points at 蓝耳病
        ("青菜头怎么种", "榨菜"),
        ("买的假种子不出苗", "质量问题"),
        ("割麦", "收获"),
    ],
)
def test_narrower_words_and_words_in_context_still_lead(question: str, meant: str) -> None:

    tok = tokenizer()
    # The word's search tokens (体外寄生虫 is 体外 + 寄生虫) are typed or added.
    assert set(tok.tokens(meant)) <= set(tok.tokens(question)) | added_words(question)


def test_related_words_count_less_than_same() -> None:
    from knowledge.text.tokenize import tokenizer

    tok = tokenizer()
    found = Thesaurus.read(THESAURUS_FILE).expansions(
        normalise("饲料怎么配"), tok.tokens("饲料怎么配"), tok.tokens
    )
    weights = {t: e.weight for e in found for t in e.terms}
    assert weights["精料"] == 0.5


def test_regional_names_that_mean_different_things() -> None:
    """Issue 12: the synonym table folds a regional name only where it is one thing."""
    lex = lexicon()
    # Kept: the common meaning is overwhelmingly this product (see synonyms.yaml).
    assert lex.canonical("地瓜") == "红薯" and lex.canonical("油菜") == "油菜籽"
    assert lex.find_products("小油菜多少钱") == []  # the leafy vegetable, not rapeseed
    # Unfolded: another thing in some regions.
    for name in ("黄姜", "白瓜", "高热病"):
        assert lex.canonical(name) is None, name
    # 菜头 is the radish where it is said alone; the stem mustard is 青菜头.
    assert lex.canonical("菜头") == "白萝卜"
    # 豇豆 (cowpea) is its own product; 芸豆 is still the green bean, its dry grain not.
    assert lex.canonical("豇豆") == "豇豆" and lex.canonical("长豆角") == "豇豆"
    assert lex.canonical("芸豆") == "豆角" and lex.canonical("四季豆") == "豆角"
    assert lex.find_products("红芸豆多少钱") == []
    # 樱桃番茄 is one tomato, not a cherry and a tomato.
    assert lex.find_products("樱桃番茄多少钱") == ["西红柿"]
    assert lex.find_products("圣女果多少钱") == ["西红柿"]
    assert lex.find_products("樱桃多少钱") == ["樱桃"]


def test_cherry_tomato_is_searched_as_a_tomato() -> None:

    tokens = set(tokenizer().tokens("樱桃番茄裂果怎么办"))
    assert "西红柿" in tokens and "樱桃" not in tokens


def _entry(entry_id: str, question: str, tags: list[str], category: str = "planting") -> Entry:
    """An admin-style entry: standard words, no alternative phrasings."""
    return Entry(entry_id, question, f"{question}：按技术规程做。", [], tags, category)


# Standard words only, as a county admin writes them (issue 12: regional words).
REGIONAL_BASE = [
    _entry("p-1", "猪拉稀怎么治疗", ["猪", "腹泻"], "livestock"),
    _entry("p-2", "猪饲料怎么配", ["猪", "饲料"], "livestock"),
    _entry("p-3", "仔猪怎么保暖", ["仔猪", "保暖"], "livestock"),
    _entry("p-4", "猪圈怎么保持卫生", ["猪", "卫生"], "livestock"),
    _entry("c-1", "黄瓜苗萎蔫怎么办", ["黄瓜", "萎蔫"], "pests_diseases"),
    _entry("r-1", "水稻什么时候施肥", ["水稻", "施肥"]),
    _entry("r-2", "水稻怎么喷药防治稻飞虱", ["水稻", "喷药"], "pests_diseases"),
    _entry("r-3", "水稻收割要注意什么", ["水稻", "收获"]),
    _entry("r-4", "水稻插秧密度多少", ["水稻", "插秧"]),
    _entry("s-1", "红薯怎么储存", ["红薯", "储存"]),
    _entry("s-2", "马铃薯什么时候播种", ["马铃薯", "播种"]),
    _entry("w-1", "小麦什么时候浇水", ["小麦", "浇水"]),
    _entry("w-2", "小麦播种量多少合适", ["小麦", "播种"]),
    _entry("w-3", "小麦怎么脱粒", ["小麦", "脱粒"]),
    _entry("m-1", "玉米什么时候收获", ["玉米", "收获"]),
    _entry("f-1", "苹果树怎么管理", ["苹果", "管理"]),
    _entry("h-1", "向日葵怎么防治菌核病", ["向日葵", "菌核病"], "pests_diseases"),
]


@pytest.fixture
def regional() -> KnowledgeSearch:
    """The standard-words base above, searched with the shipped thesaurus."""
    return searched(REGIONAL_BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # 东北
        ("猪圈埋汰咋整", "p-4"),
        ("毛嗑得了菌核病嘎哈药好使", "h-1"),
        ("掰苞米啥时候掰", "m-1"),
        # 西北
        ("洋芋阿么种", "s-2"),
        ("尕猪娃咋保暖", "p-3"),
        ("苹果树咋务弄", "f-1"),
        ("小麦咋打碾", "w-3"),
        # 西南官话
        ("猪屙稀咋个整", "p-1"),
        ("猪儿屙水了啷个办", "p-1"),
        ("黄瓜苗焉了咋个整", "c-1"),
        ("猪潲咋个煮", "p-2"),
        # 湘赣鄂
        ("扮禾要注意么子", "r-3"),
        ("番薯何解放不住，么样搞", "s-1"),
        # 粤, 闽, 客家
        ("禾几时落肥", "r-1"),
        ("禾田点样落药", "r-2"),
        ("莳田几多密", "r-4"),
        ("番薯点样保存", "s-1"),
        # 中原, 山东
        ("耩麦子一亩耩多少中不中", "w-2"),
        ("俺家猪拉稀咋着治", "p-1"),
        ("恁家麦子啥时候淋水", "w-1"),
    ],
)
def test_regional_words_find_the_standard_entry(
    regional: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = regional.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
    assert outcome.decision is not Decision.decline, outcome


@pytest.mark.parametrize(
    "word",
    "咋整 嘎哈 贼 老鼻子 稀罕 阿么 尕 娃娃 嫑 啷个 咋个 啥子 莫得 巴适 要得 遭 "
    "么子 何解 冇得 晓得 伢 点样 做乜 系唔系 乜嘢 点解 冇 几多 "
    "中不中 恁 俺 咋着 得劲 弄啥".split(),
)
def test_regional_ways_of_asking_are_not_topics(regional: KnowledgeSearch, word: str) -> None:
    # Every token of a question-shaping word (none if a stop word) counts as
    # scaffold, never as what is asked.
    tokens = regional.tokenizer.tokens(word)
    assert all(regional._is_scaffold(t) for t in tokens), tokens


def test_me_zi_is_not_folded_to_yao() -> None:
    # zhconv reads 么子 as 幺子 (the youngest son): the scaffold would never match.

    assert normalise("做么子") == "做么子"
    assert normalise("什麼") == "什么"


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("潲水放久了会臭吗", "饲料"),  # 潲 is pig feed only with the pig named
        ("鸡屙的粪能不能做肥料", "拉稀"),  # 屙 alone is not diarrhoea
        ("禾苗长得好", "稻谷"),  # 禾苗 alone may be any crop's seedlings
    ],
)
def test_regional_leads_need_their_context(question: str, wrong: str) -> None:
    assert wrong not in added_words(question)


def test_a_word_given_twice_is_refused_with_its_lines(tmp_path: Path) -> None:
    # YAML keeps the second of two equal keys silently: an admin's first group would vanish.
    path = tmp_path / "thesaurus.yaml"
    path.write_text("same:\n  收费: [要钱]\n  价格: [啥价]\n  收费: [交钱]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 4: 收费 is already a key on line 2"):
        Thesaurus.read(path)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("黄瓜叶子上长白毛", "缺氮"),  # 黄 of 黄瓜 is no yellow leaf
        ("韭菜白点病", "小瓜虫病"),  # grey mould on chives, not the fish disease
    ],
)
def test_a_lead_word_inside_a_crops_name_is_not_said(question: str, wrong: str) -> None:
    assert wrong not in added_words(question)


@pytest.mark.parametrize(
    ("question", "right"),
    [
        ("黄瓜叶子发黄", "缺氮"),  # said outside the name, it still is
        ("洋芋种子咋切", "种薯"),  # a lead word that names the crop is read in full
        ("鱼身上有白点病", "小瓜虫病"),
    ],
)
def test_leads_still_fire_when_the_words_are_said(question: str, right: str) -> None:
    assert right in added_words(question)


@pytest.mark.parametrize(
    ("text", "not_read_as"), [("叶子上有虫", "蚜虫"), ("土豆黑心病", "黑星病")]
)
def test_a_word_of_its_own_is_no_sound_alike_of_a_pest(text: str, not_read_as: str) -> None:
    assert not_read_as not in {m.canonical for m in lexicon().mentions(text)}


def test_a_folded_name_gains_its_canonical_names_groups() -> None:
    # 老母虫 folds to 蛴螬 (synonyms.yaml): the thesaurus's 蛴螬 groups apply to it too.
    assert added_words("蛴螬咬苗") <= added_words("老母虫咬苗") | {"蛴螬"}
    assert "地下害虫" in added_words("老母虫咬苗")

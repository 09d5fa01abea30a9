"""Words read off two bases' misses, and a crop family asked of its members (issue 12, round 15).

A 宁夏 goji-and-sand-melon base of advice headlines and a Hakka navel-orange and oil-tea base of
notice titles, moved up to the fitted bases, showed: the oil-tea by its tree and fruit (茶子树,
茶果; 茶子 and 茶籽 are no tea); goji pests by their local names (稀屎蛋, 包子花, 面面); the leaf
miner's scribbles on citrus; a fish's cotton-like mould; a pick-up pushed back (往后推); and that
a question about 柑橘 must reach an entry about 脐橙 and the other way round (`kin`).

白叶瘟, a folk name of rice bacterial blight (白叶枯病), was a `same` word of the thesaurus; its
characters hold 叶瘟, a name of rice blast (稻瘟病), so a question naming 白叶枯病 was read as
asking about blast too. As a name in the synonym table it folds to 白叶枯病 alone.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.text.thesaurus import thesaurus
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, assert_ranked_first, says, searched


def _entry(entry_id: str, question: str) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], [], "plant")


def test_a_folk_name_of_blight_is_not_read_as_blast() -> None:
    tokens = tokenizer().tokens("稻子白叶瘟咋治")
    assert "白叶枯病" in tokens
    assert "稻瘟病" not in tokens
    assert "稻瘟病" not in added_words("水稻白叶枯病打啥药")


def test_blight_by_its_folk_name_finds_the_blight_entry() -> None:
    base = searched(
        [
            _entry("blast", "水稻稻瘟病怎么识别？用什么药？"),
            _entry("blight", "水稻白叶枯病怎么防治？"),
            _entry("sheath", "水稻纹枯病怎么识别？用什么药？"),
        ]
    )
    assert_ranked_first(base, "稻子白叶瘟咋治", "blight")
    assert_ranked_first(base, "谷子白叶瘟", "blight")


# --- Read off a goji-and-sand-melon county (宁夏) and a Hakka navel-orange and oil-tea county
# (赣南, 闽西), moved up to the fitted bases in round 15.


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # The oil-tea by its tree, its fruit, its two kinds; picked, dried, its oil.
        ("茶子树一年下几道肥", "油茶"),
        ("茶果上黑斑一圈圈", "油茶"),
        ("茶子几时摘得", "油茶"),
        ("茶子几时摘得", "采摘"),
        ("寒露籽霜降籽", "采摘"),
        ("茶籽摘早了是不是出油少", "采摘"),
        # Citrus leaf miner's scribbles; red mites as 狗虱; a fish's cotton; lotus rot.
        ("新叶上弯弯曲曲的白线像画符一样 橙子树", "潜叶蛾"),
        ("我的柚子叶子上有画符一样的白线", "潜叶蛾"),
        ("叶子上好多红色的狗虱爬来爬去", "红蜘蛛"),
        ("禾花鱼长棉花毛不食东西", "水霉病"),
        ("鱼身上长白毛", "水霉病"),
        ("莲子田发瘟叶子枯", "腐败病"),
        ("藕田里藕烂了", "腐败病"),
        # Goji pests by their 宁夏 names.
        ("枸杞上有背着屎的虫子把叶子啃光了", "负泥虫"),
        ("稀屎蛋咋治", "负泥虫"),
        ("包子花咋防", "红瘿蚊"),
        ("枸杞花苞苞长成圆疙瘩不开花", "红瘿蚊"),
        ("枸杞叶子上像撒了一层面面", "白粉病"),
        ("杞子叶叶背面鼓起包包是啥虫", "瘿螨"),
        ("枸杞叶子上趴着扁扁的黄绿小虫像碎知了一样", "木虱"),
        ("瓜秧子得了缩头病", "病毒病"),
        # Station and field work.
        ("收货时间能往后推一天么", "修改预约"),
        ("拉货往后推两天行不", "修改预约"),
        ("病死的猪丢河里犯法不", "无害化处理"),
        ("死牛死羊往哪送", "无害化处理"),
        ("橙子想留到过年后卖怎么放", "贮藏"),
        ("姜挖出来怎么放到明年", "贮藏"),
        ("打苞的时候用多少尿素", "穗肥"),
        ("禾插下去以后几时追肥", "分蘖肥"),
        ("冬水啥时候泡", "冬灌"),
        ("压砂瓜啥时候点籽", "播种"),
        ("西瓜拉的路上裂了好多", "运输"),
        ("娃娃菜老板要咋样码箱子", "装箱"),
        ("娃娃菜收了多久进冷库", "预冷"),
        ("牛料能不能随便换", "饲喂"),
        ("早稻秧苗一冷就烂根发黑", "烂秧"),
        ("莲田水放多深", "水深"),
        ("拉瓜的车改到后天来", "修改预约"),
        ("快递能到付吗", "货到付款"),
        ("买的喷雾器是坏的能换不", "退换"),
    ],
)
def test_round15_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term, phrase=True), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("茶籽饼能清塘吗", "油茶"),  # the seed cake, no tree
        ("茶子饼当肥料", "油茶"),
        ("大棚开天窗通风", "潜叶蛾"),
        ("叶子上有红色的斑", "红蜘蛛"),  # a spot, no mite
        ("棉花长毛了", "水霉病"),  # cotton, no fish
        ("冬水田养鱼", "冬灌"),  # a winter-flooded paddy
        ("推迟播种", "修改预约"),  # sowing put off, no pick-up
        ("死猪价格", "无害化处理"),
        ("过年卖猪", "贮藏"),
        ("西瓜裂了", "运输"),  # cracked in the field
        ("包子", "红瘿蚊"),
        ("冷库多少钱一天", "预冷"),  # no harvest
        ("鸡换毛了不下蛋", "饲喂"),  # moulting, no feed change
        ("秧苗发黄", "烂秧"),
        ("藕多少钱一斤", "水深"),
        ("改到明天再说", "修改预约"),  # nothing booked
        ("会员积分能换化肥吗", "退换"),  # points exchanged, nothing returned
        ("小麦到付了", "货到付款"),  # lodging heard by voice input
    ],
)
def test_round15_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong, phrase=True), added_words(question)


def test_a_family_and_its_members_are_asked_of_each_other() -> None:
    # An entry about 脐橙 answers 柑橘锈螨; one about 柑橘 answers a 脐橙 question; a sibling
    # (柚子) is not kin.
    base = searched(
        [
            _entry("rust", "技术提示：脐橙锈壁虱防治要点"),
            _entry("bud", "关于柑橘花蕾蛆防治的提醒"),
            _entry("miner", "技术提示：柑橘潜叶蛾防治"),
            _entry("psyllid", "技术提示：柑橘木虱防治要点"),
            _entry("pomelo", "技术提示：蜜柚疏果与套袋"),
        ]
    )
    assert_ranked_first(base, "柑橘锈螨", "rust")
    assert_ranked_first(base, "脐橙木虱咋打药", "psyllid")
    kin = thesaurus().kin
    assert "脐橙" in kin("柑橘") and kin("脐橙") == ("柑橘",)
    assert "柚子" not in kin("脐橙")


def test_a_hakka_or_cantonese_question_word_inside_a_verb_phrase_is_squeezed_out() -> None:
    # 泡么个药 (赣, 客家) and 打咩药 (粤) are 泡药 and 打药, as 打什么药 is.
    base = searched(
        [
            _entry("fresh", "技术提示：脐橙采后防腐保鲜处理"),
            _entry("psyllid", "技术提示：柑橘木虱防治要点"),
            _entry("fly", "技术提示：柑橘实蝇防治要点"),
        ]
    )
    assert_ranked_first(base, "橙子摘下来要泡么个药才不烂", "fresh")


def test_classical_swine_fever_is_a_disease_name_of_its_own() -> None:
    # Not only 非洲猪瘟: 猪瘟 (古典猪瘟) names a disease, so a question about it is not
    # answered with an entry about another (voicewords helper's finding).
    from knowledge.kb.subjects import names_pest

    assert names_pest("猪瘟", shortest=3)
    assert "猪瘟" in tokenizer().tokens("古典猪瘟疫苗几时打")
    assert "非洲猪瘟" in tokenizer().tokens("非洲猪瘟咋防")

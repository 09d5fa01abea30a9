"""Typos jieba split into characters are joined back, but never across a count (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from knowledge.text.normalise import normalise
from knowledge.text.thesaurus import thesaurus
from tests.words import searched

BASE = [
    Entry("s-1", "在服务站怎么寄快递？", "带身份证到站里，填面单。", [], ["快递"], "service"),
    Entry("s-2", "农药要及时喷吗？", "发现病斑及时喷，雨后补喷。", [], ["及时"], "crop"),
    Entry("s-3", "小米怎么储存？", "晒干后装袋，放阴凉处。", [], ["小米"], "storage"),
    Entry("s-4", "稻纵卷叶螟怎么防治？", "卷叶初期喷药。", [], ["稻纵卷叶螟"], "crop"),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The three entries above."""
    return searched(BASE)


def test_a_typo_split_into_characters_is_read_as_the_word_it_sounds_like(
    base: KnowledgeSearch,
) -> None:
    terms = base.words.join_typos(base.tokenizer.tokens("能发块递不"))
    assert "块递" in terms
    assert base.rank("能发块递不")[0][0] == "s-1"


def test_a_typo_of_a_long_names_ending_finds_the_name(base: KnowledgeSearch) -> None:
    # Farmers say 卷叶螟 for 稻纵卷叶螟, and type it 卷页螟.
    _, homophones = base.words.expand(base.words.join_typos(base.tokenizer.tokens("卷页螟")))
    assert "稻纵卷叶螟" in homophones
    assert base.rank("卷页螟")[0][0] == "s-4"


def test_a_count_is_not_joined_into_a_typo(base: KnowledgeSearch) -> None:
    # 寄 十 斤 sounds like 及时 + 斤 once 寄 and 十 are joined: it is a count of 斤.
    terms = base.words.join_typos(base.tokenizer.tokens("寄十斤小米多少钱"))
    assert "寄十" not in terms
    _, homophones = base.words.expand(terms)
    assert "及时" not in homophones
    assert base.rank("寄十斤小米多少钱")[0][0] != "s-2"


def test_two_lone_characters_that_sound_like_a_base_word_are_its_typo() -> None:
    # 保险 typed 保线: jieba cuts 保 线, both characters the base uses alone elsewhere.
    base = searched(
        [
            *BASE,
            Entry(
                "s-6", "樱桃保险怎么投保？", "到村委登记，交一小部分保费。", [], ["樱桃"], "policy"
            ),
            Entry("s-7", "樱桃怎么分选？", "一根线；保和稳。", [], ["樱桃"], "storage"),
        ]
    )
    assert base.index.vocabulary_has("保") and base.index.vocabulary_has("线")
    assert "保线" in base.words.join_typos(base.tokenizer.tokens("樱桃能上保线吗"))
    assert base.rank("樱桃能上保线吗")[0][0] == "s-6"


def test_a_pest_name_with_a_numeral_is_still_read_through_its_typo() -> None:
    # 二化螟 typed 二化明: jieba cuts 二 化 明, and the 二 is part of the name, not a count.
    base = searched([*BASE, Entry("s-5", "水稻二化螟怎么防治？", "卵孵高峰用药。", [], [], "crop")])
    terms = base.words.join_typos(base.tokenizer.tokens("二化明"))
    assert "二化明" in terms
    assert base.rank("二化明")[0][0] == "s-5"
    # A numeral elsewhere in the sound-alike word is still a count.
    assert "寄十" not in base.words.join_typos(base.tokenizer.tokens("寄十斤二化螟的药"))


def test_a_disease_named_without_its_ending_finds_the_disease() -> None:
    # Farmers say 稻曲 for 稻曲病 and 纹枯 for 纹枯病 (jieba cuts 稻 曲 apart).
    base = searched(
        [
            *BASE,
            Entry("s-6", "稻曲病怎么防治？", "破口前喷药。", [], [], "crop"),
            Entry("s-7", "水稻纹枯病怎么防治？", "分蘖末期晒田。", [], [], "crop"),
            Entry("s-8", "玉米螟怎么防治？", "心叶末期撒颗粒剂。", [], [], "crop"),
            Entry("s-9", "稻渔综合种养怎么搞？", "稻田养鱼。", [], [], "crop"),
        ]
    )
    assert base.search("稻曲").results[0].entry_id == "s-6"
    assert base.search("稻曲").decision.value == "answer"
    assert base.search("纹枯咋打药").results[0].entry_id == "s-7"
    # A crop's name is no disease's stem: 玉米 alone does not sound like 玉米螟.
    _, homophones = base.words.expand(["玉米"])
    assert "玉米螟" not in homophones


@pytest.mark.parametrize("question", ["站上能寄快递不", "站里有冷库没得"])
def test_the_station_is_named_by_where_the_farmer_says_it_is(
    base: KnowledgeSearch, question: str
) -> None:
    # 站上 / 站里 (at the station) is how farmers name the service station.
    tokens = base.tokenizer.tokens(question)
    added = thesaurus().expansions(normalise(question), tokens, base.tokenizer.tokens)
    assert any("服务站" in e.terms for e in added)


def test_a_phrase_adds_its_words_not_its_lone_characters(base: KnowledgeSearch) -> None:
    # 服务点 (in the 服务站 group) is cut 服务 + 点: 点 alone would match every 几点.
    tokens = base.tokenizer.tokens("站上能寄快递不")
    added = thesaurus().expansions(normalise("站上能寄快递不"), tokens, base.tokenizer.tokens)
    words = {t for e in added for t in e.terms}
    assert "服务站" in words and "点" not in words


RESPELT = [
    Entry("r-1", "鸡新城疫怎么预防？", "1日龄点眼，21日龄再免。", [], ["鸡"], "livestock"),
    Entry("r-2", "茶饼病怎么防治？", "雨季前喷铜制剂。", [], ["茶叶"], "crop"),
    Entry("r-3", "猪瘟怎么预防？", "按程序打猪瘟苗。", [], ["猪"], "livestock"),
    Entry("r-4", "芒果树怎么修剪？", "采果后剪枝。", [], ["芒果"], "crop"),
    Entry("r-5", "芒果什么时候采收？", "八成熟采。", [], ["芒果"], "crop"),
]


@pytest.fixture(scope="module")
def respelt() -> KnowledgeSearch:
    """A base with 新城疫, 茶饼病 and 芒果树 in its words."""
    return searched(RESPELT)


@pytest.mark.parametrize(
    ("typed", "meant", "entry"),
    [
        # jieba takes 疫 into 疫苗, so no split characters are left to join.
        ("新成疫苗几天打", "新城疫苗几天打", "r-1"),
        # 茶 folds to 茶叶 before the typo could be joined.
        ("茶并病", "茶饼病", "r-2"),
    ],
)
def test_a_typo_cut_with_its_neighbours_is_respelled_as_the_bases_term(
    respelt: KnowledgeSearch, typed: str, meant: str, entry: str
) -> None:
    assert respelt.words.respell(normalise(typed)) == meant
    found, right = respelt.search(typed), respelt.search(meant)
    assert found.results[0].entry_id == entry
    # Found as if typed right, confidence and all.
    assert found.decision == right.decision
    assert found.results[0].confidence == pytest.approx(right.results[0].confidence)


@pytest.mark.parametrize(
    "text",
    [
        "芒果熟了叫站里来收",  # ripe, not 芒果树: one character off a product's word
        "猪瘟苗几天打",  # typed right
        "三环唑打几次",  # a count is no typo
    ],
)
def test_words_that_only_sound_like_a_term_are_left_alone(
    respelt: KnowledgeSearch, text: str
) -> None:
    assert respelt.words.respell(normalise(text)) == normalise(text)


def test_a_lone_typo_character_takes_back_the_character_jieba_gave_its_neighbour() -> None:
    # 下蛋 typed 下旦: jieba cuts 鸡不下旦了 as 鸡 不下 旦 了, so no two lone characters
    # are left to join; 下 of 不下 and the lone 旦 sound like 下蛋.
    base = searched(
        [
            *BASE,
            Entry("s-8", "鸡不下蛋怎么办？", "补光，加钙，查病。", [], ["鸡"], "livestock"),
            Entry("s-9", "鸡新城疫怎么防？", "按时免疫。", [], ["鸡"], "livestock"),
        ]
    )
    terms = base.words.join_typos(base.tokenizer.tokens("鸡不下旦了"))
    assert "下旦" in terms and "不下" not in terms
    assert base.rank("鸡不下旦了")[0][0] == "s-8"
    # A lone character the base uses is no typo: nothing is taken from its neighbour.
    assert base.words.join_typos(base.tokenizer.tokens("小米怎么储存")) == base.tokenizer.tokens(
        "小米怎么储存"
    )

"""What an English reader types that read wrong before (branch english-gaps): buyers asked
"who is buying … near me", an amount of an input asked "how much fertiliser for corn" (no
price), and a did-you-mean label that said only "mango"."""

from __future__ import annotations

import pytest

from bot.stations.gazetteer import where_i_am_english
from knowledge.kb.decision import Decision
from knowledge.kb.entries import read_shipped
from knowledge.kb.search import KnowledgeSearch
from knowledge.text.english import gloss_entry, to_chinese_query
from knowledge.text.intent import Kind, classify
from knowledge.text.price_follow import spelled_place
from tests.words import searched


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("who buys apples", "苹果"),
        ("who is buying apples near me", "苹果"),
        ("who's buying potatoes", "土豆"),
        ("anyone buying apples?", "苹果"),
        ("is anybody buying corn", "玉米"),
        ("anybody want my cabbages?", "圆白菜"),
        ("who wants my apples", "苹果"),
        ("who will buy my garlic", "大蒜"),
        ("where can I sell my corn near here", "玉米"),
    ],
)
def test_asking_for_buyers_in_english_is_a_demand(text: str, product: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.demand and intent.product == product


def test_anyone_wanting_to_do_something_is_no_buyer() -> None:
    assert classify("anyone want to help me").kind is not Kind.demand


@pytest.mark.parametrize(
    ("text", "chinese"),
    [
        ("how much fertilizer for corn", "玉米 施肥"),
        ("how much fertiliser should I put on my corn", "玉米 施肥"),
        ("corn fertilizer amount", "玉米 施肥"),
        ("fertiliser rate for apple trees", "苹果 施肥"),
        ("how much water for cucumbers", "黄瓜 浇水 多少"),
        ("how much seed for wheat", "小麦 种子 多少"),
        ("how much urea for corn", "玉米 尿素 多少"),
        ("how much feed for a pig", "猪 饲料 多少"),
        # No crop or animal named: as it was.
        ("how much is the farmland subsidy per mu", "多少 耕地地力保护补贴"),
        # Nothing amounted: as it was.
        ("thinning corn seedlings how many plants", "间苗 玉米 苗 密度"),
    ],
)
def test_an_amount_of_an_input_reads_crop_first(text: str, chinese: str) -> None:
    assert to_chinese_query(text) == chinese


@pytest.mark.parametrize(
    "text",
    [
        "how much fertilizer for corn",
        "how much fertiliser should I put on my corn",
        "how many seeds for wheat",
        "how much of the fertilizer for tomatoes",
        "how much water for rice",
    ],
)
def test_how_much_of_an_input_is_no_price_question(text: str) -> None:
    assert classify(text).kind is Kind.knowledge


def test_how_much_are_apples_is_still_a_price() -> None:
    assert classify("how much are apples").kind is Kind.price
    assert classify("how much for apples").kind is Kind.price


@pytest.fixture(scope="module")
def shipped() -> KnowledgeSearch:
    return searched(read_shipped())


@pytest.mark.parametrize(
    "text",
    ["how much fertilizer for corn", "corn fertilizer amount", "how much fertilzer for apples"],
)
def test_an_amount_of_fertiliser_finds_the_fertiliser_entries(
    shipped: KnowledgeSearch, text: str
) -> None:
    outcome = shipped.search(to_chinese_query(text))
    assert outcome.decision is not Decision.decline, outcome
    assert outcome.best is not None and outcome.best.entry_id.startswith("fert-")


@pytest.mark.parametrize(
    ("question", "tags", "label"),
    [
        # Its question names only what it is about: its tags' topics say the rest.
        ("芒果怎么保存", ["芒果", "储存", "冷库"], "mango: storage, cold store"),
        (
            "玉米田间怎么管理",
            ["玉米", "追肥", "定苗", "倒伏"],
            "corn: top dressing, seedlings, lodging",
        ),
        # Its question has no English word at all: its tags.
        ("倒春寒霜冻怎么防", ["防冻", "霜冻", "倒春寒"], "frost"),
        # A question with a topic of its own keeps its gloss.
        ("芒果炭疽病怎么治", ["芒果", "炭疽病", "保鲜"], "mango: anthracnose"),
        ("西红柿灰霉病怎么办", ["西红柿", "灰霉病", "大棚"], "tomato: grey mould"),
    ],
)
def test_an_entry_label_says_what_it_is_about(question: str, tags: list[str], label: str) -> None:
    assert gloss_entry(question, tags) == label


def test_a_label_keeps_to_the_words_asked_for() -> None:
    assert (
        gloss_entry("玉米田间怎么管理", ["玉米", "追肥", "定苗", "倒伏"], 2) == "corn: top dressing"
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("I live in Sunjiaji village", ("Sunjiaji village", True)),
        ("my village is Daotian", ("Daotian village", True)),
        ("I'm from Xiaowang village", ("Xiaowang village", True)),
        ("im from sunjiaji", ("sunjiaji", False)),
        ("we are in Daotian town.", ("Daotian town", True)),
        ("my home is in Sanyuanzhu", ("Sanyuanzhu", False)),
        # Not where one lives: a question, or other words.
        ("I'm from the county office, who buys apples?", None),
        ("where is the nearest station", None),
        ("我在孙家集", None),
    ],
)
def test_saying_in_english_where_one_is(text: str, said: tuple[str, bool] | None) -> None:
    assert where_i_am_english(text) == said


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Daotian?", "daotian"),
        ("and in Sunjiaji village?", "sunjiaji village"),
        ("what about xinfadi?", "xinfadi"),
        ("per kg?", None),  # a price follow-up, no place
        ("稻田呢", None),  # characters: read as they are
        ("why did it fall?", None),
    ],
)
def test_a_place_follow_up_in_latin_letters(text: str, name: str | None) -> None:
    assert spelled_place(text) == name

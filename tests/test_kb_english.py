"""English in the knowledge base (issue 13): entries' English versions, English questions."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.db import session_scope
from bot.imports import ImportFailed
from knowledge.kb.entries import Entry, read_entries, read_shipped, write_entries
from knowledge.kb.repository import get_entries, upsert_entries
from knowledge.kb.search import Decision, KnowledgeSearch, engine
from knowledge.text.english import (
    GLOSSARY_FILE,
    GlossaryError,
    load_glossary,
    plurals,
    to_chinese_query,
)
from knowledge.text.intent import Kind, classify
from tests.words import assert_answered_in_english, assert_found, searched

ROOT = Path(__file__).resolve().parent.parent

BOTH = Entry(
    "store-1",
    "土豆怎么储存不发芽",
    "放阴凉黑暗处。",
    ["洋芋发芽了"],
    ["土豆"],
    "storage",
    question_en="How do I store potatoes?",
    answer_en="Somewhere cool and dark.",
)
CHINESE = Entry("pest-1", "西红柿叶子发黄怎么办", "多为缺氮。", [], [], "pests_diseases")


@pytest.mark.parametrize("suffix", [".csv", ".yaml", ".json", ".xlsx"])
def test_english_columns_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"kb{suffix}"
    write_entries(path, [BOTH, CHINESE])
    assert read_entries(path) == [BOTH, CHINESE]


def test_an_english_answer_needs_its_question(tmp_path: Path) -> None:
    path = tmp_path / "kb.csv"
    path.write_text(
        "id,question,answer,alt_questions,tags,category,answer_en\n"
        "a1,问题,答案,,,storage,An answer\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        read_entries(path)
    assert "row 2, column question_en" in str(failed.value)


async def test_stored_and_read_back(db: str) -> None:
    async with session_scope() as session:
        await upsert_entries(session, [BOTH, CHINESE], engine(), by="test")
    async with session_scope() as session:
        found = await get_entries(session, ["store-1", "pest-1"])
    assert found["store-1"] == BOTH and found["pest-1"] == CHINESE


# --- English questions in the base's Chinese (knowledge/data/english.yaml) ------------------


@pytest.fixture(scope="module")
def shipped() -> KnowledgeSearch:
    """The search over the shipped knowledge base."""
    return searched(read_shipped())


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("my pigs have diarrhea what do I do", "live-012"),
        ("piglets have scours", "live-012"),
        ("when should I vaccinate my chickens", "live-003"),
        ("my cow is not eating", "live-014"),
        ("how to deworm sheep", "live-013"),
        ("hens not laying eggs", "live-011"),
        ("bird flu in my ducks", "live-006"),
        ("what to do with dead pigs", "live-015"),
        ("aphids on my vegetables", "pest-001"),
        ("which weedkiller for corn", "pest-037"),
        ("when to plant garlic", "plant-028"),
        ("how to prune fruit trees in winter", "plant-026"),
        ("how to transplant seedlings", "plant-017"),
        ("tomato flowers falling off", "plant-018"),
        ("how to compost manure", "fert-004"),
        ("my grain has gone mouldy", "store-007"),
        ("station opening hours", "station-001"),
        ("is there a fee for pickup", "station-004"),
        ("when do I get paid for my corn", "station-007"),
        ("can I send a parcel at the station", "station-009"),
        ("how do I cancel my booking", "app-008"),
        ("how much is the farmland subsidy per mu", "policy-001"),
        ("how do I buy crop insurance", "policy-006"),
        # "can insurance pay" is a claim (理赔), not a sale's settlement (结算).
        ("hail destroyed my apples can insurance pay", "policy-007"),
        ("how do I claim insurance after a flood", "policy-007"),
        ("how to store potatoes so they do not sprout", "store-001"),
    ],
)
def test_an_english_question_finds_the_shipped_entry(
    shipped: KnowledgeSearch, question: str, expected: str
) -> None:
    assert_answered_in_english(shipped, question, expected)


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("my pigs have diarrhea what do I do", "猪 拉稀 怎么办"),
        ("Piglets have SCOURS", "小猪 拉稀"),  # case, a plural given as itself
        ("the calves are coughing", "牛 咳嗽"),  # irregular plural
        ("geese", "鹅"),
        ("strawberries", "草莓"),  # a product's -y plural
        ("peaches", "桃子"),
        ("pigeon", "pigeon"),  # whole words only: not pig, and nothing else known
        ("my sow is not eating", "母猪 不吃食"),  # longest phrase first
        ("when to sow wheat", "什么时候 播种 小麦"),
        ("late blight on potatoes", "晚疫病 土豆"),
        ("my chickens won’t eat", "鸡 不吃食"),  # a typographic apostrophe
        ("not   eating", "不吃食"),  # any spaces inside a phrase
    ],
)
def test_english_words_in_chinese(english: str, chinese: str) -> None:
    assert to_chinese_query(english) == chinese


def test_how_much_are_potatoes_still_asks_for_prices() -> None:
    # The glossary knows "how much" (多少); the intent, read first, still sees a price question.
    intent = classify("how much are potatoes")
    assert intent.kind is Kind.price and intent.product == "土豆"


def test_the_shipped_glossary_loads() -> None:
    words = load_glossary(GLOSSARY_FILE).words
    assert words["diarrhoea"] == "拉稀" and words["piglets"] == "小猪" and words["calves"] == "牛"
    assert len(words) > 500


def test_the_glossary_is_packaged() -> None:
    # setuptools finds knowledge.data as a namespace package; its package data takes *.yaml.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["setuptools"]["packages"]["find"].get("namespaces", True)
    assert "*.yaml" in config["setuptools"]["package-data"]["*"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("plurals: {}\n", "needs a `words:` section"),
        ("words: {猪: [pig]}\nsynonyms: {}\n", "unknown section(s) ['synonyms']"),
        ("words: {猪: [pig], 羊: [Sheep]}\n", "羊: 'Sheep' is not an English word in lower case"),
        ("words: {猪: [pig], 羊: [羊]}\n", "羊: '羊' is not an English word in lower case"),
        ("words: {猪: [pig], 羊: [sheep, 3]}\n", "羊: 3 is not an English word"),
        ("words: {pig: [hog]}\n", "'pig' is not a Chinese word"),
        ("words: {猪: pig}\n", "猪: needs a list of English words"),
        ("words: {猪: [pig], 母猪: [sow, pig]}\n", "'pig' is under both 猪 and 母猪"),
        ("words:\n  猪: [pig]\n  猪: [hog]\n", "line 3: '猪' is given twice"),
        ("words: {猪: [pig]}\nplurals: [geese]\n", "`plurals:` is singular: plural"),
        ("words: {猪: [pig\n", "cannot be read"),
    ],
)
def test_a_broken_glossary_says_what_is_wrong(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "english.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as failed:
        load_glossary(path)
    assert error in str(failed.value) and str(path) in str(failed.value)


def test_plurals() -> None:
    assert plurals("pig", {}) == ["pigs"]
    assert plurals("fly", {}) == ["flies"]
    assert plurals("box", {}) == ["boxes", "boxs"]
    assert plurals("dead calf", {"calf": "calves"}) == ["dead calves"]


def test_a_place_name_is_romanised_as_its_name_and_its_kind() -> None:
    from knowledge.text.english import name_label, romanise

    # 化龙镇: Hualong Zhen (not jieba's 化 / 龙镇, "Hua Longzhen").
    assert romanise("化龙镇邮政所") == "Hualong Zhen Youzhengsuo"
    assert romanise("崔岭西村果蔬合作社") == "Cuilingxi Cun Guoshu Hezuoshe"
    assert romanise("李家庄村委会服务点").startswith("Lijiazhuang Cunweihui")  # 村委会 stays whole
    assert romanise("新发地") == "Xinfadi"  # a short name is one word
    assert name_label("en", "化龙镇邮政所") == "化龙镇邮政所 (Hualong Zhen Youzhengsuo)"
    assert name_label("zh", "化龙镇邮政所") == "化龙镇邮政所"


def test_a_place_with_its_township_has_no_full_width_brackets_in_english() -> None:
    from knowledge.text.english import name_label, plain_label, romanise

    # The gazetteer writes 三元朱村（孙家集街道）: in English, village then township.
    assert name_label("en", "三元朱村（孙家集街道）") == (
        "三元朱村 (Sanyuanzhu Cun), 孙家集街道 (Sunjiaji Jiedao)"
    )
    assert plain_label("en", "王家庄村（稻田镇）") == "王家庄村 (稻田镇)"
    assert romanise("文圣街（东门），北区") == "Wenshengjie (Dongmen), Beiqu"
    # Chinese keeps its own punctuation.
    assert name_label("zh", "三元朱村（孙家集街道）") == "三元朱村（孙家集街道）"
    assert plain_label("zh", "王家庄村（稻田镇）") == "王家庄村（稻田镇）"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 疫苗 猪: the vaccines entry, and 非洲猪瘟怎么防 (no vaccine yet, it says).
        ("which vaccines do pigs need", "live-001"),
        # 牛 瘸腿 流口水: lameness and drooling may be more than 口蹄疫 (several causes).
        ("cattle limping and drooling", "live-007"),
    ],
)
def test_two_entries_the_model_is_as_sure_of_are_a_choice(
    shipped: KnowledgeSearch, question: str, expected: str
) -> None:
    # Within the tie margin whatever their scores, or one cause of several: offered, the
    # one asked about first.
    assert_found(shipped, to_chinese_query(question), expected)


@pytest.mark.parametrize(
    "question",
    ["how do I get the farm subsidy", "how do I get the subsidy", "farming subsidy"],
)
def test_an_english_subsidy_question_is_offered_the_subsidies(
    shipped: KnowledgeSearch, question: str
) -> None:
    # Declined before (sandbox walk): "farm" and "get" were no words of the glossary, so
    # the question was only 怎么 补贴, as the Chinese 种地补贴怎么领 is not.
    outcome = shipped.search(to_chinese_query(question))
    assert outcome.decision is not Decision.decline, to_chinese_query(question)
    offered = [r.entry_id for r in outcome.results[:3]]
    assert {"policy-001", "policy-004"} & set(offered), offered


def test_one_rule_for_every_name() -> None:
    from knowledge.text.english import romanise

    # A place's own name is one word wherever it stands, its kind another (sandbox walk:
    # 孙家集街道 Sunjiaji Jiedao but 孙家集京东服务站 "Sunjia Ji Jingdong Fuwuzhan").
    assert romanise("孙家集街道") == "Sunjiaji Jiedao"
    assert romanise("孙家集京东服务站") == "Sunjiaji Jingdong Fuwuzhan"
    assert romanise("化龙镇") == "Hualong Zhen"
    assert romanise("化龙镇村淘服务站") == "Hualong Zhen Cuntao Fuwuzhan"
    assert romanise("侯镇供销社冷链站") == "Houzhen Gongxiaoshe Lenglianzhan"  # 侯 is one character
    assert romanise("寿光市孙家集街道三元朱村") == "Shouguang Shi Sunjiaji Jiedao Sanyuanzhu Cun"
    assert romanise("镇江") == "Zhenjiang"  # a kind never starts a name


def test_a_station_button_in_english_has_its_pinyin_and_fits() -> None:
    from knowledge.text.english import button_name, width

    assert button_name("en", "孙家集京东服务站", 36) == "孙家集 Sunjiaji Jingdong Fuwuzhan"
    long = button_name("en", "圣城街道邮政便民服务站", 36)
    assert long == "圣城街道 Shengcheng Jiedao Youzheng…" and width(long) <= 36
    assert button_name("en", "孙家集京东服务站", 20) == "孙家集 Sunjiaji…"
    assert button_name("zh", "圣城街道邮政便民服务站", 20) == "圣城街道邮政便民服务站"


def test_an_english_suggestion_button_is_a_hint_then_the_chinese_question() -> None:
    from handlers.render.knowledge import SUGGESTION_COLUMNS, _suggestion_label
    from knowledge.kb.entries import Entry
    from knowledge.text.english import width

    entry = Entry("t-1", "大棚西红柿晚疫病怎么防治", "……", [], ["西红柿"], "pests")
    label = _suggestion_label(entry, "en")
    hint, _, chinese = label.partition(" · ")
    assert hint.startswith("tomato") and not re.search(r"[\u3400-\u9fff]", hint), label
    assert chinese.startswith("大棚西红柿") and width(label) <= SUGGESTION_COLUMNS, label
    assert _suggestion_label(entry, "zh").startswith("大棚西红柿")
    # Glossed words alone were a tag list ("price, jin, kg"): the question says what it asks.
    unit = Entry("t-2", "价格是按斤还是按公斤算的", "……", [], ["斤", "公斤", "单位"], "help")
    assert " · 价格是按斤还是按公" in _suggestion_label(unit, "en")
    # Spaces in it are no words to cut at: its Chinese is kept as far as it fits.
    spaced = Entry("t-3", "在 FarmHub 里怎么问问题", "……", [], ["提问"], "help")
    assert "在 FarmHub 里怎么" in _suggestion_label(spaced, "en")
    # Nothing glossed: the Chinese question alone.
    bare = Entry("t-4", "倒春寒怎么办", "……", [], [], "help")
    assert _suggestion_label(bare, "en") == "倒春寒怎么办"
    # An English title wins.
    titled = replace(entry, question_en="How do I stop late blight on greenhouse tomatoes?")
    assert not re.search(r"[\u3400-\u9fff]", _suggestion_label(titled, "en"))

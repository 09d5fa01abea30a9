"""An admin's `/kb find` in English and Chinese, and /kb add's category guess from the
entries sharing its tags or products (blind tester: /kb find lamb found nothing; 羊什么时候剪毛
tagged 羊 剪毛 looked like 种植 though every 羊 entry is 养殖)."""

from __future__ import annotations

import pytest

from bot.admindata import kb_lookup
from bot.core.db import session_scope
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine

BASE = [
    Entry("live-1", "羊怎么驱虫，用什么药", "春秋各驱一次。", [], ["羊", "驱虫"], "livestock"),
    Entry("live-2", "牛羊拉稀怎么办", "先停料。", [], ["牛", "羊", "拉稀"], "livestock"),
    Entry("live-3", "母羊怎么看发情", "看外阴。", [], ["母羊", "发情"], "livestock"),
    Entry(
        "live-4",
        "小鸡不吃食",
        "看温度。",
        [],
        ["鸡"],
        "livestock",
        question_en="Chicks will not eat",
        answer_en="Check the brooder temperature first.",
    ),
    Entry("plant-1", "果树什么时候剪枝", "冬季修剪。", [], ["果树", "剪枝"], "planting"),
    Entry("plant-2", "羊肚菌怎么种", "秋冬播种。", [], ["羊肚菌"], "planting"),
    Entry("pest-1", "黄瓜霜霉病怎么治", "喷烯酰吗啉。", [], ["黄瓜", "霜霉病"], "pests_diseases"),
    Entry("pest-2", "黄瓜白粉病怎么治", "喷乙嘧酚。", [], ["黄瓜", "白粉病"], "pests_diseases"),
    Entry("plant-3", "黄瓜怎么搭架", "株高30厘米时搭架。", [], ["黄瓜", "搭架"], "planting"),
]


@pytest.fixture
async def base(db: str) -> None:
    async with session_scope() as session:
        await upsert_entries(session, BASE, engine(), by="test")


async def ids(words: str) -> list[str]:
    return [entry.id for entry in await kb_lookup.find(words)]


@pytest.mark.parametrize("words", ["lamb", "LAMB", "Sheep", "goats", "羊"])
async def test_an_animal_in_english_or_chinese_finds_its_entries(base: None, words: str) -> None:
    found = await ids(words)
    assert {"live-1", "live-2"} <= set(found), found
    assert "plant-2" not in found[:2]  # 羊肚菌 is a mushroom


@pytest.mark.parametrize(
    ("words", "first"),
    [("chicks", "live-4"), ("CHICKS WILL", "live-4"), ("brooder", "live-4"), ("live-3", "live-3")],
)
async def test_the_english_fields_and_the_id_are_found_in_any_case(
    base: None, words: str, first: str
) -> None:
    assert (await ids(words))[0] == first


async def test_english_words_in_no_entry_find_nothing(base: None) -> None:
    assert await ids("brooder tractor") == []


@pytest.mark.parametrize(
    ("question", "tags", "category"),
    [
        ("羊什么时候剪毛", ["羊", "剪毛"], "livestock"),  # 剪毛 is near 剪枝 in words only
        ("什么时候剪毛", ["羊", "剪毛"], "livestock"),  # the tags alone say it
        ("羊什么时候剪毛", [], "livestock"),  # the product's kind (畜禽) and its entries
        ("猪什么时候打疫苗", [], "livestock"),  # no 猪 entry: 猪 is 畜禽 in the synonym table
        ("黄瓜叶子长白毛", ["黄瓜", "霜霉病"], "pests_diseases"),
        ("羊肚菌什么时候采", ["羊肚菌"], "planting"),  # 羊 in 羊肚菌 is no sheep
    ],
)
async def test_the_category_is_guessed_from_the_entries_sharing_tags_or_products(
    base: None, question: str, tags: list[str], category: str
) -> None:
    assert await kb_lookup.guess_category(question, tags) == category


async def test_with_nothing_alike_no_category_is_guessed(db: str) -> None:
    # Nothing to go by: the admin is asked, no category handed over ticked.
    assert await kb_lookup.guess_category("什么时候剪毛", []) is None


# Tester: 「潮粮到站里咋卖」 looked like 网上销售, the online shops' entries being nearest in
# words (卖): a product and what is asked of it say the category, a word alike does not.
SELLING = [
    Entry("sell-1", "网上卖玉米怎么开店", "先开网店。", [], ["网店"], "selling_online"),
    Entry("sell-2", "抖音直播怎么卖货", "先养号。", [], ["直播"], "selling_online"),
    Entry("sell-3", "朋友圈卖菜怎么做", "拍好照片。", [], ["朋友圈"], "selling_online"),
    Entry("store-1", "玉米潮了怎么烘干", "送烘干塔。", [], ["玉米", "烘干"], "storage"),
    Entry("store-2", "粮食晒到多干能入仓", "水分14%以下。", [], ["晾晒"], "storage"),
    Entry("pest-3", "玉米螟怎么防治", "喷药。", [], ["玉米", "玉米螟"], "pests_diseases"),
    Entry("pest-4", "玉米叶斑病怎么治", "喷药。", [], ["玉米", "叶斑病"], "pests_diseases"),
    Entry("pest-5", "玉米地老虎咋办", "喷药。", [], ["玉米", "地老虎"], "pests_diseases"),
]


@pytest.fixture
async def selling(db: str) -> None:
    async with session_scope() as session:
        await upsert_entries(session, SELLING, engine(), by="test")


async def test_damp_grain_sold_at_the_station_is_asked_not_filed_as_online(
    selling: None,
) -> None:
    assert await kb_lookup.guess_category("潮粮到站里咋卖", []) is None


async def test_the_entries_of_the_product_and_topic_count_over_the_product_s_others(
    selling: None,
) -> None:
    # Three 玉米 entries are pests, one is drying 玉米: drying damp 玉米 is that one's kind.
    assert await kb_lookup.guess_category("湿玉米怎么晾干", ["玉米"]) == "storage"
    assert await kb_lookup.guess_category("玉米长虫了打什么药", ["玉米"]) == "pests_diseases"


def test_what_a_question_asks_of_its_product() -> None:
    assert kb_lookup.topics("潮粮到站里咋卖") == {"sell", "dry"}
    assert kb_lookup.topics("sell damp corn") == {"sell", "dry"}
    assert kb_lookup.topics("玉米螟怎么防治") == {"pest"}

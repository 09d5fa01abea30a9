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


# Blind test: /kb find 椪柑 said "找到 3 条" though ten entries ask about 椪柑 (the ranked farmer
# search picks what best answers a question); /kb find 椪柑 储存 found 8. An admin's look-up
# finds every entry holding the word, best first.
PONKAN = [
    Entry("pk-01", "椪柑怎么储存不烂", "单果包装，放阴凉处。", [], ["柑橘", "储存"], "storage"),
    Entry("pk-02", "椪柑炭疽病怎么防", "喷代森锰锌。", [], ["炭疽病"], "pests_diseases"),
    Entry("pk-03", "椪柑什么时候摘", "果皮转黄时。", [], ["椪柑"], "planting"),
    Entry("pk-04", "椪柑裂果咋办", "均匀浇水。", [], [], "planting"),
    Entry("pk-05", "柑橘冬季施什么肥", "有机肥，椪柑也一样。", [], ["柑橘"], "fertiliser"),
    Entry("pk-06", "橘子怎么卖得好", "分级包装。", [], ["椪柑", "包装"], "packaging"),
    Entry("pk-07", "红蜘蛛怎么治", "喷螺螨酯。", ["椪柑长红蜘蛛"], [], "pests_diseases"),
    Entry("pk-08", "西红柿怎么储存", "阴凉通风。", [], ["西红柿"], "storage"),
    Entry("pk-09", "洋芋怎么存不发芽", "避光低温。", [], ["土豆"], "storage"),
    Entry("pk-10", "马铃薯晚疫病怎么治", "喷烯酰吗啉。", [], [], "pests_diseases"),
]


@pytest.fixture
async def ponkan(db: str) -> None:
    async with session_scope() as session:
        await upsert_entries(session, PONKAN, engine(), by="test")


async def test_one_word_finds_every_entry_holding_it_tags_first(ponkan: None) -> None:
    found = await ids("椪柑")
    # In a tag, the question, a phrasing or the answer: every one, none of the others.
    assert set(found) == {"pk-01", "pk-02", "pk-03", "pk-04", "pk-05", "pk-06", "pk-07"}
    # The word as a tag first, then in the question; a phrasing or the answer after.
    assert set(found[:2]) == {"pk-03", "pk-06"}
    assert set(found[2:5]) == {"pk-01", "pk-02", "pk-04"}
    assert found[5:] == ["pk-07", "pk-05"]


async def test_more_words_find_the_entries_holding_them_all(ponkan: None) -> None:
    assert await ids("椪柑 储存") == ["pk-01"]
    assert set(await ids("储存")) == {"pk-01", "pk-08"}


async def test_a_products_other_names_are_found_too(ponkan: None) -> None:
    # 洋芋 is 土豆 (and 马铃薯): the entries naming it either way, those saying 洋芋 first.
    assert await ids("洋芋") == ["pk-09", "pk-10"]
    assert set(await ids("土豆")) == {"pk-09", "pk-10"}


async def test_a_typo_holding_nothing_falls_back_to_the_search(ponkan: None) -> None:
    assert "pk-08" in await ids("西红事")


def test_many_found_are_paged_with_buttons_both_ways() -> None:
    from handlers.render import admin_entries as view

    many = [Entry(f"e{i:02}", f"椪柑问题{i}", "答。") for i in range(23)]
    first = view.found_text("zh", many)
    assert first.splitlines()[0] == "找到 23 条（第 1/3 页）："
    assert len(first.splitlines()) == 1 + view.FOUND_PAGE
    keyboard = view.found_keyboard("zh", "椪柑", len(many))
    assert keyboard is not None
    assert [b.text for b in keyboard.inline_keyboard[0]] == ["下一页 ▶"]
    last = view.found_text("en", many, 2)
    assert last.splitlines() == [
        "23 found (page 3 of 3):",
        "• e20: 椪柑问题20",
        "• e21: 椪柑问题21",
        "• e22: 椪柑问题22",
    ]
    keyboard = view.found_keyboard("en", "椪柑", len(many), 2)
    assert keyboard is not None and [b.text for b in keyboard.inline_keyboard[0]] == ["◀ Previous"]
    assert view.found_keyboard("zh", "椪柑", view.FOUND_PAGE) is None  # one page: no buttons
    assert view.found_keyboard("zh", "很长" * 30, 23) is None  # too long for a button

"""Words read off the fitted bases' dead ends, and the shipped base's own gap (issue 12, round 17).

No new base this round: the twenty-four fitted bases' dead ends were read again for kinds
that recur across counties. Swill fed to pigs asked about in four bases (the way African
swine fever spreads); 鬼画符 alone meaning the citrus leaf miner as often as the vegetable
one; fruit that cracks open (开坼); the hog-cholera jab asked as 瘟苗; a scale that is off
and the farmer who wants to complain; "we don't need you to come" and 撤销 as cancelling a
pickup; the farmland subsidy asked as 种地/种田的补贴, or for land left fallow. The shipped
base had no entry for Newcastle disease (鸡瘟), the commonest killer of village chickens:
新城疫咋防 was declined and 鸡瘟 answered with bird flu.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry, read_shipped
from knowledge.kb.search import KnowledgeSearch
from tests.words import added_words, assert_found, assert_ranked_first, searched


def _entry(entry_id: str, question: str) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], [], "plant")


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("能不能拿饭店泔水喂猪", "非洲猪瘟"),
        ("泔水喂猪行伐", "非洲猪瘟"),
        ("鬼画符的虫子咋个整", "潜叶蛾"),
        ("橘子开坼了咋搞", "裂果"),
        ("枣子下雨开坼了", "裂果"),
        ("小猪打瘟苗打几次", "猪瘟"),
        ("你们收谷子秤不准，我要告", "投诉"),
        ("不要你们来收了 帮我退掉", "取消"),
        ("唔卖喇，帮我撤销", "取消"),
        ("地荒了几年还有补贴不", "耕地地力保护补贴"),
        ("田荒着没种还能拿补贴伐", "耕地地力保护补贴"),
        ("种田的补贴几时发到卡上", "耕地地力保护补贴"),
        ("种地的那个补贴今年发了没", "耕地地力保护补贴"),
    ],
)
def test_what_farmers_say_adds_the_entrys_word(question: str, term: str) -> None:
    assert term in added_words(question), sorted(added_words(question))


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # A swill bucket washed is no swine fever; a paddy cracked dry is drained, not fruit.
        ("泔水桶咋洗", "非洲猪瘟"),
        ("稻田开坼了", "裂果"),
        # A scale asked about, not complained of; a subsidy for a crop, not for farmland.
        ("秤准不准怎么看", "投诉"),
        ("种玉米国家给补多少", "耕地地力保护补贴"),
        ("撤销了还能再约吗", "投诉"),
    ],
)
def test_the_words_do_not_fire_alone(question: str, term: str) -> None:
    assert term not in added_words(question), sorted(added_words(question))


def test_swill_finds_the_swine_fever_entry() -> None:
    base = searched(
        [
            _entry("asf", "非洲猪瘟怎么防控？"),
            _entry("feed", "育肥猪饲料怎么配？"),
            _entry("heat", "夏天猪场怎么防暑降温？"),
        ]
    )
    assert_ranked_first(base, "泔水能不能喂猪", "asf")


@pytest.fixture(scope="module")
def shipped() -> KnowledgeSearch:
    """The search over the shipped knowledge base."""
    return searched(read_shipped())


@pytest.mark.parametrize(
    "question", ["新城疫咋防", "新成疫咋防", "鸡瘟咋治", "鸡拉绿屎 歪头", "鸡瘟疫苗好久点眼睛"]
)
def test_newcastle_disease_is_in_the_shipped_base(shipped: KnowledgeSearch, question: str) -> None:
    assert_found(shipped, question, "live-019")


@pytest.mark.parametrize("question", ["泔水能喂猪不", "泔水能不能喂猪", "饭店的泔水喂猪行不行"])
def test_swill_is_answered_in_the_shipped_base(shipped: KnowledgeSearch, question: str) -> None:
    assert_found(shipped, question, "live-005")


def test_a_flock_dying_fast_is_still_bird_flu_first(shipped: KnowledgeSearch) -> None:
    assert_found(shipped, "鸡大批死了 鸡冠发紫", "live-006")

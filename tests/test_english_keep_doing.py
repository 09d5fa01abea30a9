"""English "keep" before a verb's -ing says "again and again" (my goats keep coughing at
night), not keeping produce (储存): the glossary's "keep" is storage only where it is."""

from __future__ import annotations

import pytest

from knowledge.text.english import to_chinese_query


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("my goats keep coughing at night", {"羊", "咳嗽"}),
        ("My goats keep coughing", {"羊", "咳嗽"}),
        ("the cow kept limping", {"牛", "瘸腿"}),
        ("the calf keeps scouring", {"牛", "拉稀"}),
        ("my sow keeps on lying down", {"母猪"}),
        ("pigs keep dying", {"猪", "死了"}),
    ],
)
def test_keep_doing_is_no_storage(text: str, wanted: set[str]) -> None:
    words = set(to_chinese_query(text).split())
    assert wanted <= words
    assert "储存" not in words


@pytest.mark.parametrize(
    "text",
    ["how to keep potatoes", "keeping potatoes in winter", "how long can I keep apples"],
)
def test_keeping_produce_is_still_storage(text: str) -> None:
    assert "储存" in to_chinese_query(text).split()


def test_a_noun_in_ing_after_keep_is_kept() -> None:
    # "keep the bedding dry": bedding is no verb; keep is read as it was.
    assert to_chinese_query("keep bedding dry") == to_chinese_query("keep bedding dry ")
    assert "储存" in to_chinese_query("keep bedding dry").split()

"""Livestock by the head named by breed or county name (黄牛, 土猪), counted after the animal,
and a head count alone (两头) at the amount step."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.text.heads import head_count, herd_for_sale, said_herd
from knowledge.text.normalise import normalise


@pytest.mark.parametrize(
    ("text", "heads", "animal", "meat"),
    [
        ("我有两头黄牛要卖", 2, "黄牛", "牛肉"),
        ("屋里三头土猪要卖，每头两百多斤", 3, "土猪", "猪肉"),
        ("我要卖土猪，3头", 3, "土猪", "猪肉"),
        ("黄牛两头要卖", 2, "黄牛", "牛肉"),
        ("卖一匹水牛", 1, "水牛", "牛肉"),
        ("要卖两条黑猪", 2, "黑猪", "猪肉"),
        ("我有20只山羊要卖", 20, "山羊", "羊肉"),
    ],
)
def test_breed_names_and_counts_after(text: str, heads: int, animal: str, meat: str) -> None:
    herd = herd_for_sale(normalise(text))
    assert herd is not None
    assert (herd.heads, herd.animal, herd.meat) == (heads, animal, meat)


def test_meat_is_no_herd() -> None:
    assert said_herd(normalise("我要卖猪肉，3斤")) is None
    assert said_herd(normalise("5头牛肉")) is None


@pytest.mark.parametrize(
    ("text", "count"),
    [("两头", (2, None)), ("3头", (3, None)), ("十几只", (10, 19)), ("2 head", (2, None))],
)
def test_head_count_alone(text: str, count: tuple[int, int | None]) -> None:
    assert head_count(normalise(text)) == count


def test_weight_is_no_head_count() -> None:
    assert head_count("两斤") is None
    assert head_count("两千斤") is None


def test_a_county_name_of_the_animal_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """湘西 calls a bull 牯子: a county's alias of 牛肉 with no 牛 in it is the animal too."""
    from knowledge.text import per_head
    from knowledge.text.county_products import read_county_products
    from knowledge.text.lexicon import Lexicon

    products = tmp_path / "products.yaml"
    products.write_text("products:\n  牛肉: {aliases: [牯子, 黄牛]}\n", encoding="utf-8")
    table = Lexicon(county=read_county_products(products))
    monkeypatch.setattr(per_head, "lexicon", lambda: table)
    per_head._animal_names.cache_clear()
    try:
        herd = herd_for_sale(normalise("屋里两头牯子要卖"))
        assert herd is not None and (herd.heads, herd.animal, herd.meat) == (2, "牯子", "牛肉")
    finally:
        per_head._animal_names.cache_clear()


def test_a_live_animal_glosses_as_the_animal() -> None:
    from knowledge.text.english import gloss

    assert gloss("黄牛拉稀怎么办").startswith("cow")
    assert gloss("土猪不吃食").startswith("pig")
    assert gloss("猪肉价格").startswith("pork")

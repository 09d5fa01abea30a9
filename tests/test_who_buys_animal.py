"""Who buys a live animal (哪里收黄牛, 谁收土猪, "who buys cattle"): the stations that take it are
headed with the animal as the farmer said it (收黄牛的服务站), not the meat markets quote
(收牛肉的); the meat asked for (哪里收牛肉) is still the meat."""

from __future__ import annotations

from datetime import time

import pytest

from bot.core.geo import Hit
from bot.models.stations import StationKind
from bot.stations.catalogue import StationInfo
from handlers.render import stations as view
from knowledge.text.heads import animal_named
from knowledge.text.lexicon import product_label
from knowledge.text.normalise import normalise

HOUZHEN = StationInfo(
    id=1,
    external_id="S13",
    name="侯镇供销社冷链站",
    kind=StationKind.coop,
    lat=36.9,
    lon=118.9,
    address="",
    phone="0536-5000113",
    open_from=time(7),
    open_to=time(18),
    cold_storage=True,
    products=frozenset({"牛肉", "猪肉"}),
)


@pytest.mark.parametrize(
    ("text", "animal", "meat"),
    [
        ("哪里收黄牛", "黄牛", "牛肉"),
        ("谁收土猪", "土猪", "猪肉"),
        ("附近谁收肥猪", "肥猪", "猪肉"),
        ("谁收羊", "羊", "羊肉"),
        ("who buys cattle", "cattle", "牛肉"),
    ],
)
def test_the_animal_asked_about_is_read_as_said(text: str, animal: str, meat: str) -> None:
    found = animal_named(normalise(text))
    assert found is not None and (found.animal, found.meat) == (animal, meat)


@pytest.mark.parametrize(
    "text", ["哪里收牛肉", "谁收鸡蛋", "哪里收羊毛", "who buys beef", "谁收玉米"]
)
def test_the_animals_product_is_no_animal(text: str) -> None:
    assert animal_named(normalise(text)) is None


@pytest.mark.parametrize(
    ("lang", "animal", "header"),
    [
        ("zh", "黄牛", "收黄牛的服务站"),
        ("en", "cattle", "take cattle"),
        ("zh", None, "收牛肉的服务站"),
        ("en", None, "take beef"),
    ],
)
def test_the_header_names_the_animal_as_said(lang: str, animal: str | None, header: str) -> None:
    near = view.takers_text(lang, "牛肉", [Hit(29.0, HOUZHEN)], None, named=animal)
    anywhere = view.takers_any_text(lang, "牛肉", [HOUZHEN], True, named=animal)
    assert header in near.splitlines()[0] and "侯镇供销社冷链站" in near
    assert (animal or product_label(lang, "牛肉")) in anywhere.splitlines()[0]

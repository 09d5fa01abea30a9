"""A livestock county's 羊 and 牛 (blind walk, 定西): a county file may claim a word the shipped
table gives another product (warned, not refused); its one product of an animal (肉羊) is what
the bare animal means when the shipped meat (羊肉) has no prices and no buyers; 羊咋卖 is priced."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.db import session_scope
from bot.markets.herds import county_animal_of, county_animals
from bot.markets.prices import product_named, sync_products
from bot.models.markets import DemandListing, Market
from knowledge.text import animals, per_head
from knowledge.text.animals import claimed_animal, county_animal, said_as_animal
from knowledge.text.county_products import (
    ENV_PATH,
    ProductsFileError,
    claim_warnings,
    read_county_products,
)
from knowledge.text.intent import Kind, classify
from knowledge.text.lexicon import Lexicon, lexicon
from tests.markets_util import add_price

ANDING = (
    "products:\n"
    "  党参: {category: 中药材, en: codonopsis}\n"
    "  肉羊: {category: 畜禽, en: mutton sheep, aliases: [羊子, 滩羊]}\n"
    "  肉牛: {category: 畜禽, en: beef cattle, aliases: [架子牛]}\n"
)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "products.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The process reads ANDING as its county's products file."""
    path = _file(tmp_path, ANDING)
    monkeypatch.setenv(ENV_PATH, str(path))
    lexicon.cache_clear()
    per_head._animal_names.cache_clear()
    yield path
    monkeypatch.delenv(ENV_PATH)
    lexicon.cache_clear()
    per_head._animal_names.cache_clear()


def test_a_county_claims_a_shipped_alias_with_a_warning(tmp_path: Path) -> None:
    path = _file(tmp_path, "products:\n  肉羊: {category: 畜禽, en: mutton sheep, aliases: [羊]}\n")
    county = read_county_products(path)
    assert county[0].claims == (("羊", "羊肉", 2),)
    assert claim_warnings(path, county) == [
        f"⚠️ {path} line 2: 「羊」 now names 肉羊, no longer 羊肉 "
        "(the shipped synonym table's 羊肉 is asked by its other names)"
    ]
    words = Lexicon(county=county)
    assert words.find_products("谁收羊") == ["肉羊"]
    assert words.find_products("羊肉多少钱") == ["羊肉"]
    assert words.find_products("山羊肉多少钱") == ["羊肉"]
    assert "羊" not in words.products["羊肉"].aliases
    # The shipped table alone still gives 羊 to 羊肉.
    assert lexicon().find_products("谁收羊") == ["羊肉"]


def test_a_local_name_may_claim_another_products_alias(tmp_path: Path) -> None:
    text = "products:\n  番茄: {aliases: [毛秀才]}\n  芒果: {aliases: [檬果, 洋芋]}\n"
    county = read_county_products(_file(tmp_path, text))
    assert county[1].claims == (("洋芋", "土豆", 3),)
    assert Lexicon(county=county).find_products("洋芋多少钱") == ["芒果"]


def test_a_shipped_alias_named_as_a_product_of_its_own_is_claimed(tmp_path: Path) -> None:
    path = _file(tmp_path, "products:\n  生猪: {category: 畜禽, en: live pig}\n")
    county = read_county_products(path)
    claim = (("生猪", "猪肉", 2),)
    assert (county[0].name, county[0].extends, county[0].claims) == ("生猪", False, claim)
    words = Lexicon(county=county)
    assert words.find_products("生猪价格") == ["生猪"]
    # With only aliases it is still the shipped product's local names.
    local = _file(tmp_path, "products:\n  生猪: {aliases: [肥猪]}\n")
    assert read_county_products(local)[0].extends


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # A shipped product's own name, a pest, a not_names word: never claimed.
        ("products:\n  肉羊: {category: 畜禽, en: a, aliases: [羊肉]}\n", "「羊肉」 is already in"),
        ("products:\n  肉羊: {category: 畜禽, en: a, aliases: [蚜虫]}\n", "「蚜虫」 is already in"),
        (
            "products:\n  肉羊: {category: 畜禽, en: a, aliases: [金针菇]}\n",
            "「金针菇」 is already",
        ),
        # Two county products claiming one word.
        (
            "products:\n  肉羊: {category: 畜禽, en: a, aliases: [羊]}\n"
            "  山羊: {category: 畜禽, en: b, aliases: [羊]}\n",
            "line 3: 「羊」 is already a name of 肉羊 (line 2)",
        ),
    ],
)
def test_what_cannot_be_claimed_is_refused(tmp_path: Path, text: str, said: str) -> None:
    with pytest.raises(ProductsFileError) as refused:
        read_county_products(_file(tmp_path, text))
    assert said in str(refused.value)


def test_the_command_line_warns_and_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "products:\n  肉羊: {category: 畜禽, en: mutton sheep, aliases: [羊子, 羊]}\n"
    monkeypatch.setenv(ENV_PATH, str(_file(tmp_path, text)))
    monkeypatch.setenv("FARMHUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    assert main(["db", "current"]) == 0
    assert "line 2: 「羊」 now names 肉羊, no longer 羊肉" in capsys.readouterr().err


def test_the_countys_one_product_of_an_animal(county: Path) -> None:
    assert county_animal("羊肉") == "肉羊"
    assert county_animal("牛肉") == "肉牛"
    assert county_animal("猪肉") is None
    assert claimed_animal("羊肉") is None
    assert said_as_animal("谁收羊", "羊肉") and said_as_animal("where can i sell sheep", "羊肉")
    assert not said_as_animal("羊肉多少钱", "羊肉") and not said_as_animal("mutton price", "羊肉")


def test_two_products_of_one_animal_name_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "products:\n  肉牛: {category: 畜禽, en: a}\n  奶牛: {category: 畜禽, en: b}\n"
    table = Lexicon(county=read_county_products(_file(tmp_path, text)))
    monkeypatch.setattr(animals, "lexicon", lambda: table)
    assert county_animal("牛肉") is None


def test_the_sample_county_has_no_animal_of_its_own() -> None:
    assert [county_animal(m) for m in ("羊肉", "牛肉", "猪肉", "鸡肉")] == [None] * 4


@pytest.mark.parametrize(
    ("text", "product"),
    [("羊咋卖", "羊肉"), ("牛咋卖", "牛肉"), ("蒜咋卖", "大蒜"), ("姜咋个卖", "生姜")],
)
def test_how_does_it_sell_is_a_price_question(text: str, product: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.products) == (Kind.price, (product,))


def test_an_animal_that_is_not_sold_is_no_price_question() -> None:
    assert classify("羊咋不吃草").products == ()


async def test_the_bare_animal_is_the_countys_while_its_meat_is_not_traded(
    db: str, county: Path
) -> None:
    async with session_scope() as session:
        await sync_products(session)
        market = Market(name="安定区牛羊交易市场", short_name="牛羊", province="甘肃", city="定西")
        session.add(market)
        await session.flush()
        assert await county_animals(session, ("羊肉", "牛肉"), "羊和牛多少钱") == ("肉羊", "肉牛")
        assert await county_animal_of(session, "羊肉", "羊肉多少钱") == "羊肉"
        # Once 羊肉 is traded here (a price, or a buyer), 羊 is it again.
        mutton, beef = await product_named(session, "羊肉"), await product_named(session, "牛肉")
        assert mutton is not None and beef is not None
        add_price(session, mutton, market, date(2026, 1, 5), 30.0, "斤")
        session.add(
            DemandListing(
                buyer="x", product_id=beef.id, quantity=1, quantity_unit="斤",
                valid_until=date(2026, 1, 9), contact="1",
            )
        )  # fmt: skip
        await session.flush()
        assert await county_animals(session, ("羊肉", "牛肉"), "羊和牛多少钱") == ("羊肉", "牛肉")

"""A county's own products file (FARMHUB_PRODUCTS) and the dryland crops of the shipped table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.markets.demand import unknown_produce
from knowledge.text.county_products import (
    ENV_PATH,
    ProductsFileError,
    check_county_products,
    read_county_products,
)
from knowledge.text.lexicon import Lexicon, lexicon

GOOD = """\
# 定边县的品种
products:
  沙棘: {category: 水果, en: Sea  Buckthorn, aliases: [醋柳, 酸刺]}
  黄芪: {category: 经济作物, en: astragalus}
"""


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "products.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_county_product_is_a_product_by_every_name(tmp_path: Path) -> None:
    county = read_county_products(_file(tmp_path, GOOD))
    assert [(p.name, p.en, p.aliases, p.line) for p in county] == [
        ("沙棘", "sea buckthorn", ("醋柳", "酸刺"), 3),
        ("黄芪", "astragalus", (), 4),
    ]
    words = Lexicon(county=county)
    assert words.products["沙棘"].category == "水果"
    assert words.find_products("醋柳多少钱一斤") == ["沙棘"]
    assert words.find_products("sea buckthorn price") == ["沙棘"]
    assert words.find_products("黄芪啥价") == ["黄芪"]
    # The shipped table alone knows neither.
    assert lexicon().find_products("醋柳多少钱一斤") == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # A shipped product, a shipped alias, a pest, a not_names word: never redefined.
        ("products:\n  荞麦: {category: 粮食, en: buckwheat}\n", "line 2: 「荞麦」 is already in"),
        ("products:\n  蚜虫: {category: 水果, en: x}\n", "line 2: 「蚜虫」 is already in"),
        ("products:\n  金针菇: {category: 菌菇, en: enoki}\n", "line 2: 「金针菇」 is already"),
        # Two products claiming one alias, one alias twice, a product twice.
        (
            "products:\n  沙棘: {category: 水果, en: a, aliases: [醋柳]}\n"
            "  黄芪: {category: 药材, en: b, aliases: [北芪, 醋柳]}\n",
            "line 3: 「醋柳」 is already a name of 沙棘 (line 2)",
        ),
        (
            "products:\n  沙棘:\n    category: 水果\n    en: a\n    aliases: [醋柳, 醋柳]\n",
            "line 5: 「醋柳」 is given twice for 沙棘",
        ),
        (
            "products:\n  沙棘: {category: 水果, en: a}\n  沙棘: {category: 水果, en: b}\n",
            "line 3: 「沙棘」 is already a name of 沙棘 (line 2)",
        ),
        # Bad lines.
        ("products:\n  沙棘: {category: 水果}\n", "line 2: 沙棘: en is missing"),
        ("products:\n  沙棘: {category: 水果, en: a, aliases: 醋柳}\n", "aliases must be a list"),
        ("products:\n  沙棘: {category: 水果, en: a, colour: red}\n", "unknown field 'colour'"),
        ("products:\n  沙棘: 水果\n", "line 2: 沙棘: write"),
        ("pests:\n  蚜虫: []\n", "line 1: unknown section 'pests'"),
        ("products:\n  沙棘: {category: 水果, en: [a\n", "not valid YAML"),
    ],
)
def test_a_mistake_is_refused_with_its_line(tmp_path: Path, text: str, said: str) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(ProductsFileError) as refused:
        read_county_products(path)
    assert str(refused.value).startswith(str(path))
    assert said in str(refused.value)


def test_every_command_refuses_a_bad_file_at_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_PATH, str(_file(tmp_path, "products:\n  荞麦: {category: 粮食}\n")))
    assert main(["db", "current"]) == 2
    assert "products.yaml line 2:" in capsys.readouterr().err
    monkeypatch.setenv(ENV_PATH, str(tmp_path / "missing.yaml"))
    with pytest.raises(ProductsFileError, match="cannot read"):
        check_county_products()
    monkeypatch.setenv(ENV_PATH, str(_file(tmp_path, GOOD)))
    assert check_county_products() == 2
    monkeypatch.delenv(ENV_PATH)
    assert check_county_products() == 0


@pytest.mark.parametrize(
    ("text", "products"),
    [
        ("荞麦多少钱", ["荞麦"]),
        ("荞麦子啥价", ["荞麦"]),
        ("小米多少钱一斤", ["小米"]),
        ("黄小米", ["小米"]),
        ("小米辣多少钱", ["辣椒"]),
        ("小米椒", ["辣椒"]),
        ("小米蕉", ["香蕉"]),
        ("糜谷价格", ["糜子"]),
        ("莜麦多少钱", ["燕麦"]),
        ("油麦菜多少钱", []),
        ("胡麻多少钱", ["胡麻"]),
        ("胡麻籽", ["胡麻"]),
        ("胡麻斑病怎么治", []),
        ("向日葵多少钱", ["向日葵"]),
        ("油葵价格", ["向日葵"]),
        ("sunflower seed price", ["向日葵"]),
        ("金针菜", ["黄花菜"]),
        ("黄花菜多少钱", ["黄花菜"]),
        ("花菜多少钱", ["花菜"]),
        ("金针菇", []),
        ("甜菜多少钱", ["甜菜"]),
        ("糖萝卜", ["甜菜"]),
        ("甜菜夜蛾怎么防", []),
        # 谷子 (rice in the south), 粟米 (maize in Guangdong), 瓜子, 黄米: not folded.
        ("谷子多少钱", []),
        ("粟米多少钱", []),
        ("瓜子多少钱", []),
        ("黄米多少钱", []),
    ],
)
def test_the_dryland_crops_are_read_and_their_look_alikes_are_not(
    text: str, products: list[str]
) -> None:
    assert lexicon().find_products(text) == products


def test_a_pest_inside_a_new_name_stays_the_pest() -> None:
    assert [m.canonical for m in lexicon().mentions("胡麻斑病怎么治")] == ["胡麻斑病"]


def test_flour_is_offered_its_grain() -> None:
    assert lexicon().find_products("荞面多少钱") == []
    assert lexicon().related_products("荞面") == ["荞麦"]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("哪里收沙棘", "沙棘"),
        ("谁收荞面", "荞面"),
        ("有人收黄芪吗", "黄芪"),
        ("哪有收购沙棘的", "沙棘"),
        ("沙棘谁要", "沙棘"),
        ("谁在收购", ""),
        ("哪里收", ""),
        ("附近谁收货", ""),
        ("收购信息", ""),
    ],
)
def test_the_produce_a_buyers_question_names(text: str, word: str) -> None:
    assert unknown_produce(text) == word


TIANYANG = """\
# 田阳县: local names of shipped products, and one product of its own
products:
  番茄: {aliases: [毛秀才]}
  芒果: {category: 水果, en: Mango, aliases: [檬果]}
  香蕉:
    aliases: [蕉]
  沙棘: {category: 水果, en: sea buckthorn, aliases: [醋柳]}
"""


def test_a_county_adds_its_local_names_to_shipped_products(tmp_path: Path) -> None:
    county = read_county_products(_file(tmp_path, TIANYANG))
    assert [(p.name, p.aliases, p.line, p.extends) for p in county] == [
        ("西红柿", ("毛秀才",), 3, True),
        ("芒果", ("檬果",), 4, True),
        ("香蕉", ("蕉",), 5, True),
        ("沙棘", ("醋柳",), 7, False),
    ]
    words = Lexicon(county=county)
    # One product each: the shipped one, with its names and the county's.
    assert words.products["西红柿"].aliases[-1] == "毛秀才"
    assert "番茄" in words.products["西红柿"].aliases
    assert words.products["芒果"].en == "mango"
    assert "毛秀才" in words.all_terms()  # the tokenizer's user words
    for text, products in (
        ("毛秀才几多钱", ["西红柿"]),
        ("檬果价格", ["芒果"]),
        ("蕉几多钱", ["香蕉"]),
        ("蕉树发黄", ["香蕉"]),
        ("蕉苗怎么种", ["香蕉"]),
        ("两车蕉要卖", ["香蕉"]),
        ("香蕉多少钱", ["香蕉"]),
        ("芭蕉", ["香蕉"]),
        ("美人蕉开花", []),
        ("醋柳", ["沙棘"]),
    ):
        assert words.find_products(text) == products, text
    # Without the file none of the local names is known.
    assert lexicon().find_products("毛秀才几多钱") == []
    assert lexicon().find_products("蕉几多钱") == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # Two entries giving one local name: refused with its line (a shipped alias taken
        # from another shipped product is a claim: tests/test_county_animals.py).
        (
            "products:\n  番茄: {aliases: [毛秀才]}\n  芒果: {aliases: [毛秀才]}\n",
            "line 3: 「毛秀才」 is already a name of 西红柿 (line 2)",
        ),
        # A shipped product keeps its category and English name.
        ("products:\n  芒果: {category: 蔬菜, aliases: [檬果]}\n", "not change its category"),
        ("products:\n  芒果: {en: mangoes, aliases: [檬果]}\n", "not change its en"),
        # Nothing to add.
        ("products:\n  芒果: {category: 水果}\n", "line 2: 「芒果」 is already in"),
    ],
)
def test_a_local_name_that_clashes_is_refused(tmp_path: Path, text: str, said: str) -> None:
    with pytest.raises(ProductsFileError) as refused:
        read_county_products(_file(tmp_path, text))
    assert said in str(refused.value)


@pytest.mark.parametrize(
    ("text", "products"),
    # 几多 asks the price (蒜几多钱); a shipped name before 树 is left as the search knows it.
    [
        ("蒜几多钱", ["大蒜"]),
        ("姜几钱一斤", ["生姜"]),
        ("桃树流胶怎么办", []),
        ("茶树菇多少钱", []),
    ],
)
def test_a_one_character_name_stands_before_a_question(text: str, products: list[str]) -> None:
    assert lexicon().find_products(text) == products


def test_a_countys_own_names_for_a_shipped_product_are_known_as_such() -> None:
    # 椪柑 priced as 柑橘: the card says both (blind test: "柑橘 批发价" to a farmer asking 椪柑).
    from knowledge.text.county_products import CountyProduct
    from knowledge.text.lexicon import Lexicon

    # (冰糖柑: a county's own name; 椪柑 itself is one of the shipped names of 柑橘.)
    lex = Lexicon(county=[CountyProduct("柑橘", "", "", ("冰糖柑",), 1, extends=True)])
    assert lex.county_aliases == {"冰糖柑": "柑橘"}
    assert lex.product("冰糖柑") is not None and lex.product("冰糖柑").name == "柑橘"  # type: ignore[union-attr]
    assert "橘子" not in lex.county_aliases  # a shipped alias is a plain synonym

"""The lexicon's remembered pinyin is pypinyin's, word for word, in every context."""

from __future__ import annotations

import pytest
from pypinyin import Style, lazy_pinyin

from knowledge.text.intent import Kind, classify
from knowledge.text.lexicon import lexicon, pinyin_key, product_label

# Polyphones read by their phrase (重量/重复, 银行/行走, 长大/长度), the same
# characters again in another context, Latin and digits mixed in, and texts
# whose words were already seen in other texts.
TEXTS = [
    "重量",
    "重复",
    "银行行情",
    "行走",
    "长大",
    "长度",
    "西红柿长得慢，重新施肥行不行",
    "hello世界123",
    "ＦａｒｍＨｕｂ",
    "",
    "地瓜老是烂怎么存",
    "重庆的柿子长势",
]


@pytest.mark.parametrize("text", TEXTS)
def test_pinyin_key_is_pypinyins(text: str) -> None:
    expected = tuple(lazy_pinyin(text, style=Style.NORMAL, errors="default"))
    for _ in range(2):  # the second time from memory
        assert pinyin_key(text, fuzzy=False) == expected


def test_product_label_names_products_in_the_users_language() -> None:
    # The one product-name helper every feature's text uses.
    tomato = lexicon().products["西红柿"]
    assert tomato.en and product_label("en", "西红柿") == tomato.en
    assert product_label("zh", "西红柿") == "西红柿"
    assert product_label(None, "西红柿") == "西红柿"
    assert product_label("en", "不是产品") == "不是产品"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("蕃茄多少钱", "西红柿"),
        ("西红杮价格", "西红柿"),
        ("番茹多少钱", "西红柿"),
        ("蕃茄", "西红柿"),
    ],
)
def test_shape_variants_name_the_product(text: str, product: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.products) == (Kind.price, (product,))
    assert lexicon().canonical(text.removesuffix("多少钱").removesuffix("价格")) == product

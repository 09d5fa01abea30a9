"""Words found while reading the decision's confident wrongs (issue 12, round 15).

白叶瘟, a folk name of rice bacterial blight (白叶枯病), was a `same` word of the thesaurus; its
characters hold 叶瘟, a name of rice blast (稻瘟病), so a question naming 白叶枯病 was read as
asking about blast too, and 水稻白叶枯病打啥药 was answered with the blast entry on a base
that has none about blight. As a name in the synonym table it folds to 白叶枯病 alone.
"""

from __future__ import annotations

from knowledge.kb.entries import Entry
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, assert_ranked_first, searched


def _entry(entry_id: str, question: str) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], [], "plant")


def test_a_folk_name_of_blight_is_not_read_as_blast() -> None:
    tokens = tokenizer().tokens("稻子白叶瘟咋治")
    assert "白叶枯病" in tokens
    assert "稻瘟病" not in tokens
    assert "稻瘟病" not in added_words("水稻白叶枯病打啥药")


def test_blight_by_its_folk_name_finds_the_blight_entry() -> None:
    base = searched(
        [
            _entry("blast", "水稻稻瘟病怎么识别？用什么药？"),
            _entry("blight", "水稻白叶枯病怎么防治？"),
            _entry("sheath", "水稻纹枯病怎么识别？用什么药？"),
        ]
    )
    assert_ranked_first(base, "稻子白叶瘟咋治", "blight")
    assert_ranked_first(base, "谷子白叶瘟", "blight")

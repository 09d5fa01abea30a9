"""English farming questions in the knowledge base's words (the base is in Chinese).

"tomato leaves turning yellow" → "西红柿 叶子 发黄": product names through the
lexicon's English names, common farming words through a small glossary, so an
English question finds the Chinese entry that answers it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise

# Farming words farmers use in English, and the Chinese the base is written in.
# Longer phrases first so "late blight" wins over "blight".
GLOSSARY: dict[str, str] = {
    "late blight": "晚疫病",
    "turning yellow": "发黄",
    "going yellow": "发黄",
    "yellow leaves": "黄叶",
    "leaves": "叶子",
    "leaf": "叶子",
    "yellowing": "发黄",
    "yellow": "发黄",
    "blight": "疫病",
    "sprouting": "发芽",
    "sprouts": "发芽",
    "sprout": "发芽",
    "storage": "储存",
    "store": "储存",
    "keep": "储存",
    "frost": "防冻",
    "freezing": "防冻",
    "frozen": "冻了",
    "prevent": "防治",
    "control": "防治",
    "treat": "防治",
    "pests": "虫害",
    "pest": "虫害",
    "disease": "病",
    "rotting": "烂",
    "rot": "烂",
    "fertiliser": "施肥",
    "fertilizer": "施肥",
    "watering": "浇水",
    "water": "浇水",
    "spray": "打药",
    "pesticide": "农药",
}
_GLOSSARY = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, GLOSSARY), key=len, reverse=True)) + r")\b"
)
_LATIN = re.compile(r"[a-z]")


def is_english(text: str) -> bool:
    """True when the normalised text is written in Latin letters, not in Chinese."""
    norm = normalise(text)
    return bool(_LATIN.search(norm)) and not re.search(r"[\u3400-\u9fff]", norm)


def to_chinese_query(text: str) -> str:
    """The text with English product names and farming words in Chinese, for search."""
    norm = normalise(text)
    lex = lexicon()
    for product in sorted(lex.products.values(), key=lambda p: len(p.en), reverse=True):
        if product.en:
            norm = re.sub(rf"\b{re.escape(product.en.lower())}(e?s)?\b", product.name, norm)
    norm = _GLOSSARY.sub(lambda m: GLOSSARY[m.group(1)], norm)
    return norm


# --- proper names in English replies --------------------------------------------------------
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


@lru_cache(maxsize=4096)
def romanise(name: str) -> str:
    """A Chinese name in pinyin, one capitalised word per word of the name: 新发地 → Xinfadi."""
    import jieba  # loaded by the search index anyway; heavy, so only when a name is shown
    from pypinyin import lazy_pinyin

    def words(run: re.Match[str]) -> str:
        text = run.group(0)
        # A short name is one word (Xinfadi, not Xin Fadi); a long one is cut where jieba cuts.
        parts = [text] if len(text) <= 3 else jieba.lcut(text)
        return " ".join("".join(lazy_pinyin(w)).capitalize() for w in parts)

    return re.sub(r"\s+", " ", _CJK_RUN.sub(lambda m: f" {words(m)} ", name)).strip()


def name_label(lang: str | None, name: str) -> str:
    """A proper name as a reply shows it: in English with its pinyin, 新发地 (Xinfadi)."""
    if lang != "en" or not name or not _HAS_CJK.search(name):
        return name
    return f"{name} ({romanise(name)})"

"""Text normalisation for farmers' messages: width, script, case, spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import zhconv

from knowledge.text.cantonese import as_mandarin

_CJK = r"\u3400-\u9fff"
# Spaces between two CJK characters are typing noise ("西 红 柿"); spaces between
# Latin words are meaningful and kept.
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
# Emoji and symbols carry no meaning for search; they are dropped.
_SYMBOLS = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]")
# 吴语 asks with a final 伐 (有补贴伐 = 有补贴吗, 剪伐 = 剪吗): read as 吗.
# 采伐 and 砍伐 stay (logging).
_WU_QUESTION = re.compile(rf"(?<=[{_CJK}])(?<![砍采征讨步杀好])伐(?=[\s?？,，.。!！~～…]|$)")


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Fold full-width forms, traditional characters, case, emoji, stray spaces, Cantonese."""
    text = _SYMBOLS.sub(" ", simplified(text)).lower()
    text = _WU_QUESTION.sub("吗", as_mandarin(text))
    text = _CJK_SPACE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def simplified(text: str) -> str:
    """The text in simplified characters and plain widths, its words as typed (Cantonese too)."""
    text = unicodedata.normalize("NFKC", text)
    return _keep_me(text, zhconv.convert(text, "zh-cn"))


def _keep_me(typed: str, converted: str) -> str:
    """Undo zhconv's 么 → 幺 (么子 → 幺子): 么子 is 湘 "what", never the smallest son."""
    if "么" not in typed or len(converted) != len(typed):
        return converted
    return "".join("么" if t == "么" else c for t, c in zip(typed, converted, strict=True))

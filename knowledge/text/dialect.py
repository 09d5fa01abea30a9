"""Regional words the rules read as the plain ones: 莫 / 嫑 (don't), 阿达 / 哪搭 (where).

Read only for classifying a message (which feature answers it); the knowledge search keeps
the words as typed (its thesaurus knows them).
"""

from __future__ import annotations

import re

# 莫 is "don't" in south-western speech (包谷莫送了, 提醒先莫发了: blind walk, 答不上来).
# 莫要 is the same "don't" (莫要发了); 莫给我发价格了 says to whom between (湘西 blind test: read
# as the price of 莫给我发). 嫑 (不要 in one character, 甘肃 and 陕西: 明天的洋芋嫑拉了, Gansu
# blind test: 答不上来) too.
_DONT = re.compile(
    r"(?:莫要?|嫑)(?=再?(?:给我|给俺|跟我|跟俺)?(?:送|发|约|去|来|卖|推|收|拉|管|弄|搞|交"
    r"|提醒|通知))"
)
# 阿达 / 哪搭 / 哪达 is "where" in 甘肃, 陕西, 宁夏 and 内蒙西部 (阿达收洋芋, 洋芋阿达收: Gansu
# blind test, 答不上来). Not after a person (我阿达, 俺的阿达): there 阿达 is the father in 关中.
WHERE_WORDS = r"(?<![我俺你他她咱的])阿[达哒搭]|哪[搭达嗒]"
_WHERE = re.compile(WHERE_WORDS)


def plain_words(norm: str) -> str:
    """The (normalised) text with its regional "don't" read as 别 and "where" as 哪里."""
    return _WHERE.sub("哪里", _DONT.sub("别", norm))

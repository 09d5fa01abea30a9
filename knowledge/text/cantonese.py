"""Written Cantonese read as Mandarin: 禾叶黄咗点算 → 禾叶黄了怎么办.

Farmers in 粤 and 桂 type Cantonese as they speak it; a county's base is in
Mandarin. A message is read as Cantonese only when it carries one of the
particles no Mandarin sentence has (嘅, 咗, 喺, 啲 ...); then its Cantonese words
become their Mandarin ones. Words that are Mandarin too (系 in 关系, 晒 of 晒田,
食 of 食心虫) stay unless the phrase leaves no doubt.
"""

from __future__ import annotations

import re

# Characters that mark a message as written Cantonese.
_MARKERS = re.compile(r"[嘅咗喺嚟啲唔冇佢咩嘢哋嗰睇攞畀揾俾啱嘞乜]")

# Longest first; the regex alternation keeps that order.
_WORDS = {
    "乜嘢": "什么",
    "咩嘢": "什么",
    "系唔系": "是不是",
    "有冇": "有没有",
    "得唔得": "行不行",
    "可唔可以": "可不可以",
    "要唔要": "要不要",
    "使唔使": "用不用",
    "收唔收": "收不收",
    "准唔准": "准不准",
    "免唔免": "免不免",
    "点样": "怎样",
    "点解": "为什么",
    "点算": "怎么办",
    "点搞": "怎么搞",
    "点治": "怎么治",
    "点医": "怎么医",
    "点防": "怎么防",
    "点救": "怎么救",
    "点计": "怎么算",
    "点卖": "怎么卖",
    "点做": "怎么做",
    "边度": "哪里",
    "边个": "谁",
    "几耐": "多久",
    "几多": "多少",
    "而家": "现在",
    "旧年": "去年",
    "琴日": "昨天",
    "寻日": "昨天",
    "听日": "明天",
    "今日": "今天",
    "日日": "每天",
    "成日": "整天",
    "屋企": "家里",
    "雪柜": "冰箱",
    "落雨": "下雨",
    "唔该": "谢谢",
    "唔使": "不用",
    "唔识": "不会",
    "唔得": "不行",
    "佢哋": "他们",
    "你哋": "你们",
    "我哋": "我们",
    "呢度": "这里",
    "呢个": "这个",
    "嗰度": "那里",
    "嗰个": "那个",
    "嗰阵": "那时",
    "结数": "结账",
    "嘅": "的",
    "咗": "了",
    "喺": "在",
    "嚟": "来",
    "啲": "些",
    "佢": "他",
    "咩": "什么",
    "嘢": "东西",
    "睇": "看",
    "攞": "拿",
    "揾": "找",
    "畀": "给",
    "俾": "给",
    "仲": "还",
    "嗰": "那",
    "系": "是",
}
_WORD = re.compile("|".join(sorted(_WORDS, key=len, reverse=True)))
# 系 is Mandarin inside a word (关系, 系统, 联系, 体系, 根系, 品系).
_MANDARIN_XI = re.compile(r"[关联体根品派直世水星母父谱]系|系[统列数]")


# Southern characters with one meaning, whatever the rest of the message is in
# (粤, 客家, 湘, 赣, 西南 all say 屙血 for passing blood): read everywhere.
_ALWAYS = str.maketrans({"屙": "拉", "痾": "拉", "窿": "洞"})


def as_mandarin(text: str) -> str:
    """The text with its Cantonese words in Mandarin, when it is written Cantonese."""
    text = text.translate(_ALWAYS)
    if not _MARKERS.search(text):
        return text
    keep = {m.start() + m.group().index("系") for m in _MANDARIN_XI.finditer(text)}
    return _WORD.sub(lambda m: m.group() if m.start() in keep else _WORDS[m.group()], text)

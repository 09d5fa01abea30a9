"""Whether a farmer's words after a photo are about that photo (its caption), or something else.

A farmer sends a photo of a sick plant or animal, often without words, then types: 这是啥病,
看看这个咋回事, 这是什么虫, what disease is this; or 俺家苞米, 叶子发黄两天了. Those words are
the photo's caption: they go with it. But the farmer also goes on using the bot: 西红柿多少钱,
我想贷款, 我约的啥时候来着 twenty minutes later is not about the photo, and glued to it staff
would get a loan question under a picture of a leaf and the farmer no answer (tester walk).
A message joins a photo only when it plausibly describes it (it points at it, tells a sign,
names a crop or animal, or tells a detail) within CAPTION_WINDOW of it; a request for the bot
never does. This module is the one place for the rule. Telegram-free.
"""

from __future__ import annotations

import re
from datetime import timedelta

from knowledge.kb import follow_ups
from knowledge.text.intent import Kind, classify
from knowledge.text.normalise import normalise

# How soon after a photo words may be its caption: a few minutes to type it, not the next
# question of the morning.
CAPTION_WINDOW = timedelta(minutes=10)

# Words that point at something shown (这是, 这个, 看看, 咋回事, 呢个 in Cantonese, this, it):
# asked right after a photo, they ask about the photo.
_POINTS = re.compile(
    r"这|介个|酱紫|看看|看一下|看下|看一哈|瞅瞅|瞅一下|瞅下|瞧瞧|瞧一下|帮[我俺忙]看|给[我俺]看"
    r"|咋回事|怎么回事|咋个回事|啥情况|什么情况|照片|图片|图上|图里|拍的|呢个|呢啲|佢"
    r"|\b(this|these|that|it|its|look|see|photo|picture|pic|image|shown)\b",
    re.IGNORECASE,
)
# Signs of a sick plant or animal (发黄, 斑点, 烂根, 生虫, 拉稀, 不吃食, yellow spots): what a
# photo of one shows.
_SIGNS = re.compile(
    r"黄|斑|点子|烂|腐|枯|焦|蔫|萎|卷|虫|病|霉|瘟|死|拉稀|拉肚|咳|喘|肿|脓|疙瘩|不吃|不长|掉|裂|锈"
    r"|白粉|发[红黑白紫褐灰]|长毛|流水|流血|窟窿|洞|叶子|根|茎|果子?|穗|花|疫"
    r"|\b(yellow\w*|spots?|spotted|rot\w*|wilt\w*|dying|dead|died|sick|ill|disease[sd]?|pests?"
    r"|bugs?|worms?|insects?|mou?ld\w*|cough\w*|diarrh\w*|scour\w*|leaf|leaves|roots?|stems?"
    r"|fruits?|brown|black|holes?|curl\w*|swell\w*|swollen|blight|fungus)\b",
    re.IGNORECASE,
)
# Asking how to treat it (打什么药, 有救吗, what should I spray): about what the photo shows,
# though it says nothing of it.
_TREAT = re.compile(r"药|治|救|打针|\b(spray\w*|treat\w*|cure|medicine|save)\b", re.IGNORECASE)
# Intents that are a request for the bot itself: handled on their own, never a caption.
_FOR_THE_BOT = frozenset(Kind) - {Kind.knowledge, Kind.chatter}


def points_at(text: str) -> bool:
    """Whether a message points at something shown (这是啥病, 看看这个, what is this)."""
    return bool(_POINTS.search(normalise(text)))


def shows_signs(text: str) -> bool:
    """Whether a message tells signs of a sick plant or animal (叶子发黄, 拉稀, yellow spots)."""
    return bool(_SIGNS.search(normalise(text)))


def describes(text: str) -> bool:
    """Whether a message sent right after a photo plausibly says what the photo shows.

    It points at it (这是啥病), tells a sign (叶子发黄尖干), names a crop or animal (俺家苞米)
    or tells a detail (两天了, 十几只都这样); a price, a booking, a programme outside farming
    (低保) or a request (我想贷款) is handled on its own, whatever else it says.
    """
    if not follow_ups.readable(text) or follow_ups.mere_yes(text):
        return False
    if follow_ups.acknowledges(text) and not follow_ups.asks(text):
        return False  # 好的, 谢谢: taking something in
    intent = classify(text)
    if intent.kind in _FOR_THE_BOT or intent.kind in (Kind.greeting, Kind.thanks):
        return False
    if follow_ups.for_the_bot(text):
        return False
    if intent.kind is Kind.chatter:
        # 咋办, 这可咋整 say nothing by themselves: right after a photo they ask about it.
        # 你是谁, 讲个笑话: small talk, unless it points (这是啥).
        return intent.extras.get("topic") == "vague" or points_at(text)
    if points_at(text) or shows_signs(text) or follow_ups.subjects_in(text):
        return True
    if _TREAT.search(normalise(text)):
        return True
    if follow_ups.wants(text):
        return False  # 我想贷款: a request of its own
    return follow_ups.tells_detail(text) or follow_ups.only_asks(text)


def needs_details(text: str) -> bool:
    """Whether a caption asks about the photo without saying what it shows (这是啥病, 咋办, what
    disease is this): FarmHub cannot see photos, so the farmer is asked the crop or animal
    and what they see. Signs told without pointing (叶子发黄两天了) say enough to go with it."""
    if follow_ups.subjects_in(text):
        return False  # 俺家苞米叶子发黄: staff and the base have something to go on
    return points_at(text) or not shows_signs(text)

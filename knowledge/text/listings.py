"""我的卖货登记: a farmer asking for their own sale listings, or taking one back.

The intent classifier's rule (knowledge.text.intent, Kind.my_offers): `says_listings`
tells a message about the farmer's own listings (我的卖货登记, 我登记了哪些, "my
listings") and one withdrawing a listing (我的大葱不卖了, 大葱卖掉了不用登记了,
撤回登记, "withdraw my onion listing") from a new offer (我有大葱要卖) and from the
bookings' words (我的预约, 取消预约 stay bookings: they are read before this rule).
"""

from __future__ import annotations

import re

from knowledge.text.lexicon import Mention
from knowledge.text.per_head import animal_at

LIST, WITHDRAW = "list", "withdraw"

# Registering produce for sale, as farmers name it: 卖货登记, 登记的货, 登记卖的; typed
# in pinyin, maihuo dengji reads 卖货等级 (a word no farmer means otherwise).
_REGISTER = r"(?:(?:卖货|售货|出售|卖的?|要卖的?)?登记|卖货等级)"
# The 了 of "no more" as said with another particle (不卖啦, 卖掉咯, 不卖喽, 不卖嘞).
_LE = r"(?:了|啦|咯|喽|嘞|喇)"
# "Mine": 我的, 俺的, 我家的, or a bare 我 before a verb.
_MINE = r"(?:我|俺|咱)(?:家)?的?"

_LIST = re.compile(
    "|".join(
        (
            # 我的卖货登记, 我的登记, 俺的卖货登记
            rf"{_MINE}(?:(?:卖货|售货|出售)?登记|卖货等级)(?!.{{0,3}}(?:卖|收|买))",
            # 我登记了哪些, 我都登记了啥, 我登记过什么, 我登记的货
            r"(?:我|俺)(?:都|还)?登记(?:了|过)(?:些|的)?(?:啥|什么|哪些|几个|几样|多少)",
            r"(?:我|俺)登记的(?:货|东西|菜|粮|那些|几样)",
            # 我卖的货, 俺要卖的东西, 我挂着卖的那些 as the whole message (sandbox walk: how-to
            # text); 我卖的货啥时候有人收 asks something else.
            r"^(?:我|俺|咱)(?:家)?(?:要|在|挂着?)?卖(?:着)?的(?:货|东西|菜|粮食?|那些|几样)"
            r"[吗呢啊呀?？。!！]*$",
            # 查一下卖货登记, 看看我的登记 (not 查登记信息, of land or a subsidy)
            r"(?:查|看|瞅)(?:一?下|看|查)?(?:我的(?:卖货|售货)?登记|卖货登记|卖货等级|我登记的)",
            r"我(?:都|还)?(?:在)?卖(?:着)?(?:些|的)?(?:啥|什么|哪些)(?:货|东西)?登记",
            # English
            r"\bmy (?:sale |sales |produce |selling )?(?:listings?|offers?)\b",
            r"\bwhat (?:have i|did i|i have|i) listed\b",
            r"\b(?:show|see|check) (?:me )?(?:my )?(?:sale )?(?:listings|offers)\b",
        )
    )
)

_WITHDRAW = re.compile(
    "|".join(
        (
            # 撤回登记, 取消卖货登记, 把大葱的登记删了, 登记不要了
            rf"(?:撤回|撤销|撤掉|撤了|取消|删除|删掉|删了|去掉|作废)(?:我的|掉)?.{{0,8}}?{_REGISTER}",
            rf"{_REGISTER}.{{0,4}}(?:不要{_LE}|不用{_LE}|取消|撤回|撤销|撤掉|作废|删了|删掉|删除|去掉)",
            # 取消卖货, 我要撤销卖货 as the whole message: the listing (blind test: 答不上来)
            r"^(?:我要|我想|帮我|请)?(?:取消|撤回|撤销)(?:我的|掉)?卖货[了啦吧啊呀。.!！]*$",
            # 不用登记了, 别登记了, 不要再登记了 (大葱卖掉了不用登记了)
            rf"(?:不用|不要|别|甭|无需)(?:再|帮我)?(?:卖货)?登记{_LE}",
            # 我的大葱不卖了, 俺的苞谷不想卖了, 我家玉米不出售了: as the whole message (车都
            # 出发了我又不卖了 要钱不 asks a fee; 我不想卖了取消吧 calls a pickup off)
            rf"^.{{0,4}}{_MINE}.{{0,8}}?不(?:卖|想卖|要卖|出售|出手){_LE}[,.!~啦吧呀哈]*$",
            # 我的大葱卖掉了, 我的玉米已经卖出去了 (sold elsewhere: the listing goes)
            # (only as the whole message: 我家的猪卖完了现在养什么好 asks something else)
            rf"^{_MINE}.{{0,8}}?(?:已经)?(?:卖掉|卖出去|卖完|卖光|自己卖){_LE}[,.!~啦吧呀哈]*$",
            # English: "withdraw my onion listing", "cancel my listing", "remove my corn offer"
            r"\b(?:withdraw|cancel|remove|delete|take down|take back|pull)\b.{0,30}"
            r"\b(?:listings?|offers?)\b",
            r"\b(?:no longer|not) (?:want to )?sell(?:ing)?\b.{0,30}"
            r"\b(?:any ?more|after all|listing|offer)\b",
            r"\bdon['’]?t (?:want to )?(?:sell|list)\b.{0,30}\bany ?more\b",
            # "my cows are not for sale anymore", "our sheep are no longer for sale", "the corn
            # isn't for sale any more" (sandbox walk: answered 答不上来)
            r"^(?!.*\b(?:why|how|what|who|when)\b).*\b(?:my|our)\b.{0,30}"
            r"(?:\bnot|\bno longer|n['’]?t)\s*for sale\b",
            r"(?:\bnot|\bno longer|n['’]?t)\s*for sale\b.{0,10}\b(?:any ?more|after all)\b",
            # "I no longer want to sell my cows", "I won't sell my sheep anymore", "I'm not going
            # to sell the pigs after all"
            r"\bno longer (?:want|wish|going) to sell\b|\bno longer sell(?:ing)? (?:my|our)\b",
            r"\b(?:won['’]?t|will not|not going to|decided not to)\s+sell\b.{0,30}"
            r"\b(?:any ?more|after all)\b",
            r"\b(?:already )?sold (?:my|the|our)\b.{0,30}\b(?:listing|offer|elsewhere|already)\b",
        )
    )
)
# A product alone then "not selling" (大葱不卖了, 玉米卖掉了): a withdrawal when a product
# is named and nothing else is asked; 价格太低不卖了 names none and stays what it was.
_PRODUCT_WITHDRAW = re.compile(
    rf"^.{{1,8}}?(?:也|都|就)?(?:不(?:卖|想卖|要卖|出售)|已经?卖(?:掉|出去|完|光)|卖掉){_LE}"
    rf"(?:[,，]?.{{0,10}}(?:不用|不要|别)(?:再)?登记{_LE}?)?[,.!~啦吧呀哈]*$"
)
# Asking how (卖货登记怎么弄, 我的登记咋改) is a question for the knowledge base, not a list.
_HOW = re.compile(r"(?:怎么|咋|怎样|如何)(?:个)?(?:弄|办|操作|搞|改|填|写)|\bhow (?:do|to|can)\b")

# Every rule, for the pinyin reader's keywords (knowledge.text.intent.keywords).
RULES = (_LIST, _WITHDRAW, _PRODUCT_WITHDRAW)
# The words of the rules as said with 了, which the rules now spell with any particle
# ({_LE}): pinyin is read in the rules' words (intent.keywords), and these kept 卖 in mai
# tudou (卖土豆, not 麦土豆) before 啦 and 咯 joined them.
SAID = ("卖掉了", "卖出去了", "卖完了", "卖光了", "自己卖了", "登记了")


# The rules' own words (取消, 卖货, 登记, 撤回 ...): a product heard by its sound across one
# of them is none (取消卖货 sounds like 小麦 in its middle, xiao mai).
_RULE_WORDS = re.compile(
    r"取消|撤回|撤销|撤掉|删除|删掉|删了|去掉|作废|卖货|售货|出售|登记|不卖|卖掉|卖了"
)


def in_rule_words(mention: Mention, norm: str) -> bool:
    """Whether a product was only heard by its sound in the rules' words (消卖 as 小麦).

    `norm` is the normalised text the mention was found in. A name typed in characters
    (小麦), or a sound-alike clear of those words (大冲 for 大葱), is still a product.
    """
    if not mention.by_pinyin:
        return False
    end = mention.start + len(mention.typed)
    return any(
        word.start() < end and mention.start < word.end() for word in _RULE_WORDS.finditer(norm)
    )


def animal_meat(norm: str) -> str | None:
    """The meat listing of the live animal a message names (我的羊不卖了: 羊肉), else None.

    Live animals are listed as the meat the markets quote (knowledge.text.heads), so a
    withdrawal of 羊 is one of the farmer's 羊肉 listing.
    """
    for pos in range(len(norm)):
        found = animal_at(norm, pos)
        if found is not None:
            return found.meat
    return None


def says_listings(norm: str, has_product: bool) -> str | None:
    """LIST, WITHDRAW, or None: what a normalised message asks of the farmer's listings.

    An animal named (羊不卖了) is a product here: its meat's listing."""
    named = has_product or (_PRODUCT_WITHDRAW.search(norm) and animal_meat(norm) is not None)
    if _WITHDRAW.search(norm) or (named and _PRODUCT_WITHDRAW.search(norm)):
        return WITHDRAW
    if _LIST.search(norm) and not _HOW.search(norm):
        return LIST
    return None

"""The words of a price question: 多少钱, 啥价, 行情, "how much", a price per unit, a peak, a chart.

Rules over the normalised text (knowledge.text.intent routes on them); a service's fee
(寄十斤小米多少钱) and the amount of an input (how much seed per mu) are no market price.
"""

from __future__ import annotations

import re


def rx(*words: str) -> re.Pattern[str]:
    """One pattern matching any of `words`."""
    return re.compile("|".join(words))


PRICE = rx(
    r"多少钱",
    r"(好|几)多钱|多钱一",  # 西南, 湘鄂, 粤: 好多钱一斤, 几多钱
    r"多钱$",  # 洋芋多钱 (多少钱 said short)
    # Pinyin input's homophones (qian, jiage): 大蒜多少前, 玉米价个 (sandbox walk: 答不上来).
    r"(多少|好多|几多)前(?![天年月面后])",
    r"价个|架格",
    r"(啥|什么|几)(价|钱)",
    r"价格",
    r"价钱",
    r"价(是)?多少",  # 蒜价多少 (the 钱 left out)
    r"行情",
    r"报价",
    r"(几|多少)(块|元)",
    r"涨了|跌了|涨价|降价|贵不贵|便宜",
    # 这个月猪肉涨没涨, 蒜价跌没跌, 是涨是跌 (a sandbox walk: answered with how to read the chart)
    r"(涨|跌)(没|不)(涨|跌)|涨(了)?还是跌|跌(了)?还是涨|是涨是跌",
    r"(多少|几块).{0,2}一(斤|公斤)",
    # 1斤西红柿能卖多少, 这些苞谷值几个钱 (not 能卖多少斤: an amount)
    r"能卖(多少(?!斤|公斤|吨|亩|个|袋|箱)|几个钱|几块|啥价)|值(多少|几个钱)",
    r"价$",
    # 大葱价咋样了, 玉米价儿怎么样 (sandbox walk: answered 答不上来)
    r"(?<![评代])价儿?(咋|怎么|怎|如何|咋个|啷个)(样|么样)",
    r"市价",
    r"\bprices?\b",
    r"\bhow much\b",
    r"\b(?:cost|costs|sell for|sold for|selling for)\b",
    # "what are 2 tons of tomatoes worth", "what would 500 jin of corn fetch": what produce
    # comes to, the question ending on it (not "what is this worth doing", "is it worth it").
    r"\b(?:what|how much)\b.{0,60}\b(?:worth|fetch|bring in|get me)"
    r"(?: (?:now|today|these days|at the market))?\s*[?.!]*$",
)
# The words of an English price question (蒜薹 price, price of kiwi: "price" is no product's
# name); what is left names the product asked for (bot.markets.places.unknown_product_word).
ENGLISH_PRICE_WORDS = rx(
    r"\b(?:prices?|how|much|many|is|are|was|the|a|an|of|for|at|per|in|what|whats|what's"
    r"|today|now|current|latest|cost|costs|does|do|sell|selling|jin|kg|kilo|yuan|market"
    r"|wholesale|please|tell|me|check)\b"
)
# Words of an English question that name nothing ("how much is it", "how much can I get").
_NO_NAME = frozenset(
    "it its this that these those they them i my we our you your he she his her one some any "
    "can could will would should may might be been get got pay paid make made there here "
    "so very too also just about around usually normally".split()
)
_NAME_WORD = re.compile(r"[a-z]+|[\u3400-\u9fff]+")


def english_named(norm: str) -> list[str]:
    """What an English price question names besides its own words ("how much is 三七": 三七,
    "what is the price of ginseng": ginseng); [] for a question in Chinese only."""
    if not re.search(r"[a-z]{2,}", norm):
        return []
    words = _NAME_WORD.findall(ENGLISH_PRICE_WORDS.sub(" ", norm))
    return [w for w in words if w not in _NO_NAME]


# 洋芋一公斤多少, 苞米一斤几毛: a product's price per unit with 钱 left unsaid (not 一亩
# 产多少斤, not 一公斤多少斤: an amount, which ends on its unit).
PER_UNIT = rx(
    r"一(斤|公斤|千克|kg)(要|卖|得|能卖|现在)?(多少|几块|几毛|几个钱|多钱)(钱)?[?？吗呢啊呀嘞哩哇]*$"
)
# 西红柿咋卖的: a product's price at the market (网上咋卖, with no product, is how to sell).
SOLD_AT = rx(r"(咋|怎么|怎|咋个|啷个)卖(的|哩|嘞|呢)?$")
# "多少钱" of a service is its fee, not a market price (寄十斤小米多少钱, 冷库一天多少钱).
FEE = rx(
    r"寄|快递|运费|邮费|收费|费用|手续费|工钱|租金|冷库|代购|上门|运到|运去|拉一趟|一趟",
    r"\b(ship|shipping|send|sending|post|postage|delivery|deliver|fee|fees|rent|courier)\b",
)
# "How much" of an input asks an amount, not a market price (how much seed per mu).
INPUT_AMOUNT = rx(
    r"\bhow (much|many) (of )?(the |this |that )?(seeds?|fertili[sz]ers?|urea|manure|compost|npk"
    r"|water|feed|medicine|pesticides?|herbicides?|insecticides?|fungicides?|spray|lime|plants"
    r"|seedlings|nitrogen|potash|vaccines?)\b"
)
PER_KG = rx(r"公斤", r"千克", r"kg", r"\bkilos?\b", r"\bkilograms?\b")
# 土豆哪天价最高, 西红柿啥时候最便宜, which day were potatoes dearest: the price history's peak
# (extras[PEAK] "high" or "low"), not the base (sandbox walk: 答不上来).
PEAK_HIGH = rx(
    r"(价|价格|价钱|行情)[^,，。]{0,3}最(高|好|贵)",
    r"最贵|卖(得|的)?最(贵|高|好)|最高(的)?(价|价格|价钱)",
    r"\b(highest|top|peak|best) price|\b(most expensive|dearest)\b",
)
PEAK_LOW = rx(
    r"(价|价格|价钱|行情)[^,，。]{0,3}最(低|差|便宜)",
    r"最便宜|卖(得|的)?最(便宜|低|差)|最低(的)?(价|价格|价钱)",
    r"\b(lowest|cheapest) price|\bcheapest\b",
)
# A product's price over time as a picture (辣椒走势, 土豆行情图, potato price chart): the
# 30-day chart. 趋势 and 曲线 only of a price (辣椒病害的发展趋势 is a farming question).
CHART_WORDS = rx(
    r"走势|走向图|(价格?|行情|价钱)(的)?(趋势|曲线|折线|图)|(趋势|曲线|折线)图",
    r"\b(price |prices )?(charts?|graphs?|trends?)\b",
)


def peak(norm: str) -> str | None:
    """ "high" or "low" for a message asking the dearest or cheapest price, else None."""
    return "high" if PEAK_HIGH.search(norm) else "low" if PEAK_LOW.search(norm) else None


# Did it rise or fall? 涨了没, 涨没涨, 涨了莫得 (云南: 莫得 = 没有), 跌了没有, 比上个礼拜涨了吗,
# 贵了没, 有没有涨, 涨了多少, "has it gone up since last week": the answer opens with one plain
# line saying which (云南 blind test: last week's table and chart, and no word of it).
CHANGE_ASKED = rx(
    r"(涨|跌|降|涨价|降价|掉价)(了)?(没有|没|莫得|莫有|冇|吗|么|嘛|未)",
    r"(贵|便宜|高|低)了(没有|没|莫得|莫有|冇|吗|么|嘛|未)",  # not 贵不贵, 贵吗: dear or not
    r"(涨|跌)(没|不|莫)(涨|跌)|涨(了)?还是跌|跌(了)?还是涨|是涨是跌",
    r"(有没有|有冇|有莫得|有莫有)(涨|跌|降|变)",
    r"(涨|跌|降)(了)?(多少|几)",
    r"变(了|化)(没|吗|么|莫得|多少|大不大)",
    r"\b(has|have|did|does|is|are)\b.{0,30}\b(gone up|go up|going up|risen|rise|rising"
    r"|gone down|go down|going down|fallen|fall|falling|dropped|drop|dropping|changed|change)\b",
    r"\b(up|down) (since|from|on|compared)\b",
)


def asks_change(norm: str) -> bool:
    """Whether a normalised price question asks if the price rose or fell (涨了没)."""
    return CHANGE_ASKED.search(norm) is not None

"""Errands told apart from their look-alikes: the station's own list, farm inputs,
programmes, parcels, keys mashed.

站里收不收鸡蛋 asks whether one's station takes a product (its list answers, not the
buyers' listings); 大葱种子哪里买 asks where to buy an input, not who buys one's produce;
种地补贴一亩给多少钱 asks about a subsidy, not a market price; "pick up my package" is a
parcel at the station, not produce to collect; asdfgh is a hand on the keyboard, not a
question. Pure: read by knowledge.text.intent.
"""

from __future__ import annotations

import re

# Asking whether one's station takes a product (站里收不收鸡蛋, 你们收鸡蛋吗, does the station
# take eggs): answered from that station's own list, not from the buyers' listings.
STATION_TAKES = re.compile(
    # (Not 你们来收麦子不: coming to collect is the pickup service, a question for the base.)
    r"(站里|站上|服务站|收购站|收购点|站点|网点|驿站|你们|咱们?站|我们站|本站)(这儿|这里|那儿)?[^来]{0,3}"
    r"(收不收|收没收|要不要|收购|收|要)"
    r"|\b(does|do|will|would|can)\b.{0,12}\b(station|you)\b.{0,12}\b(take|buy|accept|collect)"
)
# How produce must be readied to be taken (要不要去根去老叶, 要捆吗, 带泥的收吗, 洗不洗, 要分级吗,
# 怎么装, "with mud still on them", "do they need to be washed"): the station's standards, a
# question for the base (and the station), never "yes, it takes X" (staff busy-day walk).
_READY = (
    r"去根|去老叶|去叶子?|去皮|去泥|剥叶子?|剥皮|捆|扎把|扎捆|打捆|洗|分级|分拣|挑拣|装袋|装箱|装筐"
    r"|打包|包装|晾干|晒干|带泥|带土|带根|带叶子?|削|修整|整理|去梗|去蒂|剪根|切根"
)
PREPARING = re.compile(
    rf"(?:要不要|用不用|需不需要|需要|要|得|必须|用|可以|能)(?:先|给它|把它)?(?:{_READY})"
    rf"|(?:{_READY}).{{0,8}}(?:吗|(?<![什怎])么|不(?:收|要|行|用)|行不行|可不可以|收不收|要不要)"
    r"|(洗|捆|分|剥|装|削|晾)不\1"
    r"|(?:怎么|咋|如何|怎样)(?:样)?(?:装|包装|打包|捆|分级)"
    r"|\b(?:with|w/)\s+(?:the\s+|some\s+)?(?:mud|dirt|soil|roots|leaves|stems)\b"
    r"|\b(?:muddy|unwashed|untrimmed|ungraded)\b"
    r"|\b(?:be|been|get|got)\s+(?:washed|graded|sorted|packed|cleaned|trimmed|bundled|tied|bagged"
    r"|boxed)\b"
    r"|\b(?:do|does|should|must|need|needs)\b.{0,20}\b(?:wash|grade|sort|pack|clean|trim|bundle"
    r"|tie)\b"
    r"|\bhow\b.{0,20}\b(?:pack|wash|grade|prepare|sort|bundle|package)\b"
)
# Asking what a station takes at all (孙家集京东服务站收什么, 我们站都收啥, what does my
# station buy): answered with that station's whole list. Group "who" is whose station:
# a station's name, or only words for one's own (站里, 我们站, 你们).
STATION_LIST = re.compile(
    r"(?P<who>.{0,24}?(?:站里|站上|站点|收购点|网点|驿站|站|你们|咱们|本站))(?:这儿|这里|那儿)?"
    r"(?:都|一般|主要|平时|现在)?(?:收购|收)(?:些|点)?"
    r"(?:什么|啥|哪些|哪几样|哪几种)(?:东西|货|产品|品种|农产品)?(?!.{0,3}(?:费|钱|价|税))"
    r"|\bwhat\b.{0,30}\b(?:station|you)\b.{0,12}\b(?:take|buy|accept|collect)"
)
# Words for one's own station, not a station's name (站里, 我们站, 你们, 我的服务站).
OWN_STATION = re.compile(
    r"^(?:我们?|咱们?|你们|本|我家)?(?:的|这个|那个)?"
    r"(?:服务站|收购站|收购点|站里|站上|站点|网点|驿站|站)?$"
)
# Buying seeds, seedlings, fertiliser, feed or medicine (大葱种子哪里买, 化肥在哪买): farm
# inputs, a question for the base and the station's services, not buyers of one's produce.
# Any crop's seedling counts (咖啡苗, 核桃苗, 烟苗: 云南 blind test, answered with the stations
# that buy coffee), as do seed potatoes and young stock to raise (种薯, 洋芋种, 羊羔, 猪仔).
INPUTS = re.compile(
    r"种子|种苗|秧苗|树苗|果苗|苗子|苗(?!头|族|条)|仔猪|化肥|肥料|复合肥|尿素|有机肥|农药|除草剂"
    r"|杀虫剂|杀菌剂|饲料|兽药|疫苗|地膜|棚膜|农膜|薄膜|农资|种薯|[芋薯]种|种[猪牛羊鸡]|猪仔|鸡仔"
    r"|羊羔|牛犊"
    r"|\b(seeds?|seedlings?|fertili[sz]ers?|pesticides?|herbicides?|feed|vaccines?|chicks)\b"
)
BUYING = re.compile(
    r"(哪里|哪儿|哪|去哪|在哪|上哪).{0,4}(买|有卖|有得卖|购买)|(买|购买).{0,6}(哪里|哪儿|哪)"
    r"|(能|可以)买到|有卖|卖不卖|代购"
    r"|\b(buy|purchase|get)\b"
)
# Subsidies, insurance and loans (种地补贴一亩给多少钱, 农业保险在哪买, 贷款利息多少): programmes
# the knowledge base explains. Their 多少钱 is an amount of the programme and their 哪买 where
# to take it out: never produce to price, nor buyers to list (blind test).
PROGRAMME = re.compile(
    r"补贴|补助|津贴|直补|保险|投保|保费|理赔|贷款|贴息|低保|医保|社保|养老金"
    r"|\b(subsid(y|ies|ise|ize)|insurance|insure|insured|loans?|grants?|pensions?)\b"
)
# A parcel, letter or online order (where can I pick up my package, 取快递): the station's
# parcel service, a question for the base, never produce to collect.
PARCEL = re.compile(
    r"快递|包裹|邮件|网购|取件|寄件"
    r"|\b(packages?|parcels?|deliver(y|ies)|express|mail|letters?|orders?|couriers?|boxes)\b"
)
# The station asked about as the one the farmer deals with (你们站几点开门, 站里几点关门, 你们几点
# 开门, 站上电话多少, "when does the station open"): their own, as 我的站几点开门 (湘西 blind
# test: 答不上来 from a farmer with none; without one, where they are is asked).
# Whose: yours (the bot read as the station) or ours; 站里 / 站上 alone mean "the" station. A
# bare 服务站几点开门 stays the station search (the nearest's hours).
_YOUR = r"((你们|您们|你|您|咱们?|俺们?|我们)(那个|这个|的)?(服务站|站里|站上|站点|站)|站里|站上)"
_OPENS = (
    r"(每天|平时|一般|今天|明天|礼拜天|周末)?(几点|什么时候|啥时候|啥时|何时|多会儿?|几时)"
    r"(开门|关门|营业|上班|下班|开始收货|收工|开|关)"
)
OUR_STATION = re.compile(
    "|".join(
        (
            rf"^{_YOUR}的?{_OPENS}",
            rf"^(你们|您们){_OPENS}",
            rf"^{_YOUR}的?(营业时间|开门时间|上班时间|开放时间|电话|地址|电话号码)"
            r"(是|在)?(多少|几号|啥|什么|哪里|哪儿|在哪)?[吗呢啊呀嘛哇?？]*$",
            r"\b(when|what time) (does|do|will|is) (the|your|my|our) (service )?station"
            r" (open|close)",
            r"\b(your|the|my|our) (service )?station'?s? (opening |business |working )?hours\b",
        )
    )
)
# The rules' Chinese words are pinyin keywords too (intent.keywords).
RULES = (STATION_TAKES, STATION_LIST, PREPARING, INPUTS, BUYING, PROGRAMME, PARCEL, OUR_STATION)


def asks_our_station(norm: str) -> bool:
    """Whether a normalised message asks the hours or contact of "your" / "the" station
    (你们站几点开门, 站里几点关门): the farmer's own."""
    return bool(OUR_STATION.search(norm))


def asks_station_takes(norm: str) -> bool:
    """Whether a normalised message asks whether the station (or "you") takes something,
    not how to ready it for them (要不要去根, 带泥的收吗: asks_preparing)."""
    return bool(STATION_TAKES.search(norm)) and not asks_preparing(norm)


def asks_preparing(norm: str) -> bool:
    """Whether a normalised message asks how produce must be readied to be taken (要不要去根,
    要捆吗, 带泥的收吗, "with mud still on them"): a question for the base."""
    return bool(PREPARING.search(norm))


def station_list_asked(norm: str) -> str | None:
    """Whose list a message asks for (孙家集京东服务站收什么 → 孙家集京东服务站): "" for the
    asker's own station (我们站收什么, what does my station buy); None when it asks none."""
    found = STATION_LIST.search(norm)
    if found is None:
        return None
    who = (found.group("who") or "").strip(" ,，。.!！?？")
    return "" if OWN_STATION.match(who) else who


def buys_inputs(norm: str) -> bool:
    """Whether a normalised message asks where to buy seeds, fertiliser, feed or medicine."""
    return bool(INPUTS.search(norm) and BUYING.search(norm) and not _SELLING.search(norm))


def buys_where(norm: str) -> bool:
    """Whether a normalised message asks where to buy something (哪里买核桃, 在哪买得到), saying
    nothing of selling: the farmer buying, no buyer of their produce (谁买核桃, 哪里有人买 are)."""
    return bool(_WHERE_BUY.search(norm) and not _SELLING.search(norm))


# Where to buy: 哪点 is "where" in 云南 and 贵州 (哪点买咖啡苗).
_WHERE_BUY = re.compile(
    r"(哪里|哪儿|哪点|哪个地方|哪|去哪|在哪|上哪).{0,4}(买|购买)|(买|购买).{0,6}(哪里|哪儿|哪点|哪)"
    r"|(能|可以)买到|\bwhere\b.{0,20}\b(buy|purchase|get)\b"
)
# Someone buying from the farmer, or the farmer selling: 谁买, 有人买, 哪里收, 卖给谁, "who buys".
_SELLING = re.compile(
    r"谁|有人|没人|人买|什么人|收|(?<![有得不])卖(?!不卖)|要不要"
    r"|\b(who|anyone|anybody|someone|somebody|buyers?|sell|selling)\b"
)


def names_programme(norm: str) -> bool:
    """Whether a normalised message is about a subsidy, insurance or a loan (农业保险在哪买)."""
    return PROGRAMME.search(norm) is not None


def names_parcel(norm: str) -> bool:
    """Whether a normalised message is about a parcel or an order (pick up my package)."""
    return PARCEL.search(norm) is not None


_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_LATIN_WORDS = re.compile(r"^[a-z]+( [a-z]+)*$")


def mashed(core: str) -> bool:
    """Whether a message is only keys pressed at random: Latin words each a run along a
    keyboard row (asdf, qwerty) or of three letters or more with no vowel (sdf, jkl)."""
    if not _LATIN_WORDS.match(core):
        return False
    return all(
        (len(w) >= 3 and not set(w) & set("aeiouy"))
        or (len(w) >= 4 and any(w in row or w in row[::-1] for row in _KEY_ROWS))
        for w in core.split()
    )

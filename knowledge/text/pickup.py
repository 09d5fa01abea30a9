"""A pickup asked for in everyday words, without 预约 or 来收 (intent classification's rule).

我想后天上午送两千斤苞谷到站里, 约个时间送西红柿, I want to bring 200 kg of potatoes to the
station tomorrow: `says_booking` tells such a message from questions about the same things
(送货上门收费吗, 快递寄到站里怎么取) and from errands elsewhere (拉猪去打疫苗).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.text.dates import names_day, without_days
from knowledge.text.heads import said_herd
from knowledge.text.lexicon import Mention

# A booking said the way farmers say it, without 预约 or 来收 (sandbox walk): bringing
# produce to the station on a day (我想后天上午送两千斤苞谷到站里, 明天想拉三百斤土豆过去,
# I want to bring 200 kg of potatoes to the station tomorrow), or asking for a time
# (约个时间送西红柿, 帮我约一下后天卖苹果, 安排车来拉苞谷). These rules read the text with
# its products marked GOODS and its amounts AMOUNT (_marked), so a verb counts only
# when produce or a direction follows it: 拉秧, 拉稀, 送检, 交配 bring nothing anywhere.
GOODS, AMOUNT = "Ⓟ", "Ⓠ"  # never in a normalised text (NFKC makes them letters)
_AMOUNT_WORDS = re.compile(
    r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万几半]+)\s*(?:[多来余几]\s*)?(?:万\s*)?"
    r"(?:市斤|公斤|千克|斤|吨|担|麻袋|袋|筐|箱|车|篓|框|包"
    r"|kgs?|kilos?|kilograms?|jin|tons?|tonnes?|t|bags?|sacks?|crates?|boxes|baskets?"
    r"|truckloads?)(?![a-z])"
)
_HEAD_WORDS = re.compile(
    r"(?:\d+|[一二两三四五六七八九十百几]+)\s*(?:[多来余几]\s*)?(?:头|只|匹|条|口)"
    r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|some)"
    r"\s+(?:head of\s+)?(?:cows?|cattle|pigs?|hogs?|sheep|goats?|chickens?|hens?)\b"
)
_HAS_GOODS = f"[{GOODS}{AMOUNT}]"
# A verb of carrying with what it carries, or where: 送两千斤, 拉Ⓟ, 运到, 拉过去, 把货送来.
_FILLER = (
    r"(?:了|着|上|点|些|个|这些?|那些?|一下|一些|我的|我家的?|家里的?|自家的?|咱家的?|俺家的?)?"
)
# Where to: the station (strong), or just "over there" (weak: 拉两车粪过去 is no pickup).
_STATION_WORDS = r"(?:服务站|站里|站上|站点|收购点|网点|合作社|你们|你那|你这|贵站|站)"
# 送站里 (no 到) carries to the station as 送到站里 does (blind test: 明天想送站里).
_CARRY = re.compile(
    rf"(送|拉|运|拿|挑|驮|载|拖|交){_FILLER}"
    rf"(?:{_HAS_GOODS}|货|粮|到|去|往|过去|过来|来|给|{_STATION_WORDS})"
)
# Nothing but a day and 送货 (明天送货, 我想后天上午交货): the farmer's own delivery.
_JUST_DELIVER = re.compile(
    r"^(?:我|俺|咱)?(?:想|要|打算)?(?P<day>.+?)(?:想|要|打算)?(?:去|来)?(?:送|交)(?:个|点)?货"
    r"(?:了|吧|啊|呀)?$"
)
_TO_STATION = re.compile(_STATION_WORDS)
_CARRIED_TO = re.compile(rf"[{GOODS}{AMOUNT}].{{0,4}}(?:送|拉|运|交)")
_FOR_STATION = re.compile(rf"(?:给|往){_STATION_WORDS}.{{0,6}}(?:送|拉|运|交)")
_OVER_THERE = re.compile(r"过去|过来")
_SELL_TO_STATION = re.compile(
    rf"卖[^,.;!]{{0,8}}?(?:给|到){_STATION_WORDS}|(?:到|去|上){_STATION_WORDS}(?:里|上)?去?卖"
)
# 约 as a verb (约个时间, 帮我约一下后天), not 大约 / 节约 / 合约, nor 约好了 (booked already).
_ARRANGE = re.compile(
    r"(?<![大节合签违公条契预制隐婉简相改])约(?!合|等|莫|束|好了|过|了)"
    r".{0,8}?(?:送|拉|运|交|卖|收|车|时间|日子|号|天)"
    rf"|安排.{{0,6}}(?:来收|收货|收购|来拉|拉货|车|送|收{_HAS_GOODS}|拉{_HAS_GOODS})"
)
# Asked of the station (麻烦来收一下鸡蛋, 叫人来拉枣子), not told of a dealer (老板来收橙子).
_COME_FOR = re.compile(
    r"(?:^|(?:你们|站里|站上|服务站|麻烦|请|叫|派|让|帮我|帮忙|想|要|约)[^,.!;]{0,4}?)"
    rf"(?:过来|来|上门)(?:收|拉|取|装)(?:一?下)?{_HAS_GOODS}"
)
# Someone sent for the farmer's produce named earlier (俺家苹果结的多 想找人来拉, 玉米掰完了
# 叫个车来拉; sandbox walk: 答不上来): a pickup when the produce is named.
_SEND_FOR = re.compile(r"(?:找|叫|派|请|喊)(?:个|些|几个|一个)?(?:人|车)(?:过)?来?(?:收|拉|装|取)")
# Questions (what the fee is, who collects, how) and refusals stay what they were.
_NOT_A_REQUEST = re.compile(
    r"怎么|咋|怎样|如何|啥|什么|多少|几[点时号块毛个钱]|哪|为啥|为什么|谁|有人|有没有|是不是"
    r"|要不要|注意|准备|收费|费用|运费|要钱|免费|价|钱|手续|流程|规定|要求"
    r"|(?:不|别|没)(?:想|要|用|必|去|送|拉|运|卖|约|来)|不了|取消|已经|还能|还可以|约好|约过"
    # A booking changed (改到后天) is 我的预约's; a harvester hired (约个收割机) no pickup.
    r"|改(?:到|成|期|天|约|时间)|收割|割|机子|机器|农机|拖拉机"
    # Carrying for other ends: to the vet, to the field, home; seed and inputs fetched.
    r"|配种|疫苗|打针|看病|兽医|治|检测|化验|屠宰|加工|烘干|冷库|储存|种子|化肥|农药|饲料|肥料"
    r"|地里|田里|棚里|家里|回家|回来|赶集|集上|集市|市场|县城|城里"
    r"|儿子|女儿|闺女|孩子|孙子|亲戚|朋友|邻居|老人|家人"
    r"|\b(?:how|what|why|where|which|who|whom|whose|when|cost|costs|fee|fees|free|price|prices"
    r"|pay|charge|charges|not|never|cannot|vet|vaccine|seeds?|fertili[sz]ers?|feed|home|field)\b"
    r"|n't\b"
)
# A yes/no question (明天能送两千斤苞谷过去吗) is a request only with the day and the produce.
_YES_NO = re.compile(
    r"吗|么|\?|行不行|可不可以|能不能|可以不|行不|成不|中不|还是|好不好|(?:不|没|没有)\W*$"
    r"|^(?:can|could|may|do|does|is|are|should|shall|will|would)\b"
)
_EN_CARRY = re.compile(
    r"\b(bring|take|deliver|drop off|drop|send|haul|carry|truck|cart|transport)\b"
)
_EN_STATION = (
    r"\b(?:to|at) (?:the |your |our |my |a )?(?:local |nearest |nearby )?"
    r"(?:service |collection |buying )?(?:station|depot|co-?op|cooperative|collection point)s?\b"
)
_EN_TO_STATION = re.compile(_EN_STATION + r"|\bto you\b")
_EN_SELL_TO_STATION = re.compile(r"\bsell\b.{0,40}" + _EN_STATION)
_EN_ARRANGE = re.compile(
    r"\b(?:arrange|schedule|book|set up|fix)\b (?:me )?(?:a |an )?"
    r"(?:time|slot|pick ?up|collection|drop-?off|delivery)\b"
)
_EN_PICKUP = re.compile(r"\bpick ?ups?\b|\bcollection\b")
# "book 2000 jin of cabbage for Tuesday", "can you book 300 kg of garlic tomorrow" (blind walk:
# a Chinese-only help entry): booking produce named with its amount or kind.
_EN_BOOK = re.compile(r"\bbook\b(?! (?:about|on|of farming))")


# The produce and its amount said first, then the day and 送 or 收 (土豆两吨，明天早上送, 鸡蛋30斤
# 今天下午能收吗, "2 tons of potatoes, delivering tomorrow", "30 jin of eggs this afternoon, can
# you take them?"): a booking as 明天早上送两吨土豆 is (staff busy-day walk: 答不上来).
_THEN_CARRY = re.compile(
    r"(?:送|拉|运|交|(?:能|可以|来|过来)?收(?![成入益获割购]))(?:过去|过来|来|去)?(?:一下)?"
    r"(?:吧|吗|么|嘛|不|啊|呀|了|行吗|行不行|可以吗)?\W*$"
    r"|\b(?:bring(?:ing)?|deliver(?:ing)?|haul(?:ing)?|carry(?:ing)?|tak(?:e|ing) (?:them|it)"
    r"|collect(?:ing)?(?: them| it)?|pick(?:ing)? (?:them |it )?up)\b"
)

# Words without which none of the rules above can match: most messages skip them all.
_MAY_BOOK = re.compile(
    r"[送拉运拿挑驮载拖交卖约收]|安排|来取|来装|上门"
    r"|\b(?:bring|take|deliver|drop|send|haul|carry|truck|cart|transport|sell|arrange|schedule"
    r"|book|set up|fix|pick ?ups?|collection|bringing|delivering|hauling|carrying|taking"
    r"|collect|collecting|picking)\b"
)


def _marked(norm: str, mentions: list[Mention]) -> str:
    """The text with each product named replaced by GOODS and each amount by AMOUNT."""
    parts, at = [], 0
    for mention in mentions:
        if mention.start < at:
            continue
        parts += [norm[at : mention.start], GOODS]
        at = mention.start + len(mention.typed)
    parts.append(norm[at:])
    marked = _AMOUNT_WORDS.sub(AMOUNT, "".join(parts))
    herd = said_herd(norm)
    if herd is None:
        return marked
    # Live animals by the head are an amount too (送两头黄牛到站里, 送一头牛过去), and the
    # animals are the goods carried (明天送两头猪过去, 后天拉三头牛过来, 黄牛两头拉过去): no
    # lexicon product names 猪 or 黄牛, the meat (猪肉, 牛肉) is what markets quote.
    marked = _HEAD_WORDS.sub(AMOUNT, marked)
    animal = re.escape(herd.animal)
    return re.sub(rf"(?<={AMOUNT}){animal}|{animal}(?={AMOUNT})", GOODS, marked, count=1)


def says_booking(
    norm: str, mentions: list[Mention], names_station: Callable[[str], bool] | None = None
) -> bool:
    """Whether a normalised message asks for a pickup in everyday words (see above).

    `mentions` are the products it names (Lexicon.mentions), marked GOODS in the text read;
    `names_station` tells whether words name one known station (孙家集京东, 圣城邮政), so
    produce carried there is a booking without 服务站 said (送两千斤玉米到孙家集京东).
    """
    if not _MAY_BOOK.search(norm):
        return False
    marked = _marked(norm, mentions)
    if _NOT_A_REQUEST.search(marked):
        return False
    has_goods = GOODS in marked or AMOUNT in marked
    has_day = names_day(marked)  # read with the amounts marked: 2-3吨 is no 2月3日
    # Asking for a time is a request, also as a question (能帮我约个时间送西红柿吗).
    if _ARRANGE.search(marked) and (has_goods or has_day or "时间" in marked):
        return True
    if _EN_ARRANGE.search(marked) or (_EN_BOOK.search(marked) and has_goods):
        return True
    if _YES_NO.search(marked) and not (has_goods and has_day):
        return False
    if GOODS in marked and AMOUNT in marked and has_day:
        then = _THEN_CARRY.search(marked)
        if then is not None and then.start() > max(marked.rfind(GOODS), marked.rfind(AMOUNT)):
            return True
    just = _JUST_DELIVER.match(marked)
    if just is not None and has_day and not without_days(just.group("day")).strip():
        return True
    to_known = has_goods and names_station is not None and _to_known(norm, mentions, names_station)
    carry = _CARRY.search(marked)
    if carry is not None:
        after = marked[carry.start() :]
        if _TO_STATION.search(after) and (has_goods or (has_day and "货" in marked)):
            return True
        if to_known:
            return True
        if GOODS in marked and (
            _OVER_THERE.search(after) or (has_day and carry.group(1) in "送拉运交")
        ):
            return True
    # 明天上午500斤玉米送洛城供销社: carried to a station named, the verb before it.
    if to_known and _CARRIED_TO.search(marked):
        return True
    if _FOR_STATION.search(marked) and has_goods:
        return True
    if _SELL_TO_STATION.search(marked) and (has_goods or has_day):
        return True
    if _COME_FOR.search(marked) or (_SEND_FOR.search(marked) and has_goods):
        return True
    english_carry = _EN_CARRY.search(marked)
    if english_carry is not None and has_goods:
        if _EN_TO_STATION.search(marked[english_carry.start() :]) or to_known:
            return True
        if has_day and english_carry.group(1) not in ("take", "send", "drop", "carry"):
            return True
    if _EN_SELL_TO_STATION.search(marked) and (has_goods or has_day):
        return True
    return bool(_EN_PICKUP.search(marked) and has_goods and has_day)


# Where a sentence says it goes, at its end: 送五百斤大葱到圣城街道邮政, 拉到古城京东去.
_GOES_TO = re.compile(
    r"(?:到|往|去|给)([^,.;!?，。；！？\s]{2,20}?)(?:去|来|那里|那儿|那边|吧|了)*$"
)


# In English, the words after the last "to" / "at" with something left once its day and
# time are taken out: bring 2000 jin corn to 孙家集京东服务站 tomorrow, … at sunjiaji jingdong.
_EN_GOES_TO = re.compile(r"\b(?:to|at)\s+")
_EN_ANCHOR = re.compile(_EN_CARRY.pattern + r"|\bsell\b|\bpick ?ups?\b|\bcollection\b")
_EN_POLITE = re.compile(r"\b(?:please|pls|thanks|thank you|ok|okay)\b")
_EN_AFTER_PLACE = re.compile(r"\s(?:with|for|by|before|after|around|about|on|at|in)\b.*$")
_EN_NO_STATION = re.compile(
    r"(?:(?:the|your|our|my|a|you)\s*)*"
    r"(?:(?:local|nearest|nearby|service|collection|buying)\s+)*"
    r"(?:station|depot|co-?op|cooperative|collection point|you|there|here)?s?"
)


# 克 is 去 (go) in 云南, 四川 and 贵州 speech (送五百斤洋芋克仁和: 云南 blind test, no station
# picked): read so before a place, never as the gram after a number (500克, 五百克, 千克, 毫克)
# nor inside a word (克服, 坦克, 巧克力, 马克).
_KE_GO = re.compile(
    r"(?<![\d零〇一二两三四五六七八九十百千万几半多来余毫公坦巧马夸])克"
    r"(?=[\u4e00-\u9fff])(?!服|隆|制|星|扣|拉玛|力)"
)


def ke_as_qu(norm: str) -> str:
    """`norm` with the 克 that means 去 (克仁和, 克站里) written 去, the same length."""
    return _KE_GO.sub("去", norm)


def station_words(norm: str) -> str | None:
    """The words after 到 / 往 (to / at) at the end of a booking sentence that may name a
    station (圣城街道邮政, sunjiaji jingdong), or None; 站里 / 你们 / the station name no
    station of their own."""
    norm = ke_as_qu(norm)
    found = _GOES_TO.search(norm)
    if found is not None:
        return None if re.fullmatch(_STATION_WORDS, found.group(1)) else found.group(1)
    # After what is carried (bring …, a pickup …): "I want to bring" says no place.
    verb = _EN_ANCHOR.search(norm)
    for to in reversed(list(_EN_GOES_TO.finditer(norm, verb.end() if verb else 0))):
        where = _EN_POLITE.sub("", without_days(norm[to.end() :])).strip()
        where = _EN_AFTER_PLACE.sub("", where)
        where = re.sub(r"\s+", " ", where).strip(" ,.;!?，。；！？")
        if not where or where[0].isdigit():
            continue  # only a time (… to the station at 8am): the "to" before it
        return None if _EN_NO_STATION.fullmatch(where) else where
    return None


# What is left after the produce and amount when a station is said without 到 (…500斤 圣城邮政,
# 送500斤玉米洛城供销社吧, …to SG01): the words at the end, before a closing 去 / 吧 / 那里.
_TAIL = re.compile(
    rf"[{GOODS}{AMOUNT}](?:的|过去|去|送|到)*\s*([^{GOODS}{AMOUNT},.;!?，。；！？]{{2,20}}?)"
    r"(?:去|来|那里|那儿|那边|吧|了|\s)*$"
)


_NO_PLACE = re.compile(rf"(?:过去|过来|那里|那儿|那边|{_STATION_WORDS}|[去来吧了])+")


def station_tail(norm: str, mentions: list[Mention]) -> str | None:
    """The words after the last produce or amount at the end of a booking sentence that may
    name a station without 到 (明天上午送500斤玉米 圣城邮政), or None; a day or a time there
    (送500斤玉米 明天上午) names none."""
    found = _TAIL.search(_marked(ke_as_qu(norm), mentions))
    if found is None:
        return None
    words = without_days(found.group(1)).strip()
    if len(words) < 2 or _NO_PLACE.fullmatch(words):
        return None  # 送500斤玉米过去, …到站里: where, but no station named
    return words


def _to_known(norm: str, mentions: list[Mention], names_station: Callable[[str], bool]) -> bool:
    """Whether the sentence's end says where (with 到 or without: …500斤 圣城邮政), and those
    words name one known station."""
    return any(
        words is not None and names_station(words)
        for words in (station_words(norm), station_tail(norm, mentions))
    )


# The rules' patterns, whose Chinese words pinyin may be read as (intent.keywords).
RULES = (
    _CARRY,
    _THEN_CARRY,
    _TO_STATION,
    _FOR_STATION,
    _SELL_TO_STATION,
    _ARRANGE,
    _COME_FOR,
    _NOT_A_REQUEST,
    _YES_NO,
    _MAY_BOOK,
)

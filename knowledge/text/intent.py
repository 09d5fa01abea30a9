"""What a farmer's message wants: a price, buyers, a pickup, an alert, or an answer.

Rules over the normalised text and the lexicon's product mentions; the intent
carries its slots (product, place, quantity, price) so features route on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from knowledge.text import alert_words, errands, listings, pickup, pinyin
from knowledge.text.bare_product import is_bare_product_query, place_words
from knowledge.text.chatter import CHATTER, chatter_topic
from knowledge.text.dialect import plain_words
from knowledge.text.english import to_chinese_query
from knowledge.text.heads import herd_for_sale, herd_told
from knowledge.text.lexicon import Mention, lexicon
from knowledge.text.loads import only_a_load, said_load
from knowledge.text.normalise import normalise
from knowledge.text.numbers import Price, Quantity, parse_price, parse_quantity
from knowledge.text.per_head import per_head
from knowledge.text.periods import past_period
from knowledge.text.pinyin_words import Known
from knowledge.text.price_words import (
    CHART_WORDS,
    FEE,
    INPUT_AMOUNT,
    PEAK_HIGH,
    PEAK_LOW,
    PER_KG,
    PER_UNIT,
    PRICE,
    SOLD_AT,
    asks_change,
    english_named,
    peak,
)
from knowledge.text.thesaurus import thesaurus


class Kind(StrEnum):
    """The intents FarmHub routes on."""

    price = "price"  # 西红柿多少钱一斤
    demand = "demand"  # 哪里收土豆 / 最近什么好卖
    supply = "supply"  # 我有两千斤玉米要卖
    booking = "booking"  # 预约收货
    my_bookings = "my_bookings"  # 我的预约
    my_offers = "my_offers"  # 我的卖货登记 / 我的大葱不卖了: extras["listings"] list or withdraw
    station = "station"  # 最近的服务站在哪
    subscribe = "subscribe"  # 订阅西红柿价格
    unsubscribe = "unsubscribe"  # 退订
    alert_edit = "alert_edit"  # 大蒜提醒改成3块 / 暂停大蒜提醒 / 恢复…: extras["alert"] says which
    greeting = "greeting"  # 你好
    thanks = "thanks"  # 谢谢
    chatter = "chatter"  # 你是谁 / 讲个笑话 / 哈哈哈 / ？: small talk, extras["topic"] says which
    knowledge = "knowledge"  # everything else: a question for the knowledge base


@dataclass(frozen=True)
class Intent:
    """The classified message with its slots."""

    kind: Kind
    text: str
    products: tuple[str, ...] = ()
    place: str | None = None
    quantity: Quantity | None = None
    price: Price | None = None
    unit: str | None = None  # the unit the farmer asked a price in (斤 or 公斤)
    period: str | None = None  # a past period asked about (上个月: "last_month"), see periods.py
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def product(self) -> str | None:
        """The first product named, if any."""
        return self.products[0] if self.products else None


def _rx(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(words))


_UNSUBSCRIBE = _rx(
    r"退订",
    r"取消订阅",
    r"不要.{0,4}(提醒|推送)",
    r"别.{0,3}(发|推)了",
    # 不要推了, 不用再发了 (湘西 blind test: 不要推了 was a question).
    r"^(不要|不用)再?(给我|给俺)?(发|推)了",
    r"停止.{0,2}(提醒|推送)",
    r"取消.{0,4}(提醒|推送)",  # 取消提醒, 取消价格提醒 (sandbox walk: a how-to answer)
    # Daily prices that annoy: 天天发价格 烦死了 咋关, 每天发价格烦得很 咋不让发了.
    r"(提醒|推送|消息|通知).{0,10}(咋关|怎么关|关掉|关了|关闭|停掉|不想收|不让发|不让推)",
    # (After a price, only asking how: 价格跌了 市场关了 is no alert to stop.)
    r"(价格|行情).{0,10}(咋关|怎么关|不想收|不让发|不让推)",
    r"(咋|怎么|怎样|如何)?(关掉|关闭|停掉|不想收).{0,4}(提醒|推送|消息|通知)",
    # 不要再发西红柿的价格了, 别给我发大蒜价格了, 西红柿的提醒不要了 (sandbox walk: a price board).
    r"(不要|别)再?(给我)?(发|推).{0,10}(价格|行情|提醒|消息)",
    r"(提醒|推送)(也)?不要了",
    # 把我的提醒都停了吧, 提醒全关了, 把订阅都取消掉 (sandbox walk: a "did you mean" list).
    r"把.{0,6}(提醒|推送|订阅)(都|全|全部|也)?(给我)?(停|关|取消|退|删)",
    r"(提醒|推送|订阅)(都|全|全部|也)(给我)?(停|关|取消|退|删)",
    r"(提醒|推送)(给我)?(停了|停掉|关了|关掉|删了|删掉)",
    r"\bstop\b.{0,24}\b(alerts?|notifications?|reminders?)\b",
    r"\bunsubscribe\b",
    r"\b(stop|turn off|switch off|cancel) (the |my |all )?(price )?"
    r"(alerts?|notifications?|reminders?)\b",
    r"\b(stop sending|no more) (me )?(the )?(price|prices|price messages|messages)\b",
    # "stop sending me the tomato prices", "stop sending me these updates".
    r"\bstop sending\b.{0,30}\b(prices?|alerts?|messages?|updates?|notifications?)\b",
)
# Asking which alerts one has (我订了啥, what did I subscribe to) lists them: no new one.
ALERT_LIST = re.compile(
    r"^\s*(?:我的提醒|查看提醒|提醒列表|我的订阅|我(?:都)?订(?:阅)?了(?:些)?(?:啥|什么|哪些|几个)"
    r"(?:提醒|价格)?"
    # 俺的提醒, 我的价格提醒, 我订的提醒, 俺订阅的, 我订了的那些提醒 (sandbox walk: how-to text).
    r"|(?:我|俺|咱)(?:们|家)?的(?:价格)?(?:提醒|订阅)"
    r"|(?:我|俺|咱)(?:们)?(?:都)?订(?:阅)?(?:了|过)?的(?:那些|那几个|几个)?(?:价格)?(?:提醒|订阅)?"
    r"|my (?:price )?alerts|my subscriptions|what did i subscribe to"
    r"|what (?:alerts|subscriptions) do i have|list (?:my )?alerts)\s*[?？吗呢。.!！]*\s*$",
    re.IGNORECASE,
)
_SUBSCRIBE = _rx(
    r"订阅",
    r"(价格|行情|涨|跌).{0,6}(提醒|通知)",
    r"提醒(我|俺|咱)",
    # How often (每天, 每日, 天天, 每早), then sent: 每日推送甘蔗价格, 天天发芒果价格给我.
    r"(每天|每日|天天|日日|每早|每晚|每朝|每天早上|每个早上|每周|每星期).{0,6}(告诉|推送|推给|发)",
    # 推送 a price (推送甘蔗价格给我, 甘蔗行情推送): an alert, a price sent by itself.
    r"推送.{0,8}(价格|价钱|行情|价)|(价格|价钱|行情).{0,4}推送",
    # 涨到 / 涨过 / 涨破 / 跌破 a price: the line that alerts (大蒜涨过3块5告诉我).
    r"(涨|跌|掉|降)(到|过|破).{0,8}(告诉|通知|提醒)",
    r"(变化|变动|变了|波动|超过|高于|低于|高过|低过|涨了|跌了|掉了|掉价|降价).{0,8}(告诉|通知|提醒)",
    # A rise or fall, then "call me" in everyday words (猕猴桃涨了喊我一声, 土豆跌了叫俺,
    # 椪柑价钱有变化跟我说一声: 湘西 blind test, only the price card).
    r"(涨|跌|变化|变动|变了|波动|掉价|降价|掉了).{0,8}((喊|叫)(我|俺|咱)|(跟|给|和|同)(我|俺|咱)(说|讲)"
    r"|说一声|吱一声|打个?招呼)",
    # A price, then its side (5块钱一公斤以上告诉我, 两块以下告诉俺): 以上 alone is no price.
    r"(块|元|毛|钱).{0,4}(以上|以下|不到).{0,8}(告诉|通知|提醒)",
    # 苹果到5块钱告诉我, 大蒜到了三块就通知俺 (sandbox walk: which product?).
    r"到了?.{0,4}\d?(块|元|毛).{0,3}(了)?(就|再)?(告诉|通知|提醒)",
    r"\bsubscribe\b",
    r"\balert me\b",
    # "tell me when tomatoes go above 3 yuan", "let me know if the potato price changes".
    r"\b(tell|notify|remind|warn|message|text) me\b.{0,60}\b(when|if|once|as soon as)\b",
    r"\blet me know\b.{0,60}\b(when|if|once|as soon as)\b",
    # "send me tomato prices every morning": a daily digest.
    r"\b(send|tell|give) me\b.{0,60}\b(every|each) (day|morning|evening)\b",
    r"\b(daily|every day|every morning)\b.{0,40}\b(alert|digest|update|prices?)\b",
)
_MY_BOOKINGS = _rx(
    r"我的预约",
    # Whose: 俺的预约, 咱家的预约, 我们的预约 (sandbox walk: 俺的预约 started a new booking).
    r"(我|俺|咱)(们|家)?的(收货)?预约",
    # 我约的, 俺预约的那个, 我约的收货 as the whole message: what the farmer booked.
    r"^(我|俺|咱)(们|家)?(预约|约)的(那个|那些|几个|收货|货|单子)?[吗呢啊呀吧?？。!！]*$",
    r"我.{0,2}约了",
    r"查.{0,2}预约",
    r"取消预约",
    r"改.{0,2}预约",
    r"预约.{0,3}(取消|改期|改到)",
    # The pick-up called off (预约不要了, 不用预约了): the bookings, each with its cancel button.
    r"预约.{0,2}(不要了|不约了|不用了|作废)",
    r"(不要|不用)(预约|约)了",
    # 我约的啥时候来着, 我约的是几号: asking about one's own booking.
    r"我(?:们|家)?约的",
    r"\bmy bookings?\b",
)
_BOOKING = _rx(
    r"预约",
    r"约.{0,2}(收货|上门|来收|拉货)",
    r"上门收",
    # A day said before 来收 (后天上午来收两千斤西红柿): a pickup, not a question.
    r"(天|周.|星期.|礼拜.|号|日|午|早上|晚上).{0,2}来(收|拉)",
    # ... or a time (后天早上9点半来收, 明天8点来拉).
    r"(点|点半|[0-9]:[0-9]{2}|分).{0,2}来(收|拉)",
    r"来.{0,4}收.{0,2}(货|粮|菜|果)",
    r"(派|叫).{0,2}车.{0,4}(拉|收)",
    r"收货.{0,3}(时间|车)",
    r"\bbook (a )?pick ?up\b",
    # "pick up my tomatoes tomorrow", "can someone collect 500 kg of cabbage on Friday".
    r"\bpick ?up (my|our)\b",
    r"\bcollect (my|our)\b",
    r"\b(can|could|will|would) (someone|somebody|you|the station) (collect|pick up|come for)\b",
    r"\b(book|schedule|arrange) a (pick ?up|collection)\b",
)
# A question about the pickup service itself (服务站上门收货是怎么个流程, 收费吗,
# 收货前要准备什么) is for the knowledge base, though it names the service: only a request
# (预约收货, 我要约收货, 明天来收两千斤西红柿) starts a booking. "怎么预约收货" asks how
# to book: the booking itself answers that.
_ABOUT_SERVICE = _rx(
    r"流程|步骤|手续|规矩|规定|规则",
    r"(怎么|咋)(个|样)?(回事|收法|算|弄法)",
    r"(怎么|咋)(个|样)?收[的啊呢呀]?\W*$",
    r"(什么|啥)意思|是(什么|啥)|有(什么|啥)(要求|讲究)",
    r"收费|费用|运费|要钱|要不要钱|收不收钱|多少钱|免费",
    r"(准备|注意|带)(些|点)?(什么|啥)",
    r"\bhow (does|do|is|are)\b.{0,40}\bwork",
    r"\b(what is|what's|what are)\b",
    r"\b(cost|costs|fee|fees|charge|free)\b",
    r"\b(process|steps)\b",
)
# A 收购 before 站/点/部/处/门市 names a place (收购站, 收购点: the local word for a station,
# many are named …收购站), not buying: 收购站几点开门 asks a station's hours, as 服务站几点开门.
STATION_NOUN = r"收购(?:站|点|部|处|门市部?)"
_STATION = _rx(
    rf"(服务站|{STATION_NOUN}).{{0,4}}(在哪|哪里|地址|电话|几点|开门|关门|营业)",
    rf"(最近|附近).{{0,4}}(服务站|站点|网点|驿站|{STATION_NOUN})",
    # 附近有啥站, 最近的站在哪 (sandbox walk: suggested answers, not the stations).
    r"(最近|附近)的?站点?(在哪|在哪里|在哪儿|在什么地方)",
    r"(附近|最近|周边)有(啥|什么|哪些|没有|几个)站点?[吗么呢嘛]?$",
    # 三元朱村有服务站吗 / 我们镇有没有服务站: asking where one is, not a knowledge question.
    rf"有(没有)?.{{0,2}}(服务站|站点|网点|驿站|{STATION_NOUN})",
    r"(村淘|京东|邮政|供销社).{0,3}(站|点).{0,4}(在哪|哪里)",
    # 姚关哪里有站 (blind test, 云南施甸): where a place's stations are.
    r"(哪里|哪儿|哪边)有个?(服务)?站点?",
    # 哪个站离我近, 离我最近的站 (sandbox walk: the knowledge entry about sharing a location).
    r"(哪个|哪家|哪一个)(服务)?站点?.{0,2}离(我|俺|我们|咱)家?.{0,2}(最)?近",
    r"离(我|俺|我们|咱)家?.{0,2}(最)?近的?(服务站|站点|站|网点|驿站)",
    # English: "nearest station", "where is the nearest service station", "stations near me".
    r"\b(nearest|closest|nearby|near me)\b.{0,20}\bstations?\b",
    r"\bstations?\b.{0,10}\b(near|close to) (me|here|us)\b",
    r"\b(which|what) (service )?stations? is (the )?(closest|nearest)\b",
    r"\bwhere('s| is| are)\b.{0,20}\b(service )?stations?\b",
    r"\b(is|are) there (a |an |any )?(service |collection )?stations?\b",
)
# The farmer's own (⭐ usual) station asked about: 我的服务站是哪个, 我是哪个站的, 俺的站在哪,
# "which is my station" (sandbox walk: 答不上来). Whole messages only: 我们站收什么 asks its
# products (errands.station_list_asked), 我的服务站收鸡蛋吗 whether it takes them.
_STATION_WORD = r"(服务站|服务点|站点|网点|驿站|站)"
_MY_STATION = _rx(
    r"^(我|俺|咱)(们|家)?的?(默认|常用|平时|固定)?(的|用的)?" + _STATION_WORD + r"(是|在)?"
    r"(哪个|哪一个|哪家|哪|啥|什么|哪里|哪儿|在哪|在哪里|在哪儿|地址|电话|几点开门)?"
    r"((地址|电话)(是)?(多少|几号|啥|什么))?"
    r"(的|站)?[吗呢啊呀嘛哇]*$",
    r"^(我|俺|咱)(们|家)?(是|属于|归|算|在|用|用的|选的|定的|跟)(的)?(哪个|哪一个|哪家|哪|啥|什么)"
    + _STATION_WORD
    + r"(的|管的|里的)?[吗呢啊呀嘛哇]*$",
    r"^(which|what)('s| is| are)? (is )?my (usual |default |own |home )?(service )?station\b",
    r"^(where('s| is)|show me) my (usual |default |own |home )?(service )?station\b",
    r"^my (usual |default |own |home )?(service )?station$",
    r"^(which|what) (service )?station (am i|do i (belong to|use|have))\b",
)
PRICE_ASKED = "price"  # extras key of a question about buyers that asks the price too
MY_STATION = "mine"  # extras["asks"] of a station question about the farmer's own station
_DEMAND = _rx(
    r"(哪里|哪儿|哪|谁|什么人|有没有人).{0,3}(收购(?!站|点|部|处|门市)|收(?!购)|要|买)",
    # 有人收苞谷吗 / 收不收玉米 / 玉米有人要吗: asking for buyers, like 哪里收.
    r"(有|没)人.{0,2}(收|要|买)",
    r"收不收|买不买",
    r"收购(?!站|点|部|处|门市)",
    r"(好卖|畅销|走俏|紧俏)",
    r"(什么|啥).{0,4}(好卖|赚钱|值钱)",
    r"求购",
    r"卖给谁",
    r"销路",
    r"\bwho (buys|wants)\b",
    # "who is buying apples near me", "who will buy my corn", "anyone buying apples?".
    r"\bwho('s| is| are| will| would| can| could| might)? (buying|buy|wanting|want)\b(?! to)",
    r"^(is |are )?(anyone|anybody|someone|somebody|any buyers?) (buying|wanting|wants?)\b(?! to)",
    r"\bbuyers?\b",
    # "is anyone buying corn", "does anyone buy potatoes": 有人收苞谷吗 in English.
    r"\b(is|are) (anyone|anybody|someone|somebody) buying\b",
    r"\b(does|do|will|would) (anyone|anybody|someone|somebody) (buy|want)\b",
)
# What buying asks of the produce (中药材收购有什么标准, 当归收购标准, 黄芪收购要求, 收购的规矩:
# Gansu blind test, the buyers were listed and the base's entry, scored 0.998, never shown) is
# for the knowledge base; asked with where or who (哪里收当归 要求高不高) it is still buyers.
_BUYING_TERMS = _rx(
    r"收购?.{0,6}(标准|要求|规矩|规定|条件|讲究|质量要求|等级|验收)",
    r"\b(buying|purchase|purchasing|grading) (standards?|requirements?|rules|criteria)\b",
    r"\bstandards? for (buying|purchase|purchasing)\b",
)
_WHO_BUYS = _rx(r"哪里|哪儿|哪个地方|哪家|谁|有人|有没有人|\bwho\b|\bwhere\b")
# "什么涨价了" / "what sells well this week", no product named: this week's risers and
# buyers, as 最近什么好卖 (sandbox walk: 什么 was read as a product, the English declined).
# Not 为什么 (why), not 什么时候 (when).
_RISING = _rx(
    r"(?<!为)(什么|啥|哪些|哪样|哪种)(菜|东西|产品|货|农产品|品种|作物|庄稼)?(在|正在)?"
    r"(涨价|涨了|涨得|在涨|价高|贵了|卖得好|卖得动|好销)",
    r"\bwhat('s| is| are)?\b.{0,25}\b(sells?|selling)\b.{0,12}\bwell\b",
    r"\bwhat('s| is| are)\b.{0,20}\b(rising|going up|in demand|selling)\b",
    r"\bwhich (crops?|products?|vegetables?|fruits?|produce)\b.{0,20}"
    r"\b(rising|going up|rise|sells?|selling|in demand)\b",
)
# "where can I sell my cucumbers" asks for buyers (哪里收), though it says "sell my".
# 哪点卖核桃 too (哪点 is "where" in 云南: 云南 blind test), not 哪里有卖 (where it is on sale).
_WHERE_TO_SELL = _rx(
    r"\bwhere (can|do|could|should|to) (i |we )?sell\b",
    r"(哪里|哪儿|哪点|哪个地方|在哪|去哪|上哪)(里|儿)?(能|可以|好|去)?卖(?!不卖)",
)
_SUPPLY = _rx(
    r"(我|家里|俺).{0,4}(有|种了|收了).{0,12}(要卖|想卖|出售|卖掉|出手)",
    # 我有三千斤大葱下周能卖: an offer said with 能卖 after the produce (not 能卖多少钱, 能卖吗).
    r"(我|家里|俺).{0,4}(有|种了|收了).{0,16}(能|可以)(卖|出售|出手)"
    r"(?!.{0,4}(多少|几|啥|什么|吗|么|不|哪|给谁))",
    r"(要|想)(卖|出售|出手)",
    r"出售",
    r"(帮我|帮忙).{0,3}卖",
    r"\b(i|we) (have|have got|'ve got|got)\b.{0,40}\b(to sell|for sale)\b",
    r"\b(want|like|need) to sell\b",
    r"\bsell my\b",
    r"^sell\b",  # sell 2000 jin of corn (sandbox walk: taken for the product of an alert)
)
# 俺家有五百斤地瓜, 家里有三千斤大葱, 我这有两吨苹果: an amount of one's own produce said and
# nothing asked is an offer to sell, as 我有两千斤玉米要卖 is (not 我家有三千斤大葱能卖吗,
# not 我家有五百斤地瓜烂了 — the message ends on the produce, see `_offers`).
_HAVE = re.compile(
    r"^(?:(?:我|俺|咱)(?:们)?(?:家|家里|这|这里|这儿|这边|手上|手里)?|家里)"
    r"(?:还|现在|今年|刚)?(?:有|收了|种了|存了|囤了)"
)
_HAVE_TAIL = re.compile(r"^(?:了|呢|啊|呀|哦|嘞|哈|要卖|想卖|要出|想出手)?[,，。.!！~～\s]*$")
# Greetings and thanks as farmers type them, with the particles they end on
# (你好呀, 谢谢啦, 多谢了); 吃了没 is how a village says hello.
_POLITE_TAIL = r"[!！。.?？~～,， 呀啊哈呢吗嘛啦了哦么嘞咧哟]*$"
_GREETING = _rx(
    r"^(你好|您好|你们好|大家好|老师好|师傅好|在吗|在不在|在没|在么|在嘛|有人吗|有人没|有没有人"
    r"|有人在吗|人呢|哈喽|嗨|早|早啊|早上好|上午好|中午好|下午好|晚上好|喂"
    r"|(你|您)?吃(了|过了?|饭了?|过饭了?|[早午晚]饭了?)(吗|没|没有|么|嘛)(你|您)?"
    r"|([早午晚]?饭)吃了(吗|没|没有|么|嘛)"
    r"|你好吗|最近(好吗|咋样|怎么样)|how are you( doing| today)?"
    r"|(hello|hi|hey)( there| bot| farmhub)?|good (morning|afternoon|evening)"
    r"|are you there|(is )?any ?one there)" + _POLITE_TAIL
)
_THANKS = _rx(
    r"^(谢谢|谢了|谢啦|多谢|感谢|谢谢你|谢谢您|感谢你|感谢您|太感谢|太谢谢|非常感谢|麻烦了|麻烦你|"
    r"辛苦了|辛苦你|辛苦|好的[,， ]?谢谢|好[,， ]?谢谢|知道了|晓得了|明白了|感谢感谢|谢谢谢谢"
    # 难为你了 is "thank you" in 云南 and 贵州.
    r"|难为(你|您|你们)了?|难为了"
    r"|谢谢(老师|师傅|站长|大哥|大姐|小妹|你们)"
    r"|((ok|okay|great|good)[,， ]*)?(thanks|thank (you|u)|thx|ty|cheers|many thanks)"
    r"( (a lot|so much|very much))?)" + _POLITE_TAIL
)
PEAK = "peak"  # extras key of a price question asking the dearest or cheapest day
CHART = "chart"  # extras["chart"] of a price question asking for the chart
PER_HEAD = "per_head"  # extras key: the animal whose price was asked by the head
HEADS = "heads"  # extras key of an offer of live animals: the head count said
# extras key of a head count told alone (我有20只羊): whether to sell them is asked back.
HERD_TOLD = "herd_told"
# What a head count with a selling word overrides: none of them reads it (the rest, 我的羊不卖了
# or 预约送20只羊, keep their own).
_HERD_KINDS = frozenset({Kind.knowledge, Kind.demand, Kind.supply, Kind.price, Kind.chatter})


def classify(text: str, names_station: Callable[[str], bool] | None = None) -> Intent:
    """The intent of one message, with its slots; pinyin is read as Chinese first.

    `names_station`: whether words name one known station (produce carried to it is a
    booking: 送两千斤玉米到孙家集京东), when the caller knows the stations."""
    norm = plain_words(normalise(in_characters(text)))
    # 取消卖货(登记) sounds like 小麦 (xiao mai) in its middle: a product heard in the
    # listings' own words is none, whatever the message asks (大冲 for 大葱 still is one).
    mentions = [
        m for m in lexicon().mentions(norm, "product") if not listings.in_rule_words(m, norm)
    ]
    products = tuple(dict.fromkeys(m.canonical for m in mentions))
    kind = _kind(norm, bool(products), mentions, names_station)
    # 我有20只羊要卖, 十几头猪要卖 谁收: live animals listed by the head (heads.py).
    herd = herd_for_sale(norm) if kind in _HERD_KINDS else None
    if herd is not None:
        kind, products = Kind.supply, (herd.meat,)
    head = per_head(norm)  # 羊娃子多钱一只: the meat's price, said to be per 斤 (per_head.py)
    if head is not None and kind in (Kind.price, Kind.knowledge):
        kind, products = Kind.price, (head.meat,)
    extras: dict[str, str] = {HEADS: str(herd.heads)} if herd is not None else {}
    # 我有20只羊, "I have 20 sheep": no selling said, so asked (handlers/supply.py).
    told = herd_told(norm) if herd is None and kind in _HERD_KINDS else None
    if told is not None:
        kind, products = Kind.supply, (told.meat,)
        extras = {HEADS: str(told.heads), HERD_TOLD: "1"}
    if kind is Kind.my_offers:
        extras = {"listings": listings.says_listings(norm, bool(products)) or listings.LIST}
        # 我的羊不卖了: live animals are listed as their meat (羊肉).
        if not products and extras["listings"] == listings.WITHDRAW:
            meat = listings.animal_meat(norm)
            products = (meat,) if meat is not None else ()
    if kind is Kind.alert_edit:
        extras = {"alert": alert_words.says_alert_action(norm) or alert_words.CHANGE}
    if (
        kind is Kind.demand
        and not products
        and (who := errands.station_list_asked(norm)) is not None
    ):
        extras = {"asks": "station_list", "station": who}  # 孙家集京东服务站收什么
    elif kind is Kind.demand and errands.asks_station_takes(norm):
        extras = {"asks": "station"}
        if PRICE.search(norm):
            extras[PRICE_ASKED] = "1"  # 站里收不收红薯 啥价: and its price
    if kind is Kind.station and (
        _MY_STATION.search(norm.rstrip("?？。.!！ ")) or errands.asks_our_station(norm)
    ):
        extras = {"asks": MY_STATION}
    if kind is Kind.knowledge:
        topic = chatter_topic(norm, bool(products), text)
        if topic is not None:
            kind, extras = Kind.chatter, {"topic": topic}
    if kind is Kind.price and products and CHART_WORDS.search(norm):
        extras = {CHART: "30"}
    elif kind is Kind.price and products and (highest := peak(norm)) is not None:
        extras = {PEAK: highest}
    if kind is Kind.price and head is not None:
        extras = {**extras, PER_HEAD: head.animal}
    unit = "公斤" if PER_KG.search(norm) else ("斤" if "斤" in norm else None)
    return Intent(
        kind=kind,
        text=norm,
        products=products,
        quantity=parse_quantity(norm),
        price=parse_price(norm),
        unit=unit,
        period=past_period(norm),
        extras=extras,
    )


def _kind(
    norm: str,
    has_product: bool,
    mentions: list[Mention],
    names_station: Callable[[str], bool] | None = None,
) -> Kind:
    # Order matters: "取消预约" is about bookings, not a new booking; "退订" beats
    # "订阅"; a price question that names a market is still a price question.
    if _GREETING.search(norm):
        return Kind.greeting
    if _THANKS.search(norm):
        return Kind.thanks
    # Before 退订: 大蒜提醒先别发了 pauses it (for now), it does not delete it.
    if alert_words.says_alert_action(norm):
        return Kind.alert_edit
    if _UNSUBSCRIBE.search(norm):
        return Kind.unsubscribe
    said = _SUBSCRIBE.search(norm) or alert_words.says_price_line(norm)
    if said and not ALERT_LIST.match(norm):
        return Kind.subscribe
    if _MY_BOOKINGS.search(norm):
        return Kind.my_bookings
    # After the bookings (取消预约 is theirs), before a new offer (我的大葱不卖了 is none).
    if listings.says_listings(norm, has_product):
        return Kind.my_offers
    # "pick up my package", 预约取快递: a parcel at the station (the base), no produce to collect.
    if _BOOKING.search(norm) or pickup.says_booking(norm, mentions, names_station):
        about = _ABOUT_SERVICE.search(norm) or errands.names_parcel(norm)
        return Kind.knowledge if about else Kind.booking
    if (
        _STATION.search(norm)
        or _MY_STATION.search(norm.rstrip("?？。.!！ "))
        or errands.asks_our_station(norm)
    ):
        return Kind.station
    if errands.buys_inputs(norm) or errands.buys_where(norm):
        return Kind.knowledge  # where to buy seeds (or anything) is no buyer of one's produce
    if _BUYING_TERMS.search(norm) and not _WHO_BUYS.search(norm):
        return Kind.knowledge  # 当归收购标准, 收购有啥要求: the base's entry, not the buyers
    if errands.asks_preparing(norm) and not PRICE.search(norm):
        return Kind.knowledge  # 白菜要不要去根, 带泥的收吗: how to ready it, the base's
    if (
        has_product
        and errands.asks_station_takes(norm)
        and not PRICE.search(norm)
        and not _ABOUT_SERVICE.search(norm)
    ):
        return Kind.demand  # 服务站收鸡蛋吗: the station's list answers it
    if not has_product and errands.station_list_asked(norm) is not None:
        return Kind.demand  # 孙家集京东服务站收什么: the station's whole list answers it
    if _WHERE_TO_SELL.search(norm):
        return Kind.demand
    if _SUPPLY.search(norm) and (has_product or parse_quantity(norm)):
        return Kind.supply
    if _offers(norm, mentions):
        return Kind.supply
    if errands.names_programme(norm):
        return Kind.knowledge  # 种地补贴一亩给多少钱, 农业保险在哪买: no price, no buyers
    if _DEMAND.search(norm) or (not has_product and _RISING.search(norm)):
        return Kind.demand
    if has_product and peak(norm) is not None and not FEE.search(norm):
        return Kind.price  # 土豆哪天价最高: the history answers it
    if has_product and CHART_WORDS.search(norm) and not FEE.search(norm):
        return Kind.price  # 辣椒走势, 看看土豆走势图: the chart of its price
    if has_product and asks_change(norm) and not FEE.search(norm):
        return Kind.price  # "has walnut gone up since last week": its price, the change first
    if (
        (PRICE.search(norm) or (has_product and (SOLD_AT.search(norm) or PER_UNIT.search(norm))))
        and not FEE.search(norm)
        and not INPUT_AMOUNT.search(norm)
        # Few words, or one thing named in English ("how much is 三七": no product known, the
        # price list says it has none, as for 三七多少钱).
        and (has_product or len(norm) <= 12 or _names_one_crop(norm))
    ):
        return Kind.price
    # A bare product name, or product plus market ("新发地土豆"), asks for its price.
    if has_product and is_bare_product_query(norm, mentions):
        return Kind.price
    return Kind.knowledge


def _names_one_crop(norm: str) -> bool:
    """Whether an English price question names one crop or animal no price list has: in
    characters ("how much is 三七") or in English words the glossary says are one the
    thesaurus knows as grown or raised ("ginseng price": 人参), as 三七多少钱 and 人参价格 are
    price questions (the answer: no price for it). Chinese says it in a few characters; the
    same in English is longer than the 12 that let any short question through."""
    named = english_named(norm)
    if not 0 < len(named) <= 2:
        return False
    if not any(word.isascii() for word in named):
        return len("".join(named)) <= 6  # a name, never a Chinese sentence
    chinese = to_chinese_query(" ".join(named)).split()
    subjects = thesaurus().subjects
    return bool(chinese) and all(word in subjects for word in chinese)


def asks_rising(norm: str) -> bool:
    """Whether the (normalised) text asks what is rising or sells well (最近什么好卖), not who
    buys (谁在收购): the risers then come before the buyers."""
    return bool(_RISING.search(norm) or _SELLS_WELL.search(norm))


# 最近什么好卖, 种啥赚钱: what to grow or sell, the risers answer first.
_SELLS_WELL = re.compile(r"(什么|啥|哪些|哪样|哪种).{0,4}(好卖|卖得好|值钱|赚钱|吃香)")


def _offers(norm: str, mentions: Sequence[Mention]) -> bool:
    """Whether the message says the farmer has an amount (or a vehicle-load) of a product and
    nothing more (俺家有五百斤地瓜, 俺有一车葱, 一车葱): an offer to sell."""
    if not mentions:
        return False
    last = max(mentions, key=lambda m: m.start)
    # A vehicle-load of it said (一车葱, 葱一车, 有一车大葱): produce to sell, its weight asked.
    if said_load(norm) is not None and only_a_load(norm, last.typed):
        return True
    if not _HAVE.match(norm) or (parse_quantity(norm) is None and said_load(norm) is None):
        return False
    return bool(_HAVE_TAIL.match(norm[last.start + len(last.typed) :]))


def in_characters(text: str, knowledge: Known | None = None) -> str:
    """The text with its pinyin read in characters (xihongshi jiage → 西红柿价格), else as it is.

    The rules' own words (价格, 多少钱, 预约 …) and the market names are among the words
    pinyin is read as; `knowledge` adds a knowledge base's (KnowledgeWords.current()).
    """
    return pinyin.read(text, keywords(), knowledge)


# A character class ([的啊呢]) of a rule is not a word of it.
_CLASS = re.compile(r"\[[^\]]*\]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@cache
def keywords() -> tuple[str, ...]:
    """The Chinese words of the rules (价格, 多少钱, 预约, 订阅, 取消 …) and the market names."""
    rules = [
        _UNSUBSCRIBE, _SUBSCRIBE, _MY_BOOKINGS, _BOOKING, _ABOUT_SERVICE, _STATION, _DEMAND,
        _RISING, _SUPPLY, _HAVE, PRICE, PER_UNIT, PEAK_HIGH, PEAK_LOW, SOLD_AT, FEE, CHART_WORDS,
        _GREETING, _THANKS,
        *(p for _, p in CHATTER),
        # 站里收不收鸡蛋, 大葱种子哪里买.
        *errands.RULES,
        # A booking said in one sentence (送两千斤苞谷到站里, 约个时间送西红柿).
        *pickup.RULES,
        # 我的卖货登记, 撤回登记, 我的大葱不卖了.
        *listings.RULES,
        # 大蒜提醒改成3块, 暂停大蒜提醒, 恢复大蒜提醒.
        *alert_words.RULES,
    ]  # fmt: skip
    found = {w for rule in rules for w in _CJK_RUN.findall(_CLASS.sub(" ", rule.pattern))}
    found.update(w for w in place_words() if _CJK_RUN.fullmatch(w))
    found.update(listings.SAID)
    return tuple(sorted(found))


def asks_chart(norm: str) -> bool:
    """Whether a message asks for a price chart (走势, 走势图, chart)."""
    return bool(CHART_WORDS.search(norm))

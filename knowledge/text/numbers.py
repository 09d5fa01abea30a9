"""Quantities and prices as farmers type them: 两千斤, 1.5吨, 三块五, 2元/公斤, and amounts
estimated as a range (3-5吨, 两三千斤, 4、5百斤, 3 to 5 tonnes)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import cn2an

from knowledge.text.normalise import normalise
from knowledge.text.places import PLACE_ENDINGS

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN_DIGITS}]+)"

# Weight units and their size in kilograms (1 斤 = 0.5 kg, 1 担 = 50 kg).
UNIT_KG = {
    "斤": 0.5,
    "市斤": 0.5,
    "公斤": 1.0,
    "千克": 1.0,
    "kg": 1.0,
    "吨": 1000.0,
    "t": 1000.0,
    "担": 50.0,
    # English as the bot's own English hints write them ("2000 jin", "1.5 t").
    "jin": 0.5,
    "kgs": 1.0,
    "kilos": 1.0,
    "kilo": 1.0,
    "kilograms": 1.0,
    "kilogram": 1.0,
    "tons": 1000.0,
    "ton": 1000.0,
    "tonnes": 1000.0,
    "tonne": 1000.0,
}
_UNIT_ALIASES = {
    "市斤": "斤",
    "千克": "公斤",
    "kg": "公斤",
    "t": "吨",
    "jin": "斤",
    "kgs": "公斤",
    "kilos": "公斤",
    "kilo": "公斤",
    "kilograms": "公斤",
    "kilogram": "公斤",
    "tons": "吨",
    "ton": "吨",
    "tonnes": "吨",
    "tonne": "吨",
}
_UNIT = "|".join(sorted(map(re.escape, UNIT_KG), key=len, reverse=True))
# An amount's number may end in a magnitude written in characters: 2千斤, 5百斤.
_AMOUNT_NUM = rf"(?:\d+(?:\.\d+)?[十百千]?|[{_CN_DIGITS}]+)"
_QUANTITY = re.compile(rf"({_AMOUNT_NUM})\s*(万)?\s*({_UNIT})(?![a-z])")
_HALF_QUANTITY = re.compile(rf"({_AMOUNT_NUM})?\s*(?:个)?半\s*({_UNIT})")
# A range: two amounts joined by a dash, 到, 至, 、, 或, "to", "or", "(between) and":
# 3-5吨, 三到五吨, 3吨到5吨, 4、5百斤, 2000 to 3000 jin, between 3 and 5 tonnes.
_RANGE = re.compile(
    rf"(between\s+)?(?<![\d.])({_AMOUNT_NUM})\s*(万)?\s*(?:({_UNIT})(?![a-z]))?"
    r"\s*(-|~|〜|—|–|到|至|、|或|\bto\b|\bor\b|\band\b)\s*"
    rf"({_AMOUNT_NUM})\s*(万)?\s*({_UNIT})(?![a-z])"
)
# Two neighbouring numerals say a range too: 两三千斤 (2000-3000), 三四吨, 七八百斤, 一两万斤,
# and 三五百斤 (300-500). cn2an alone reads 三四 as 34.
_ONES = "一二两三四五六七八九"
_PAIR = re.compile(
    rf"(?<![{_CN_DIGITS}\d.])([{_ONES}])([{_ONES}])([十百千]?)\s*(万)?\s*({_UNIT})(?![a-z])"
)
_ONE_VALUES = {digit: n for n, digit in enumerate("一二三四五六七八九", 1)} | {"两": 2}
_MAGNITUDES = {"十": 10, "百": 100, "千": 1000}

# An amount said loosely (knowledge.text.numbers.parse_loose): a figure then 多, 几, 余 or 来
# before the unit (一千多斤, 十几吨, 两千来斤, 1000多斤, 一万多斤), 多 after the unit (一吨多, not
# 一吨多少), and in English "1000+ jin", "over 1000 jin", "more than 1000 jin", "1000-odd jin".
_LOOSE_BEFORE = re.compile(
    rf"(?<![{_CN_DIGITS}\d.])(\d+(?:\.\d+)?[十百千万]?|[{_CN_DIGITS}]+?)\s*(多|几|余|来)"
    rf"\s*(万)?\s*({_UNIT})(?![a-z])"
)
_LOOSE_AFTER = re.compile(rf"(?<![{_CN_DIGITS}\d.])({_AMOUNT_NUM})\s*({_UNIT})(?![a-z])\s*多(?!少)")
_LOOSE_EN = re.compile(
    rf"(?:\b(?:over|more than|above)\s+)(\d+(?:\.\d+)?)\s*({_UNIT})(?![a-z])"
    rf"|(\d+(?:\.\d+)?)\s*(?:\+|-odd\b|\s+odd\b|\s+plus\b)\s*({_UNIT})(?![a-z])"
)
# Prices: "3.5元/斤", "每斤2元", "2块钱一斤", "三块五", "五毛", "两块八一公斤".
_PER = rf"(?:/|每|一|1)\s*({_UNIT})"
# The digit after 块 is tenths ("三块五" = 3.5) unless more digits follow; "八一斤"
# is 八 then 一斤.
_YUAN_DECIMAL = re.compile(
    # The digit after 块 is tenths (三块五), unless a unit follows it: 5块一公斤 is 5 yuan a 公斤.
    rf"({_NUM})\s*(?:块|元)\s*([一二两三四五六七八九\d])(?!\s*(?:{_UNIT}))(?:毛|角)?"
    rf"(?=$|[^{_CN_DIGITS}\d]|[一1]\s*(?:{_UNIT}))"
)
# 毛 and 分 after 块: 一块二毛五, 1块2毛5, 1元2角5分 (1.25), 一块零五, 2块05 (1.05, 2.05); the
# 分 digit is no amount of a unit (一块二毛五斤 is 1.2, then 五斤), but 一块二毛五一斤 is 1.25 a 斤.
_YUAN_FEN = re.compile(
    rf"({_NUM})\s*(?:块|元)\s*(?:([一二两三四五六七八九\d])\s*(?:毛|角)|[零0])\s*"
    rf"([一二两三四五六七八九\d])(?!\s*(?:{_UNIT}))分?"
    rf"(?=$|[^{_CN_DIGITS}\d]|[一1]\s*(?:{_UNIT}))"
)
_YUAN = re.compile(rf"({_NUM})\s*(?:块钱|块|元钱|元)")
# 元 or 块 after a numeral, running on into a place's ending, is a name: 三元朱村, 三块石村
# (not 三块我们村: a pronoun begins no name).
_NAME_GOES_ON = re.compile(rf"(?![我咱俺你他她这那本])[\u4e00-\u9fff]{{1,3}}?(?:{PLACE_ENDINGS})")
# 毛 may carry its 分 after it (九毛八, 9毛8 = 0.98), unless a unit follows: 五毛一斤 is 5 毛 a 斤.
_MAO = re.compile(
    rf"({_NUM})\s*(?:毛钱|毛|角)"
    rf"(?:([一二两三四五六七八九\d])(?!\s*(?:{_UNIT}))分?(?=$|[^{_CN_DIGITS}\d]|[一1]\s*(?:{_UNIT})))?"
)
_PER_UNIT = re.compile(_PER)
# English, as the bot's English replies write prices: "3 yuan", "3.5 yuan/jin", "2 yuan per kg".
_YUAN_EN = re.compile(r"(\d+(?:\.\d+)?)\s*(?:yuan|rmb|kuai)\b")
# A word before the unit is a word ("3 yuan at 新发地" is no price per t, 吨).
_PER_EN = re.compile(rf"^\s*(?:/\s*|(?:per|a|an|each)\s+)({_UNIT})(?![a-z])")
# The unit said before its price: 一公斤超过五块, 每公斤5块, 公斤价5块, 按公斤算超过5块, 论斤卖两块;
# in English "per kg price above 5 yuan", "a kilo of eggplant over 5 yuan". 一 or 1 only
# standing alone (十一斤 is an amount).
_UNIT_BEFORE = re.compile(
    rf"(?:(?<![{_CN_DIGITS}\d.])[一1]|每|/|按|论)\s*({_UNIT})(?![a-z])|({_UNIT})\s*价"
    rf"|\bper\s+({_UNIT})(?![a-z])|(?<![a-z'’])({_UNIT})\s+price"
    # "a kilo of", never "a ton of potatoes" (many).
    r"|\b(?:a|one|each)\s+(kg|kilo|kilogram|jin)\s+of\b"
)
# What may stand between such a unit and its price: a few words (超过, 低于, 算, 的价格),
# never a figure (一吨玉米要卖，价格1块2 is a load, then a price of its own).
_UNIT_GAP = 5
_UNIT_GAP_EN = 30
_CLAUSE_END = re.compile(r"[,，。;；!！?？、\n]")
_FIGURE = re.compile(rf"[\d{_CN_DIGITS}]")


@dataclass(frozen=True)
class Quantity:
    """An amount of produce: the value as typed, its unit, and kilograms."""

    value: float
    unit: str

    @property
    def kg(self) -> float:
        """The quantity in kilograms."""
        return self.value * UNIT_KG[self.unit]

    @property
    def jin(self) -> float:
        """The quantity in 斤."""
        return self.kg / UNIT_KG["斤"]


@dataclass(frozen=True)
class AmountRange:
    """An amount estimated as a range (3-5吨): the smaller and the larger figure (the same
    figure twice for one amount, see amount_asked)."""

    low: Quantity
    high: Quantity


@dataclass(frozen=True)
class LooseAmount:
    """An amount said loosely: `said` as typed (一千多斤), the figure said (`low`: 1000斤) and,
    for "more than" (多, 几, 余, over), the next round figure it stays under (`high`: 2000斤;
    十几吨: 10 to 20吨). `high` is None for "about" (两千来斤: about 2000斤)."""

    said: str
    low: Quantity
    high: Quantity | None


@dataclass(frozen=True)
class Price:
    """A price in yuan, per 斤 or per 公斤 (None when the unit was not said)."""

    yuan: float
    unit: str | None


# No farmer's amount or price comes near this; anything larger (a 400-digit
# number, "inf") is not a number we act on, and would overflow or be stored as
# infinity further on. Callers check their own, tighter ranges.
MAX_NUMBER = 1e12
# Longer tokens are refused before parsing (cn2an is slow on long numerals).
MAX_TOKEN_LENGTH = 24


def to_number(token: str) -> float | None:
    """A number written in digits or Chinese numerals (两千五 → 2500), else None.

    None too for anything that is not a finite number of at most MAX_NUMBER.
    """
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = float(token)
    except ValueError:
        try:
            value = float(cn2an.cn2an(token, "smart"))
        except (ValueError, KeyError, IndexError, OverflowError):
            return None
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        return None
    return value


def _unit(raw: str) -> str:
    return _UNIT_ALIASES.get(raw, raw)


def parse_quantity(text: str) -> Quantity | None:
    """The first weight in the text (两千斤, 1.5吨, 300公斤, 两万斤, 一吨半), else None.

    A range (3-5吨, 两三千斤) gives its larger figure: the room a load may need. Who
    books it asks which figure is meant (parse_range). An amount said loosely (一千多斤,
    十几吨, 两千来斤) gives the figure said (1000斤, 10吨, 2000斤): see parse_loose.
    """
    text = normalise(text)
    loose = _first_loose(text)
    if loose is not None and not _said_before(text, loose[0]):
        return loose[1].low
    half = _HALF_QUANTITY.search(text)
    match = _QUANTITY.search(text)
    ranged = _first_range(text)
    if ranged is not None and all(
        found is None or ranged[0] <= found.start() for found in (half, match)
    ):
        return ranged[1].high
    if half and (match is None or half.start() <= match.start()):
        whole = to_number(half.group(1)) if half.group(1) else 0.0
        if whole is not None:
            return Quantity(whole + 0.5, _unit(half.group(2)))
    if match is None:
        return None
    value = to_number(match.group(1))
    if value is None:
        return None
    if match.group(2):
        value *= 10_000
    # "一吨半": a trailing 半 after the unit adds half a unit.
    if text[match.end() : match.end() + 1] == "半":
        value += 0.5
    return Quantity(value, _unit(match.group(3)))


# A unit said alone, the answer to "500 是斤还是公斤?": 斤, 公斤的, 按斤, 是斤, 论斤算, kg, jin,
# "in kg", "it's jin". The words around the unit add nothing.
_UNIT_ANSWER = re.compile(
    rf"^(?:是|按|论|用|算|就|都|要|那|那就|就是|按照)?\s*(?:in\s+|it'?s\s+|its\s+)?({_UNIT})"
    r"(?![a-z])\s*(?:的|算|吧|啊|呀|哦|嘛|呢|了|计|的吧|算吧|算的|\.|。|!|！|\?|？)*$"
)


def unit_answer(text: str) -> str | None:
    """The unit a message says and nothing else (斤, 公斤的, 按斤, 是公斤, kg, jin), else None.

    It answers "500: 斤 or 公斤?" when the amount was typed without its unit.
    """
    found = _UNIT_ANSWER.match(normalise(text))
    return _unit(found.group(1)) if found else None


def parse_loose(text: str) -> LooseAmount | None:
    """The text's first amount when it is said loosely (一千多斤, 十几吨, 两千来斤, 一吨多,
    "1000+ jin", "over 1000 jin"), else None (an exact amount, a range, or none)."""
    text = normalise(text)
    loose = _first_loose(text)
    if loose is None or _said_before(text, loose[0]):
        return None
    return loose[1]


def _said_before(text: str, start: int) -> bool:
    """Whether an exact amount or a range comes before `start` (it is then the amount)."""
    found = [m.start() for m in (_HALF_QUANTITY.search(text), _QUANTITY.search(text)) if m]
    ranged = _first_range(text)
    if ranged is not None:
        found.append(ranged[0])
    return any(at < start for at in found)


def _first_loose(text: str) -> tuple[int, LooseAmount] | None:
    """Where the text's first loosely said amount starts, and the amount."""
    hits: list[tuple[int, LooseAmount]] = []
    for match in _LOOSE_BEFORE.finditer(text):
        number, word, wan, unit = match.groups()
        value = to_number(number)
        if value is None or value <= 0:
            continue
        value *= 10_000 if wan else 1
        # 十几 and 几十 alike: 十几吨 is 10 and some; 几 after a figure adds to its last place.
        step = _last_place(number, value) if word != "来" else None
        hits.append((match.start(), _loose(match.group(0), value, step, unit)))
        break
    after = _LOOSE_AFTER.search(text)
    if after is not None:
        value = to_number(after.group(1))
        if value is not None and value > 0:
            hits.append((after.start(), _loose(after.group(0), value, 1.0, after.group(2))))
    english = _LOOSE_EN.search(text)
    if english is not None:
        raw, unit = (
            (english.group(1), english.group(2)) if english.group(1) else english.group(3, 4)
        )
        value = to_number(raw)
        if value is not None and value > 0:
            step = _last_place(raw, value)
            hits.append((english.start(), _loose(english.group(0), value, step, unit)))
    return min(hits, key=lambda hit: hit[0]) if hits else None


def _loose(said: str, value: float, step: float | None, unit: str) -> LooseAmount:
    unit = _unit(unit)
    high = Quantity(value + step, unit) if step is not None else None
    return LooseAmount(said.strip(), Quantity(value, unit), high)


def _last_place(number: str, value: float) -> float:
    """The place the figure's last digit is in (一千 → 1000, 一千五百 → 100, 1200 → 100, 十 → 10):
    一千多 stays under 2000, 一千五百多 under 1600."""
    if number and number[-1] in "十百千万":
        return float({"十": 10, "百": 100, "千": 1000, "万": 10_000}[number[-1]])
    if value != int(value):
        return 1.0
    whole, place = int(value), 1
    while whole % (place * 10) == 0 and whole >= place * 10:
        place *= 10
    return float(place)


def parse_range(text: str) -> AmountRange | None:
    """The amount in the text when it is said as a range (3-5吨, 两三千斤, 4、5百斤), else None.

    Only the first amount counts: a range after a single amount is not this one's.
    """
    text = normalise(text)
    ranged = _first_range(text)
    if ranged is None:
        return None
    earlier = [m for m in (_HALF_QUANTITY.search(text), _QUANTITY.search(text)) if m]
    return None if any(m.start() < ranged[0] for m in earlier) else ranged[1]


def _first_range(text: str) -> tuple[int, AmountRange] | None:
    """Where the text's first range starts, and the range (both figures in their units)."""
    found = [hit for hit in (_spaced_range(m) for m in _RANGE.finditer(text)) if hit is not None][
        :1
    ]
    pair = _PAIR.search(text)
    figures = numeral_pair(pair.group(1) + pair.group(2), pair.group(3)) if pair else None
    if pair is not None and figures is not None:
        wan = 10_000 if pair.group(4) else 1
        unit = _unit(pair.group(5))
        ranged = AmountRange(
            Quantity(float(figures[0] * wan), unit), Quantity(float(figures[1] * wan), unit)
        )
        found.append((pair.start(), ranged))
    return min(found, key=lambda hit: hit[0]) if found else None


def numeral_pair(pair: str, magnitude: str = "") -> tuple[int, int] | None:
    """Two neighbouring numerals as the range they say, times the magnitude after them
    (两三 + 千 → 2000-3000, 三五 + 百 → 300-500), or None when they are no range (三七)."""
    low, high = _ONE_VALUES[pair[0]], _ONE_VALUES[pair[1]]
    if not (high == low + 1 or (low, high) == (3, 5)):
        return None
    scale = _MAGNITUDES.get(magnitude, 1)
    return low * scale, high * scale


def _spaced_range(match: re.Match[str]) -> tuple[int, AmountRange] | None:
    """A range joined by a word or a dash (see _RANGE), or None when it is not one."""
    between, low_raw, low_wan, low_unit, joint, high_raw, high_wan, high_unit = match.groups()
    if joint == "and" and not between:
        return None  # "3 and 5 tonnes" lists two loads; "between 3 and 5 tonnes" is a range
    low, high = to_number(low_raw), to_number(high_raw)
    if low is None or high is None:
        return None
    high *= 10_000 if high_wan else 1
    if low_wan:
        low *= 10_000
    elif low_unit is None:
        # 4、5百斤, 两到三千斤, 1.5-2万斤: the larger figure's magnitude is the smaller's
        # too, unless that makes it larger (800到1千斤 is 800 to 1000).
        scale = (10_000 if high_wan else 1) * _MAGNITUDES.get(high_raw[-1], 1)
        if low * scale <= high:
            low *= scale
    unit = _unit(high_unit)
    small = Quantity(low, _unit(low_unit) if low_unit else unit)
    large = Quantity(high, unit)
    if not 0 < small.kg < large.kg:
        return None  # 5-5吨, 5到3吨: not an estimate between two figures
    return match.start(), AmountRange(small, large)


def parse_price(text: str) -> Price | None:
    """The first price in the text (三块五, 2.8元/斤, 五毛一斤, 一公斤超过五块), else None."""
    text = normalise(text)
    yuan: float | None = None
    start = end = 0
    decimal = _first_price(_YUAN_DECIMAL, text)
    whole = _first_price(_YUAN, text)
    mao = _MAO.search(text)
    fen = _first_price(_YUAN_FEN, text)
    if fen and (whole is None or fen.start() <= whole.start()):
        base, tenths = to_number(fen.group(1)), to_number(fen.group(2) or "0")
        cents = to_number(fen.group(3))
        if base is not None and tenths is not None and cents is not None:
            yuan, start, end = base + tenths / 10 + cents / 100, fen.start(), fen.end()
    if yuan is None and decimal and (whole is None or decimal.start() <= whole.start()):
        base, tenth = to_number(decimal.group(1)), to_number(decimal.group(2))
        if base is not None and tenth is not None and tenth < 10:
            yuan, start, end = base + tenth / 10, decimal.start(), decimal.end()
    if yuan is None and whole:
        yuan, start, end = to_number(whole.group(1)), whole.start(), whole.end()
    if yuan is None and mao:
        tenths = to_number(mao.group(1))
        cents = to_number(mao.group(2)) if mao.group(2) else 0
        if tenths is not None and cents is not None:
            yuan, start, end = tenths / 10 + cents / 100, mao.start(), mao.end()
    if yuan is None:
        english = _YUAN_EN.search(text)
        if english is None:
            return None
        per_en = _PER_EN.search(text[english.end() :])
        unit = _unit(per_en.group(1)) if per_en else _unit_before(text[: english.start()])
        return Price(round(float(english.group(1)), 4), unit)
    per = _PER_UNIT.search(text[end : end + 6]) or _PER_UNIT.search(text[start:end])
    return Price(round(yuan, 4), _unit(per.group(1)) if per else _unit_before(text[:start]))


def _unit_before(before: str) -> str | None:
    """The unit said shortly before a price in its clause (一公斤超过五块: 公斤), else None."""
    clause = _CLAUSE_END.split(before)[-1]
    found: str | None = None
    for match in _UNIT_BEFORE.finditer(clause):
        gap = clause[match.end() :].replace(" ", "")
        english = match.group(0).isascii()
        if len(gap) <= (_UNIT_GAP_EN if english else _UNIT_GAP) and not _FIGURE.search(gap):
            found = next(g for g in match.groups() if g)
    return _unit(found) if found else None


def _first_price(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    # The first match that is not the start of a place's name (三元朱村).
    for match in pattern.finditer(text):
        said = match.group(0)
        in_name = (
            said[-1] in "元块"
            and not said[0].isdigit()
            and _NAME_GOES_ON.match(text, match.end()) is not None
        )
        if not in_name:
            return match
    return None


def per_jin(price: float, unit: str) -> float:
    """A price per 斤 from a price per `unit` (元/公斤 halves)."""
    return price * UNIT_KG["斤"] / UNIT_KG[_unit(unit)]


def per_kg(price: float, unit: str) -> float:
    """A price per 公斤 from a price per `unit`."""
    return price / UNIT_KG[_unit(unit)]


# The unit a price is per (多少钱一斤, 每公斤, 元/斤, "per kg", "a jin"): no amount the farmer has.
# 一吨 stays an amount: 一吨玉米多少钱 is worth an estimate.
_PRICE_UNIT = r"(?:市斤|公斤|千克|斤|kg|kilos?|kilograms?|jin)"
_PER_PRICE_UNIT = re.compile(
    rf"(?:(?<![{_CN_DIGITS}\d.])[一1]|每|/|按|论)\s*{_PRICE_UNIT}(?![a-z])"
    rf"|\b(?:per|a|an|each|one)\s+{_PRICE_UNIT}(?![a-z])"
)
# Longest first; 一吨半's trailing 半 goes with its amount.
_AMOUNT_PATTERNS = (
    _RANGE,
    _PAIR,
    _LOOSE_BEFORE,
    _LOOSE_AFTER,
    _LOOSE_EN,
    _HALF_QUANTITY,
    re.compile(_QUANTITY.pattern + "半?"),
)


def without_amounts(text: str) -> str:
    """The normalised `text` with every amount of produce blanked out (两千斤, 两三千斤, 3-5吨,
    一千多斤, 一吨半, 800 jin): a weight is never a place's or a product's name."""
    for pattern in _AMOUNT_PATTERNS:
        text = pattern.sub(" ", text)
    return text


def amount_asked(text: str) -> AmountRange | None:
    """The produce a price question weighs (两千斤包谷能卖多少钱, 3吨, 两三千斤), else None.

    One figure comes back as a range of that figure twice; one said loosely (一千多斤) as the
    figure said. The unit a price is per (多少钱一斤, 元/公斤) is no amount.
    """
    text = _PER_PRICE_UNIT.sub(" ", normalise(text))
    ranged = parse_range(text)
    if ranged is not None:
        return ranged
    loose = parse_loose(text)
    found = loose.low if loose is not None else parse_quantity(text)
    if found is None or found.value <= 0:
        return None
    if found.value == 1 and found.unit in ("斤", "公斤"):
        return None
    return AmountRange(found, found)

"""A farmer's words and import cells read as alert requests. Telegram-free."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import time

from bot.alerts.model import MAX_PERCENT, MAX_PRICE_JIN, MIN_PERCENT, AlertError, NearPlace
from bot.core import timeofday
from bot.markets.prices import (
    MarketInfo,
    find_place,
)
from bot.markets.said_names import word_said
from bot.models.alerts import AlertKind
from knowledge.text.intent import classify
from knowledge.text.normalise import normalise
from knowledge.text.numbers import parse_price, per_jin, to_number
from knowledge.text.times import parse_clock, without_times

# ---------------------------------------------------------------- values


def check_values(kind: AlertKind, threshold: float | None, at_time: time | None) -> None:
    """Refuse nonsense: a threshold at or below zero, an absurd price or percentage."""
    if kind in (AlertKind.above, AlertKind.below):
        if threshold is None:
            raise AlertError("price_missing")
        if threshold <= 0:
            raise AlertError("negative")
        if threshold >= MAX_PRICE_JIN:
            raise AlertError("too_high", price=f"{threshold:g}")
    elif kind is AlertKind.move:
        if threshold is None:
            raise AlertError("percent_missing")
        if not MIN_PERCENT <= threshold <= MAX_PERCENT:
            raise AlertError("percent", low=f"{MIN_PERCENT:g}", high=f"{MAX_PERCENT:g}")
    elif at_time is None:
        raise AlertError("time")


def parse_hhmm(raw: str) -> time:
    """A time written HH:MM (24-hour); AlertError("time") for anything else."""
    try:
        return timeofday.parse_hhmm(raw)
    except ValueError:
        raise AlertError("time") from None


def parse_time(text: str) -> time | None:
    """A time of day in a farmer's words (7点, 早上7点半, 18:30, "at 8 am"), else None."""
    try:
        return parse_clock(text)
    except ValueError:
        raise AlertError("time") from None


def parse_value(kind: AlertKind, raw: str, unit: str = "斤") -> tuple[float | None, time | None]:
    """An import cell: HH:MM for daily, a price per `unit` (斤, 公斤) for above/below, kept in
    元/斤, a percentage for move."""
    raw = raw.strip()
    if kind is AlertKind.daily:
        at = parse_hhmm(raw)
        return None, at
    number = raw.removesuffix("%").removesuffix("％").strip() if kind is AlertKind.move else raw
    try:
        value = float(number)
    except ValueError:
        code = "percent_missing" if kind is AlertKind.move else "price_missing"
        raise AlertError(code) from None
    if not math.isfinite(value):
        raise AlertError("price_missing")
    if kind in (AlertKind.above, AlertKind.below):
        value = round(per_jin(value, unit), 4)
    check_values(kind, value, None)
    return value, None


def read_value(
    kind: AlertKind,
    text: str,
    *,
    strict: bool = False,
    unit: str = "斤",
    default_time: time | None = None,
) -> tuple[float | None, time | None]:
    """A new value for an alert of `kind` in a farmer's words: a time (daily), a price in
    元/斤 (above, below: 公斤 converted), a percentage (move). AlertError when it is none.

    `unit`: the unit the alert speaks in (公斤 when the farmer set it so), that of a price
    said without one (改成25, 25块: 25 元/公斤 for such an alert).

    `strict` (a change said in a sentence, 大蒜提醒改成2块8): a percentage only when said as
    one (10%, 10个点) or as a bare number, so 2块8 is no 2% for a move alert. Else (the
    answer to ✏️'s "请发新的涨跌幅度") any number is the percentage.

    A time is read as a subscription reads it (`time_alone`): a part of the day said alone
    (晚上, 中午, "evening") is its digest hour, 早上 the morning `default_time`.
    """
    norm = normalise(text)
    bare = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", norm)
    if kind is AlertKind.daily:
        at = parse_time(norm) or time_alone(norm, default_time or MORNING_DIGEST)
        if at is None:
            raise AlertError("time")
        return None, at
    if kind is AlertKind.move:
        match = PERCENT.search(norm) or (bare if strict else re.search(r"(\d+(?:\.\d+)?)", norm))
        value = to_number(next((g for g in match.groups() if g), "")) if match else None
        if value is None:
            raise AlertError("percent_missing")
        check_values(AlertKind.move, value, None)
        return value, None
    if NEGATIVE.search(norm):
        raise AlertError("negative")
    if strict and PERCENT.search(norm):
        raise AlertError("price_missing")
    price = classify(norm).price
    if price is None:
        if bare is None:
            raise AlertError("price_missing")
        yuan = per_jin(float(bare.group(1)), unit)
    else:
        yuan = per_jin(price.yuan, price.unit or unit)
    check_values(kind, yuan, None)
    return round(yuan, 4), None


def value_unit(text: str, unit: str = "斤") -> str:
    """The unit a new price is said in (改成三十块一公斤: 公斤), else the alert's `unit`."""
    price = classify(normalise(text)).price
    return said_unit(price.unit if price is not None else None) or unit


def said_unit(unit: str | None) -> str | None:
    """公斤 or 斤 when a price was said per one of them (千克, kg: 公斤), else None."""
    if unit is None:
        return None
    return {0.5: "公斤", 1.0: "斤"}.get(per_jin(1.0, unit))


def is_value(text: str) -> bool:
    """Whether `text` is a new value as ✏️ asks for one: a price (3块5, 两块五), a bare number
    (2.5), a percentage (10%) or a time of day (7点半). It is the step's answer, whatever
    the knowledge base makes of it (3块5 is no question about anything)."""
    norm = normalise(text).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", norm) or PERCENT.search(norm):
        return True
    if parse_price(norm) is not None:
        return True
    try:
        return parse_time(norm) is not None or is_time_alone(norm)
    except AlertError:
        return True  # 25点: a time, refused with its reason by the step itself


def hour_chosen(text: str) -> bool:
    """Whether the time `text` gives was chosen for the farmer: a part of the day said
    without a clock (晚上: 19:00), an hour they may want to correct."""
    norm = normalise(text)
    try:
        if parse_time(norm) is not None:
            return False
    except AlertError:
        return False
    return part_of_day(norm, MORNING_DIGEST) is not None


NEGATIVE = re.compile(r"(^|[^\d])-\s*\d|负\s*[\d零一二两三四五六七八九十]")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|％|个点)|百分之\s*([零一二两三四五六七八九十百点]+)")
_ABOVE = re.compile(
    r"涨到|涨过|涨破|涨上|超过|高于|高过|以上|达到|到了|above|over"
    r"|\b(rises?|goes up|reach(es)?|exceeds?)\b"
)
_BELOW = re.compile(r"跌到|跌破|跌过|降到|掉到|掉破|低于|低过|以下|不到|below|under")
# A fall said without "below" ("potato drops to 1 yuan"), as 跌 (or 掉) in Chinese.
_FALL = re.compile(r"跌|降价|降了|掉价|掉了|便宜|\b(drops?|falls?|goes down|sinks?)\b")
# "有变化就通知我", "价格变了告诉我", "波动大了提醒我": a price move, no number said.
_MOVE = re.compile(r"变化|变动|变了|波动|浮动|涨跌|涨了|跌了|有动静|move|change")
# One direction said without a number ("蒜价跌了提醒我", "tell me when garlic drops"): the
# farmer is asked for the price, a ±5% move would also alert on a rise.
_FALLS = re.compile(
    r"跌|降价|降了|掉价|掉了|掉到|便宜|\b(drops?|falls?|go(es)? down|gets? cheaper|sinks?)\b"
)
_RISES = re.compile(r"涨|贵了|\b(rises?|go(es)? up|gets? dearer|climbs?)\b")
_BOTH_WAYS = re.compile(r"涨跌|波动|浮动|变化|变动|变了|\b(moves?|changes?)\b")
# A bare number after a line's word: "below 2.5", 跌到2.5 — not a time (8:30, 8点, 8 am),
# an amount (2 jin) nor a percentage.
_THRESHOLD_NUMBER = re.compile(
    r"(?:涨到|涨过|涨破|跌到|跌破|跌过|降到|掉到|低于|高于|低过|高过|超过"
    r"|(?<![a-z])(?:below|under|above|over|to|past|beyond))"
    r"\s*(\d+(?:\.\d+)?)(?![\d.:])(?!\s*(?:%|％|个点|点|号|天|斤|公斤|[a-z]))"
)
# The percentage a move alert watches when the farmer did not say one.
DEFAULT_MOVE_PERCENT = 5.0
_EARLY_MORNING = re.compile(r"早上|早晨|一早|清早|每天早|\b(every|each|in the) morning\b")
# The rest of the day said without a clock (每天晚上告诉我, 晚上发, "every evening").
_AFTERNOON = re.compile(r"下午|后晌|下晌|晌午后|\bafternoons?\b")
_NOON = re.compile(r"中午|晌午|\b(?:noon|midday)\b")
_EVENING = re.compile(r"晚上|傍晚|每晚|今晚|夜里|晚间|\b(?:evenings?|tonight|nights?)\b")
# "每天" / "every day": a daily digest even when the message also says 变化 / change.
_DAILY = re.compile(r"每天|\b(every|each) (day|morning|evening)\b|\bdaily\b")
MORNING_DIGEST = time(7, 0)
# The hours a part of the day said without a clock stands for (shown back, easy to change).
AFTERNOON_DIGEST = time(15, 0)
NOON_DIGEST = time(12, 0)
EVENING_DIGEST = time(19, 0)


@dataclass(frozen=True)
class Request:
    """A subscription request read from a farmer's message."""

    products: tuple[str, ...]
    kind: AlertKind
    threshold: float | None = None
    at_time: time | None = None
    place: str | None = None  # a market or region named (新发地, 山东)
    words: dict[str, str] = field(default_factory=dict)
    # False when a move alert's percentage is DEFAULT_MOVE_PERCENT, not the farmer's.
    percent_said: bool = True
    near: NearPlace | None = None  # a place named where no market quotes (潍坊, 三元朱村)
    unit: str | None = None  # the unit the price was said per (公斤), None: 斤
    # False when a daily alert's time is the default digest hour, not one the farmer said:
    # an alert of theirs for the same thing keeps its own time.
    time_said: bool = True
    # The names asked by that are not the products' own, by product (土豆: 洋芋).
    said: dict[str, str] = field(default_factory=dict)


def read_request(text: str, default_time: time, markets: Sequence[MarketInfo] = ()) -> Request:
    """What "订阅西红柿价格" / "涨到三块五提醒我" / "波动超过10%提醒我" asks for, with the
    names its products were asked by (洋芋涨到1块2: 洋芋 for 土豆).

    Raises AlertError for nonsense a farmer can fix (a negative price, 25点).
    """
    request = _read_request(text, default_time, markets)
    said = {name: word for name in request.products if (word := word_said(text, name))}
    return replace(request, said=said) if said else request


def _read_request(text: str, default_time: time, markets: Sequence[MarketInfo]) -> Request:
    intent = classify(text)
    norm = intent.text  # normalised, and pinyin read in characters (dingyue dasuan: 订阅大蒜)
    place = find_place(norm, markets)
    where = place.label if place.kind in ("market", "city") else None
    percent = PERCENT.search(norm)
    if percent is not None:
        value = to_number(percent.group(1) or percent.group(2) or "")
        if value is None:
            raise AlertError("percent_missing")
        check_values(AlertKind.move, value, None)
        return Request(intent.products, AlertKind.move, value, place=where)
    if NEGATIVE.search(norm):
        raise AlertError("negative")
    if intent.price is not None:
        yuan = per_jin(intent.price.yuan, intent.price.unit or "斤")
        below = _BELOW.search(norm) is not None or (
            _ABOVE.search(norm) is None and _FALL.search(norm) is not None
        )
        kind = AlertKind.below if below else AlertKind.above
        check_values(kind, yuan, None)
        unit = said_unit(intent.price.unit)
        return Request(intent.products, kind, round(yuan, 4), place=where, unit=unit)
    said_time = parse_time(norm)
    one_way = _one_way(norm)
    bare = _bare_threshold(norm)
    if bare is not None and said_time is None:
        below = _BELOW.search(norm) is not None or (
            _ABOVE.search(norm) is None and _FALL.search(norm) is not None
        )
        kind = AlertKind.below if below else AlertKind.above
        check_values(kind, bare, None)
        return Request(intent.products, kind, round(bare, 4), place=where)
    if said_time is None and one_way is not None and not _DAILY.search(norm):
        # No price yet: the farmer is asked for one (threshold None), per the unit they
        # named (咖啡一公斤跌了提醒我: the prices offered and the one typed are per 公斤).
        unit = said_unit(intent.unit)
        return Request(intent.products, one_way, None, place=where, percent_said=False, unit=unit)
    if said_time is None and _MOVE.search(norm) and not _DAILY.search(norm):
        return Request(
            intent.products, AlertKind.move, DEFAULT_MOVE_PERCENT, place=where, percent_said=False
        )
    # "每天早上告诉我", 每天晚上告诉我: that part of the day, whatever the default digest hour.
    said = said_time or part_of_day(norm, default_time)
    return Request(
        intent.products,
        AlertKind.daily,
        at_time=said or default_time,
        place=where,
        time_said=said is not None,
    )


def part_of_day(norm: str, default_time: time) -> time | None:
    """The digest hour of a part of the day said without a clock (早上, 中午, 下午, 晚上;
    morning, noon, afternoon, evening), else None. The morning is the default digest hour
    when that is a morning one."""
    if _EARLY_MORNING.search(norm):
        return MORNING_DIGEST if default_time.hour >= 12 else default_time
    # 晌午后 (afternoon) before 晌午 (noon).
    for said, at in (
        (_AFTERNOON, AFTERNOON_DIGEST),
        (_NOON, NOON_DIGEST),
        (_EVENING, EVENING_DIGEST),
    ):
        if said.search(norm):
            return at
    return None


# What goes with a time said on its own to set when an alert comes (改成晚上7点, 早上八点推,
# 中午12点吧, "make it 7pm"): words that add nothing to it. Anything else left over (明天,
# 来收, 开门吗) makes the message something else than a time.
_AROUND_TIME = re.compile(
    r"每天|每日|天天|改成|改到|改为|换成|换到|调成|调到|设成|设为|定在|定成|放到|放在|还是|那就|那|就"
    r"|钟|整|左右|前后|准时|都|吧|啊|呀|哦|嘛|呗|了|的|时候|再|推送|推给我|推|发给我|发我|发|送"
    r"|提醒我|提醒|告诉我|通知我|给我|行吗|可以吗|行|好吗|好|可以"
    r"|\b(?:make it|change it to|change to|set it to|move it to|send (?:it|them|me)|please"
    r"|every day|each day|every|each|daily|instead|at|in the|ok|okay|then|the|to)\b"
    r"|[\s,，。.!！?？~～、]"
)
TIME_ALONE_CHARS = 30


def time_alone(text: str, default_time: time) -> time | None:
    """The time of day a message says when it says nothing else (8点, 改成晚上7点, 晚上发,
    "make it 7pm"), else None. AlertError("time") for a time that does not exist (25点).

    Read as a new daily alert's time is (`parse_time`, a part of the day as `read_request`
    takes it), so the same words mean the same hour said in the request or right after it.
    """
    norm = normalise(text)
    if len(norm) > TIME_ALONE_CHARS:
        return None
    rest = without_times(norm)
    for part in (_EARLY_MORNING, _AFTERNOON, _NOON, _EVENING):
        rest = part.sub(" ", rest)
    if _AROUND_TIME.sub("", rest):
        return None
    return parse_time(norm) or part_of_day(norm, default_time)


def is_time_alone(text: str) -> bool:
    """Whether `text` says a time of day and nothing else (`time_alone`), one that does not
    exist (25点) included: it is refused with its reason, never taken for a question."""
    try:
        return time_alone(text, MORNING_DIGEST) is not None
    except AlertError:
        return True


def _bare_threshold(norm: str) -> float | None:
    """A number said right after a line's word, without 块 or yuan: "goes below 2.5",
    "drops to 2.5", 跌到2.5 (元/斤, as the alert's question asks)."""
    found = _THRESHOLD_NUMBER.search(norm)
    return float(found.group(1)) if found else None


# Which of a farmer's alerts their words name by its direction: 大蒜跌的那个提醒 (the fall
# alert), 涨的那个, "my garlic falling alert".
_NAMES_FALL = re.compile(r"跌|降|掉|便宜|\b(?:fall(?:s|ing)?|drop(?:s|ping)?|below|down)\b")
_NAMES_RISE = re.compile(r"涨|贵|\b(?:rise|rises|rising|above|up)\b")


def direction_named(words: str) -> AlertKind | None:
    """AlertKind.below when `words` (an alert's name, before its new value) say the falling
    one, above for the rising one, None for neither or both (涨跌)."""
    falls, rises = _NAMES_FALL.search(words) is not None, _NAMES_RISE.search(words) is not None
    if falls == rises:
        return None
    return AlertKind.below if falls else AlertKind.above


def _one_way(norm: str) -> AlertKind | None:
    # 跌了 (below) or 涨了 (above), never both nor a move said both ways (涨跌, 波动).
    if _BOTH_WAYS.search(norm):
        return None
    falls, rises = _FALLS.search(norm) is not None, _RISES.search(norm) is not None
    if falls == rises:
        return None
    return AlertKind.below if falls else AlertKind.above

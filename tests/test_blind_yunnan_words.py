"""Words of a blind user test in a 云南 county (施甸), each read as the farmer meant (unit).

(莫得用, 没得用, 冇用 after an answer are in test_not_helped.py.)
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.markets.change import Change, against_days_before, against_period
from bot.markets.history import HistoryRow, PriceHistory
from bot.markets.prices import Place, PriceAnswer, PriceRow
from handlers.render.price_change import change_said
from knowledge.kb.follow_ups import Relation, acknowledges, relation
from knowledge.text.alike import alike
from knowledge.text.intent import Kind, classify
from knowledge.text.lexicon import lexicon, pinyin_key
from knowledge.text.normalise import normalise
from knowledge.text.pickup import ke_as_qu, station_words
from knowledge.text.price_words import asks_change

# --- 1. buying seedlings, seed, fertiliser is no selling question -----------------------------


@pytest.mark.parametrize(
    "typed",
    ["哪点买咖啡苗", "哪里买核桃苗", "在哪买化肥", "哪点买洋芋种", "哪里买羊羔", "咖啡苗哪里有卖",
     "哪里买核桃", "核桃哪里买得到", "where can I buy tomato seedlings", "where can I buy tomatoes"],
)  # fmt: skip
def test_where_to_buy_is_a_question_for_the_base(typed: str) -> None:
    assert classify(typed).kind is Kind.knowledge


@pytest.mark.parametrize(
    "typed",
    ["哪里收咖啡", "哪点收洋芋", "谁要核桃", "谁买核桃", "有人买核桃吗", "哪里有人买羊羔",
     "哪点卖核桃", "在哪卖洋芋", "who buys walnuts"],
)  # fmt: skip
def test_who_buys_and_where_to_sell_stay_selling_questions(typed: str) -> None:
    assert classify(typed).kind is Kind.demand


def test_a_seedlings_trouble_is_still_a_farming_question() -> None:
    assert classify("核桃苗黄了咋办").kind is Kind.knowledge


# --- 3. praise and thanks are chatter, never joined to a forwarded question -------------------

FORWARDED = "烤烟叶子花花的皱起来咋个整"


@pytest.mark.parametrize(
    "typed",
    ["板扎", "板扎得很", "好板扎", "巴适", "巴适得板", "安逸", "好安逸哦", "得劲", "板扎，谢谢"],
)
def test_yunnan_praise_is_chatter(typed: str) -> None:
    intent = classify(typed)
    assert intent.kind is Kind.chatter and intent.extras["topic"] == "praise"
    assert relation(typed, FORWARDED).relation is Relation.new


def test_zhong_alone_stays_ok_and_nannwei_is_thanks() -> None:
    assert classify("中").extras.get("topic") == "ok"  # 河南's "ok", as before
    assert classify("难为你了").kind is Kind.thanks  # 云南's "thank you"
    for said in ("中", "难为你了", "谢谢"):
        assert relation(said, FORWARDED).relation is Relation.new
    assert acknowledges("板扎，明天我带过去")


@pytest.mark.parametrize("typed", ["安逸不", "不得劲"])
def test_asked_or_unwell_is_no_praise(typed: str) -> None:
    assert classify(typed).extras.get("topic") != "praise"


# --- 4. did it rise? ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["核桃比上个礼拜涨了莫得", "涨了没", "涨没涨", "跌了没有", "比上个礼拜涨了吗", "贵了没",
     "涨了多少", "has it gone up since last week", "did walnuts go up"],
)  # fmt: skip
def test_asking_whether_it_rose(typed: str) -> None:
    assert asks_change(normalise(typed))


@pytest.mark.parametrize(
    "typed", ["核桃多少钱", "核桃贵不贵", "核桃贵吗", "价格高不高", "walnut price"]
)
def test_a_plain_price_question_asks_no_change(typed: str) -> None:
    assert not asks_change(normalise(typed))


def test_a_rise_asked_in_english_is_a_price_question() -> None:
    intent = classify("has walnut gone up since last week")
    assert intent.kind is Kind.price and intent.products == ("核桃",)
    assert classify("土豆涨了喊我一声").kind is Kind.subscribe  # an alert, as before


LAST_WEEK = (date(2026, 6, 1), date(2026, 6, 7))
TODAY = date(2026, 6, 10)
HOME = Place("home", "", 39.9, 116.4)


def _row(
    market_id: int,
    market: str,
    price: float,
    day: date = TODAY,
    change_7d: float | None = None,
    change_since: float | None = None,
    since_days: int | None = None,
) -> PriceRow:
    return PriceRow(
        market_id, market, "", None, day, price, None, None, "斤", price, change_7d, 0,
        change_since, since_days,
    )  # fmt: skip


def _history(*rows: HistoryRow) -> PriceHistory:
    return PriceHistory("核桃", 1, "斤", HOME, "last_week", *LAST_WEEK, list(rows))


def test_against_last_week_the_nearest_market_with_a_newer_price() -> None:
    history = _history(
        HistoryRow(1, "甸阳", 3, 14.0, 13.8, 14.3), HistoryRow(2, "青阳", 3, 14.1, 13.7, 14.5)
    )
    # 甸阳 has quoted nothing since: 青阳, the next nearest that has, is compared.
    latest = PriceAnswer("核桃", 1, "斤", HOME, TODAY, [_row(1, "甸阳", 14.2, date(2026, 6, 7)),
                                                       _row(2, "青阳", 14.6)])  # fmt: skip
    change = against_period(history, latest)
    assert change is not None and (change.market, change.then, change.now) == ("青阳", 14.1, 14.6)
    assert change.direction == "up" and round(change.diff, 2) == 0.5
    assert change_said("zh", change) == (
        "📈 核桃比上周（6月1日–6月7日）涨了 0.50 元/斤（+3.5%）：青阳现在 14.60，上周平均 14.10。"
    )
    assert change_said("en", change).startswith(
        "📈 walnut is up 0.50 yuan/jin (+3.5%) compared with last week (Jun 1–Jun 7): 14.60 now at"
    )


def test_no_newer_price_says_it_cannot_compare() -> None:
    history = _history(HistoryRow(1, "甸阳", 3, 14.0, 13.8, 14.3))
    stale = PriceAnswer("核桃", 1, "斤", HOME, TODAY, [_row(1, "甸阳", 14.2, date(2026, 6, 6))])
    change = against_period(history, stale)
    assert change is not None and change.direction == "none"
    assert change_said("zh", change) == (
        "甸阳上周（6月1日–6月7日）以后还没有核桃的新报价，说不上涨了还是跌了。"
    )
    assert against_period(_history(), stale) is None  # nothing then: the card says so


def test_down_and_flat_against_days_before() -> None:
    down = PriceAnswer("核桃", 1, "斤", HOME, TODAY, [_row(1, "甸阳", 13.5, change_7d=-10.0)])
    change = against_days_before(down)
    assert change is not None and change.days_before == 7 and change.direction == "down"
    assert change_said("zh", change) == (
        "📉 核桃比7天前（6月3日）跌了 1.50 元/斤（-10.0%）：甸阳现在 13.50，那时 15.00。"
    )
    flat = Change("核桃", "甸阳", "斤", 14.0, 14.03, date(2026, 6, 3), date(2026, 6, 3),
                  days_before=7)  # fmt: skip
    assert (
        change_said("zh", flat) == "➖ 核桃比7天前（6月3日）没怎么变：甸阳现在 14.03，那时 14.00。"
    )
    # Fewer than 7 days of prices: against the earliest there is.
    young = PriceAnswer(
        "核桃", 1, "斤", HOME, TODAY, [_row(1, "甸阳", 11.0, change_since=10.0, since_days=3)]
    )
    since = against_days_before(young)
    assert since is not None and since.days_before == 3 and round(since.then, 2) == 10.0
    assert (
        against_days_before(PriceAnswer("核桃", 1, "斤", HOME, TODAY, [_row(1, "甸阳", 11)]))
        is None
    )


# --- 5. 克 is 去 before a place ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "station"),
    [("后天送五百斤洋芋克仁和", "仁和"), ("明天拉两千斤包谷克仁和镇", "仁和镇"),
     ("后天送五百斤洋芋去仁和", "仁和")],
)  # fmt: skip
def test_ke_before_a_place_is_going_there(typed: str, station: str) -> None:
    assert station_words(normalise(typed)) == station


@pytest.mark.parametrize(
    "typed", ["送500克洋芋", "五百克", "一千克", "5毫克", "巧克力", "克服困难"]
)
def test_ke_as_a_unit_or_in_a_word_stays(typed: str) -> None:
    assert ke_as_qu(typed) == typed


def test_a_ke_booking_is_a_booking() -> None:
    assert classify("后天送五百斤洋芋克仁和").kind is Kind.booking


# --- 6. "closest" only when really alike ---------------------------------------------------------


@pytest.mark.parametrize("word", ["三七", "黄芪", "天麻", "重楼", "沙棘", "尿素", "榴莲", "sanqi"])
def test_nothing_alike_is_offered_nothing(word: str) -> None:
    assert lexicon().closest_products(word) == []


@pytest.mark.parametrize(
    ("word", "meant"),
    [("西红事", "西红柿"), ("生羌", "生姜"), ("核挑", "核桃"), ("和淘", "核桃"), ("土逗", "土豆"),
     ("大蒜苔", "大蒜"), ("xihongshi", "西红柿"), ("tomatos", "西红柿"), ("walnuts", "核桃")],
)  # fmt: skip
def test_typos_still_find_their_product(word: str, meant: str) -> None:
    assert lexicon().closest_products(word)[0] == meant
    assert meant in lexicon().likely_typos(word)


def test_alike_needs_characters_or_sound() -> None:
    assert not alike("三七", "芹菜", pinyin_key)
    assert not alike("黄芪", "黄牛", pinyin_key)  # one character, unlike sound
    assert alike("生羌", "生姜", pinyin_key)  # one character, alike sound
    assert alike("和淘", "核桃", pinyin_key)  # none, the same sound

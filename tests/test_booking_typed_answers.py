"""Answers typed where the booking offers buttons, and the farmers' "my ..." words (sandbox walk).

At "500 是斤还是公斤?" a typed 斤 or 公斤的 is the answer; at the rounds 上午, 2点, 第一个 pick
one; at the stations 1 or a station's name picks it. The words that already worked (我的预约,
我登记的, 我的提醒, 退订, a booking said in one sentence) keep their meaning.
"""

from __future__ import annotations

import csv
from datetime import date, time
from pathlib import Path

import pytest

from bot.bookings.model import Refused
from bot.models.stations import StationKind
from bot.stations.catalogue import Catalog, StationInfo, is_place_name
from bot.stations.gazetteer import Place, where_i_am
from handlers import leave
from handlers.bookings import typed
from handlers.bookings.base import refused_key
from handlers.render.bookings import cancel_words, keep_words
from knowledge.text.dates import said_day
from knowledge.text.intent import ALERT_LIST, Kind, classify
from knowledge.text.listings import LIST
from knowledge.text.numbers import unit_answer
from knowledge.text.picks import LAST, picked_number, said_hours

TODAY = date(2026, 12, 4)
STATIONS = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "stations.csv"


# --- the amount step: a unit alone -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("斤", "斤"),
        ("公斤", "公斤"),
        ("公斤的", "公斤"),
        ("按斤", "斤"),
        ("是斤", "斤"),
        ("论斤算", "斤"),
        ("按公斤算吧", "公斤"),
        ("市斤", "斤"),
        ("千克", "公斤"),
        ("吨", "吨"),
        ("kg", "公斤"),
        ("KG", "公斤"),
        ("jin", "斤"),
        ("in kg", "公斤"),
        ("kilos", "公斤"),
        ("公斤？", "公斤"),
    ],
)
def test_a_unit_said_alone_is_read(text: str, unit: str) -> None:
    assert unit_answer(text) == unit


@pytest.mark.parametrize("text", ["500斤", "斤斤计较", "公斤是多少斤", "多少钱一斤", "", "好的"])
def test_more_than_a_unit_is_no_unit_answer(text: str) -> None:
    assert unit_answer(text) is None


@pytest.fixture
def base_knows_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    # As on the sample base, where 公斤的 finds the entry on 斤 and 公斤 (sandbox walk).
    monkeypatch.setattr(leave, "_base_knows", lambda text: True)


@pytest.mark.parametrize("text", ["公斤的", "按斤", "斤"])
def test_a_unit_stays_at_the_amount_step(base_knows_everything: None, text: str) -> None:
    # Elsewhere it is a question the base answers; at the amount step it is the answer.
    assert typed.is_amount_answer(text)
    assert not typed.is_amount_answer("公斤和斤怎么换算")


# --- the slot step: a round by its number, hours, part of the day or time -----------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1", 1),
        ("2", 2),
        ("第一个", 1),
        ("第1个", 1),
        ("第二", 2),
        ("一", 1),
        ("头一个", 1),
        ("选1", 1),
        ("就第二个吧", 2),
        ("(1)", 1),
        ("最后一个", LAST),
        ("first", 1),
        ("the second one", 2),
        ("2nd", 2),
        ("number 1", 1),
        ("last", LAST),
    ],
)
def test_a_pick_typed_is_read(text: str, number: int) -> None:
    assert picked_number(text) == number


@pytest.mark.parametrize("text", ["500", "2000", "8点", "两个", "一下", "21", "好的", "上午"])
def test_no_pick_in_other_words(text: str) -> None:
    assert picked_number(text) is None


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("8点到10点", (time(8), time(10))),
        ("8-10", (time(8), time(10))),
        ("08:00-10:00", (time(8), time(10))),
        ("14:00-16:00", (time(14), time(16))),
        ("2-4", (time(14), time(16))),
        ("2点到4点", (time(14), time(16))),
        ("下午2点到4点", (time(14), time(16))),
        ("上午8-10", (time(8), time(10))),
        ("8:30-10:30", (time(8, 30), time(10, 30))),
    ],
)
def test_a_rounds_hours_are_read(text: str, hours: tuple[time, time]) -> None:
    assert said_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "at", "part"),
    [
        # No one brings produce at two at night: 2点 alone is the afternoon, as "at 2" is.
        ("2点", time(14), "pm"),
        ("3点半", time(15, 30), "pm"),
        ("明天2点来收", time(14), "pm"),
        ("2:30", time(14, 30), "pm"),
        ("at 2", time(14), "pm"),
        # Said as the morning or the night, it stays there.
        ("早上8点", time(8), "am"),
        ("凌晨3点", time(3), "am"),
        ("3 am", time(3), "am"),
        ("6点", time(6), "am"),
        ("下午3点", time(15), "pm"),
    ],
)
def test_a_small_hour_without_morning_is_the_afternoon(text: str, at: time, part: str) -> None:
    said = said_day(text, TODAY)
    assert (said.at, said.part) == (at, part)


@pytest.mark.parametrize(
    "text", ["上午", "早上8点", "下午", "2点", "1", "第一个", "8点到10点", "明天", "first", "2 pm"]
)
def test_a_round_stays_at_the_slot_step(base_knows_everything: None, text: str) -> None:
    # Each was "请点上面的按钮" or left the booking for a knowledge answer (sandbox walk).
    assert typed.is_slot_answer(text)


def test_a_question_leaves_the_slot_step(base_knows_everything: None) -> None:
    assert not typed.is_slot_answer("西红柿多少钱一斤")
    assert leave.is_other_subject("西红柿多少钱一斤")


def test_a_pick_is_of_what_was_listed() -> None:
    offered = [11, 12]
    assert typed.pick(offered, 1) == 11
    assert typed.pick(offered, LAST) == 12
    assert typed.pick(offered, 3) is None
    assert typed.pick([], LAST) is None


# --- the station step: a station by its name ---------------------------------------------------


def _county() -> Catalog:
    with STATIONS.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    stations = [
        StationInfo(
            n, row["id"], row["name"], StationKind.other, float(row["lat"]), float(row["lon"]),
            "", "", time(8), time(18), False, frozenset(),
        )
        for n, row in enumerate(rows, 1)
    ]  # fmt: skip
    places = [Place("圣城街道", "", 36.88, 118.74), Place("三元朱村", "孙家集街道", 36.80, 118.66)]
    return Catalog.build(stations, places)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # The walk: read as the township 圣城街道, it moved the farmer's home.
        ("圣城街道邮政", ["圣城街道邮政便民服务站"]),
        ("古城京东", ["古城街道京东服务站"]),
        ("化龙镇邮政所", ["化龙镇邮政所"]),
        ("送到圣城街道邮政便民服务站", ["圣城街道邮政便民服务站"]),
        ("营里京东", ["营里镇京东服务站"]),
        (
            "邮政的那个站",
            ["圣城街道邮政便民服务站", "化龙镇邮政所", "上口镇邮政服务站", "羊口镇邮政服务站"],
        ),
    ],
)
def test_a_station_is_found_by_its_name(text: str, names: list[str]) -> None:
    assert [s.name for s in _county().stations_named(text)] == names


@pytest.mark.parametrize("text", ["1", "站", "服务站", "王家庄", "好的"])
def test_no_station_in_other_words(text: str) -> None:
    assert _county().stations_named(text) == []


def test_a_places_own_name_is_the_place() -> None:
    # 圣城街道 is in the station's name, but typed alone it is the township.
    county = _county()
    assert is_place_name("圣城街道", county)
    assert not is_place_name("圣城街道邮政", county)


# --- cancelling: the booking's own words, a move's, a state said --------------------------------


@pytest.mark.parametrize("text", ["不约了", "算了", "不卖了", "不改了", "不用改了", "返回"])
def test_the_bookings_own_words_never_leave_it(base_knows_everything: None, text: str) -> None:
    # 不约了 put the booking aside, then "nothing to cancel" answered too (sandbox walk).
    assert typed.is_nav(text)


def test_not_changing_is_a_way_out_of_a_move() -> None:
    assert keep_words() <= cancel_words()


@pytest.mark.parametrize(
    ("status", "key"),
    [
        ("cancelled", "bookings.refused.state.cancelled"),
        ("collected", "bookings.refused.state.collected"),
        ("no_show", "bookings.refused.state.no_show"),
        ("booked", "bookings.refused.bad_state"),
    ],
)
def test_a_refused_change_says_the_bookings_state(status: str, key: str) -> None:
    assert refused_key(Refused("bad_state", status=status)) == key
    assert refused_key(Refused("full")) == "bookings.refused.full"


# --- "my ..." in farmers' words -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # The walk's misreadings.
        ("俺的预约", Kind.my_bookings),
        ("我卖的货", Kind.my_offers),
        ("把我的提醒都停了吧", Kind.unsubscribe),
        # Said other ways.
        ("咱家的预约", Kind.my_bookings),
        ("我约的", Kind.my_bookings),
        ("俺预约的那个", Kind.my_bookings),
        ("俺要卖的东西", Kind.my_offers),
        ("提醒全关了", Kind.unsubscribe),
        ("把订阅都取消掉", Kind.unsubscribe),
        # What already worked keeps working.
        ("我的预约", Kind.my_bookings),
        ("查预约", Kind.my_bookings),
        ("取消预约", Kind.my_bookings),
        ("我登记的", Kind.my_offers),
        ("我的卖货登记", Kind.my_offers),
        ("退订", Kind.unsubscribe),
        ("退订西红柿", Kind.unsubscribe),
        ("预约收货", Kind.booking),
        ("我想预约", Kind.booking),
        ("我想后天上午送两千斤苞谷到站里", Kind.booking),
        ("我要卖洋芋", Kind.supply),
        ("订阅西红柿价格", Kind.subscribe),
        ("西红柿涨了提醒我", Kind.subscribe),
        # Not the lists: a question about what one sells, a reminder asked for.
        ("我卖的货啥时候有人收", Kind.demand),
        ("提醒我把水停了", Kind.subscribe),
    ],
)
def test_my_words_are_read(text: str, kind: Kind) -> None:
    assert classify(text).kind is kind


def test_my_goods_list_the_listings() -> None:
    assert classify("我卖的货").extras["listings"] == LIST


@pytest.mark.parametrize("text", ["我订的提醒", "俺的提醒", "我订阅的", "我的价格提醒", "我的提醒"])
def test_my_alerts_are_the_list(text: str) -> None:
    # 我订的提醒 answered how to subscribe (sandbox walk); the list is what was asked.
    assert ALERT_LIST.match(classify(text).text)
    assert classify(text).kind is not Kind.subscribe


@pytest.mark.parametrize("text", ["订阅西红柿价格", "我想订提醒", "西红柿涨了提醒我"])
def test_a_subscription_is_no_list(text: str) -> None:
    assert not ALERT_LIST.match(classify(text).text)


def test_asking_for_my_alerts_leaves_a_conversation(base_knows_everything: None) -> None:
    assert leave.is_other_subject("我订的提醒")


# --- a place said out of the blue ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("我在王家庄", "王家庄"),
        ("俺家在三元朱村", "三元朱村"),
        ("我是稻田镇的", "稻田镇"),
        ("我们在王家庄村", "王家庄村"),
        ("我住王家庄", "王家庄"),
    ],
)
def test_where_i_am_names_the_place(text: str, place: str) -> None:
    assert where_i_am(text) == place


@pytest.mark.parametrize("text", ["王家庄", "我想问问", "你在哪"])
def test_no_place_said_as_where_i_am(text: str) -> None:
    assert where_i_am(text) is None

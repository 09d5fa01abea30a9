"""A place asked about is not where the farmer lives (blind test, 云南施甸: 姚关镇有服务站没有
moved the home to 姚关), and a name found once is not "有好几个「姚关有服务站莫得」" with one
button: the place's word in a sentence, and a station's served village that is a township of
the gazetteer said without its ending."""

from __future__ import annotations

from datetime import time

import pytest

from bot.models.stations import StationKind
from bot.stations.catalogue import Catalog, StationInfo
from bot.stations.gazetteer import Place, says_home
from handlers.render.stations import PlaceChoice
from handlers.stations import only_choice

YAOGUAN = Place("姚关镇", "", 24.605, 99.152, 2)
SHANYI = Place("山邑村", "姚关镇", 24.62, 99.14, 7)
WANG_A = Place("王家村", "甸阳镇", 24.70, 99.18, 8)
WANG_B = Place("王家村", "仁和镇", 24.80, 99.11, 9)


def _station(villages: tuple[str, ...]) -> StationInfo:
    return StationInfo(
        id=1, external_id="SD02", name="姚关镇村淘服务站", kind=StationKind.other,
        lat=24.605, lon=99.152, address="施甸县姚关镇姚关街23号", phone="",
        open_from=time(8), open_to=time(18), cold_storage=False,
        products=frozenset({"核桃"}), villages=villages,
    )  # fmt: skip


CAT = Catalog.build([_station(("姚关", "山邑", "清平"))], [YAOGUAN, SHANYI, WANG_A, WANG_B])


@pytest.mark.parametrize("text", ["姚关有服务站莫得", "我在姚关", "姚关", "姚关镇有服务站没有"])
def test_a_township_a_station_serves_by_its_core_name_is_one_place(text: str) -> None:
    match = CAT.find_place(text)
    assert match.place == YAOGUAN and not match.choices


def test_a_served_village_the_gazetteer_lacks_is_still_a_place() -> None:
    # 清平 is in no file but the station's: found, at the station.
    match = CAT.find_place("清平有服务站吗")
    assert match.place is not None and match.place.name == "清平" and match.place.id is None
    assert match.said == "清平"


def test_several_same_named_places_are_asked_by_the_name_said() -> None:
    match = CAT.find_place("王家村有服务站莫得")
    assert match.place is None and set(match.choices) == {WANG_A, WANG_B}
    assert match.said == "王家村"  # "which 王家村?", not the whole sentence


def test_one_choice_with_a_button_is_taken() -> None:
    from bot.stations.gazetteer import PlaceMatch

    served = Place("姚关", "", 24.605, 99.152)  # a station's village: no button
    assert only_choice(PlaceMatch(None, choices=(served, YAOGUAN))) == YAOGUAN
    assert only_choice(PlaceMatch(None, choices=(WANG_A, WANG_B))) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我在姚关", "姚关"),
        ("我家在姚关", "姚关"),
        ("我是姚关的", "姚关"),
        ("我家住在姚关镇，有服务站吗", "姚关镇"),
        ("俺在姚关镇", "姚关"),  # the name found with or without its ending
        ("我在姚关镇", "姚关"),
        ("I live in Yaoguan town, where is the station", None),
        ("my village is Daotian", None),
    ],
)
def test_saying_where_one_lives(text: str, name: str | None) -> None:
    assert says_home(text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("姚关有服务站莫得", "姚关"),
        ("姚关镇有服务站没有", "姚关镇"),
        ("姚关有服务站吗", "姚关"),
        ("哪里有站", None),
        ("我是想问姚关有没有服务站", "姚关"),  # 我是 … a question, not where one lives
        ("我在找姚关的服务站", "姚关"),
        ("is there a station in Yaoguan", None),
    ],
)
def test_asking_about_a_place_is_not_saying_one_lives_there(text: str, name: str | None) -> None:
    assert not says_home(text, name)


def test_a_choice_under_a_question_says_so_and_old_buttons_still_parse() -> None:
    assert PlaceChoice(5, 1).encode() == "st:pl:5:1"
    assert PlaceChoice.parse("st:pl:5") == PlaceChoice(5, 0)
    assert PlaceChoice.parse("st:pl:5:1") == PlaceChoice(5, 1)

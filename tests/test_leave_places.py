"""A place typed where a conversation asked for one is the answer, not another subject."""

from __future__ import annotations

import pytest

from bot.stations.catalogue import Catalog, is_place_name, looks_like_place
from bot.stations.gazetteer import Place, said_name
from handlers import leave


@pytest.fixture
def base_knows_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    # As on the sample base, where 稻田 finds the rice-planting entry.
    monkeypatch.setattr(leave, "_base_knows", lambda text: True)


@pytest.mark.parametrize("typed", ["稻田镇", "东关村", "王家庄", "dongguancun"])
def test_a_village_or_township_stays_in_the_conversation(
    base_knows_everything: None, typed: str
) -> None:
    # 稻田镇, typed at the booking's place step, left the booking for a rice answer (sandbox walk).
    assert not leave.is_other_subject(typed)


@pytest.mark.parametrize("typed", ["羊拉稀好几天了", "稻田镇的西红柿多少钱", "稻子叶子发黄"])
def test_a_question_still_leaves(base_knows_everything: None, typed: str) -> None:
    assert leave.is_other_subject(typed)


def _county() -> Catalog:
    # 稻田镇 and 古城 (a served village named without its ending), as in the sample county.
    places = [Place("稻田镇", "", 36.78, 118.86), Place("王家庄村", "稻田镇", 36.79, 118.85)]
    return Catalog.build([], places)


@pytest.mark.parametrize("typed", ["稻田", "稻田镇", "王家庄", "稻田。"])
def test_a_known_place_without_its_ending_stays_at_a_place_step(
    base_knows_everything: None, typed: str
) -> None:
    # 稻田 at the booking's "打您的村名、镇名" left the booking for rice paddies (sandbox walk).
    assert not leave.is_other_subject(typed, places=_county())


def test_a_known_place_without_its_ending_leaves_at_other_steps(
    base_knows_everything: None,
) -> None:
    # Only a step that asks for a place reads 稻田 as one; elsewhere it is about rice.
    assert leave.is_other_subject("稻田")


@pytest.mark.parametrize("typed", ["稻田镇怎么走", "稻田怎么灌水", "稻田里的草怎么除"])
def test_a_question_naming_a_place_leaves_a_place_step(
    base_knows_everything: None, typed: str
) -> None:
    assert leave.is_other_subject(typed, places=_county())


def test_one_place_name_check() -> None:
    county = _county()
    assert is_place_name("稻田", county) and is_place_name(" 稻田镇。", county)
    assert is_place_name("东关村", None)  # an ending makes it a place, known or not
    assert not is_place_name("稻田", None) and not is_place_name("水稻", county)
    assert not is_place_name("", county)


@pytest.mark.parametrize("typed", ["明天", "后天上午", "12月9号", "周三", "mingtian"])
def test_a_day_named_is_a_day_steps_answer(base_knows_everything: None, typed: str) -> None:
    # 明天 at 改时间's day step left the move for the base's entries on bookings (sandbox walk).
    assert leave.is_day_answer(typed)


@pytest.mark.parametrize("typed", ["明天会下雨吗", "后天西红柿什么价", "稻田"])
def test_a_question_with_a_day_is_not(base_knows_everything: None, typed: str) -> None:
    assert not leave.is_day_answer(typed)


@pytest.mark.parametrize("typed", ["稻田吧", "稻田镇啊", "王家庄吧。", "东关村呀"])
def test_a_place_said_with_a_particle_is_the_place(typed: str) -> None:
    # 侯镇吧, typed where a station's place was asked, was not understood (blind test).
    assert is_place_name(typed, _county())
    assert looks_like_place(typed, _county())


@pytest.mark.parametrize("typed", ["稻田吗", "吧", "水稻吧"])
def test_a_question_or_a_particle_alone_is_no_place(typed: str) -> None:
    assert not is_place_name(typed, _county())


def test_said_name_keeps_what_is_left_of_a_short_name() -> None:
    assert said_name("侯镇吧！") == "侯镇"
    assert said_name("好吧") == "好吧"  # one character left is no name: kept as typed

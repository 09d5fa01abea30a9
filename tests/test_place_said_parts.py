"""俺是伦河镇前进村的: a township + village said together is found by the part the county's
villages file knows, and the answer says which part it went by (blind tester, 东北)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.stations.finder import find_said_place
from bot.stations.gazetteer import SaidPart, VillageRecord, known_part, store_villages, where_i_am

# A Heilongjiang county's own villages, as an admin imports them (not the sample's).
VILLAGES = [
    VillageRecord("伦河镇", "", 48.05, 126.20),
    VillageRecord("前进村", "伦河镇", 48.08, 126.25),
    VillageRecord("前进村", "通江镇", 48.30, 126.40),
    VillageRecord("红星村", "通江镇", 48.31, 126.41),
    VillageRecord("胜利村", "永安乡", 48.20, 126.10),
]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("俺是伦河镇前进村的", "伦河镇前进村"),
        ("我是伦河镇前进村的", "伦河镇前进村"),
        ("俺家在伦河镇前进村", "伦河镇前进村"),
        ("我家住通江镇红星村", "通江镇红星村"),
        ("俺是永安乡胜利村人", "永安乡胜利村"),
    ],
)
def test_where_i_am_reads_a_township_and_village(text: str, said: str) -> None:
    assert where_i_am(text) == said


def test_the_known_part_is_the_village_else_the_township() -> None:
    known = {"伦河镇", "前进村", "红星村"}.__contains__
    assert known_part("伦河镇前进村", known) == SaidPart("前进村", "", "伦河镇")
    assert known_part("永安乡红星村", known) == SaidPart("红星村", "永安乡", "永安乡")
    assert known_part("伦河镇新发村", known) == SaidPart("伦河镇", "新发村")
    assert known_part("永安乡新发村", known) is None  # neither is known: no place
    assert known_part("前进村", known) == SaidPart("前进村")


async def _places(db: str) -> None:
    async with session_scope() as session:
        await store_villages(session, VILLAGES)


async def test_the_village_of_the_township_said(db: str) -> None:
    await _places(db)
    async with session_scope() as session:
        # Two 前进村: the township said chooses.
        match, unknown = await find_said_place(session, "伦河镇前进村")
        assert match.place is not None and match.place.label == "前进村（伦河镇）"
        assert unknown == ""
        match, unknown = await find_said_place(session, "通江镇前进村")
        assert match.place is not None and match.place.town == "通江镇"
        # 胜利村's township has no row of its own: it is known by its village.
        match, unknown = await find_said_place(session, "永安乡胜利村")
        assert match.place is not None and match.place.name == "胜利村" and unknown == ""


async def test_one_part_known_is_gone_by_and_the_other_named(db: str) -> None:
    await _places(db)
    async with session_scope() as session:
        match, unknown = await find_said_place(session, "伦河镇新发村")  # village unknown
        assert match.place is not None and match.place.name == "伦河镇" and unknown == "新发村"
        match, unknown = await find_said_place(session, "双河镇红星村")  # township unknown
        assert match.place is not None and match.place.name == "红星村" and unknown == "双河镇"
        # A known township without that village: the township, not another's village.
        match, unknown = await find_said_place(session, "伦河镇红星村")
        assert match.place is not None and match.place.name == "伦河镇" and unknown == "红星村"

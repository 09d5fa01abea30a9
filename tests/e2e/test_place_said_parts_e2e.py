"""A farmer saying township + village (俺是伦河镇前进村的) is answered with the stations near
the place the county's villages file knows, and told which part was not found (blind tester:
it was 「这个问题我暂时答不上来」)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.imports import ImportOptions, import_table
from bot.imports.table import Row, Table
from bot.models.users import User
from bot.sandbox.harness import Harness
from handlers.stations import warm_up
from tests.e2e.county import load_county, today

pytestmark = pytest.mark.e2e


async def _import_villages(rows: list[tuple[str, str]]) -> None:
    # As an admin imports the county's own file: through the same importer.
    table = Table(
        ["name", "town", "lat", "lon"],
        [
            Row(i + 2, {"name": name, "town": town, "lat": "36.80", "lon": "118.80"})
            for i, (name, town) in enumerate(rows)
        ],
    )
    result = await import_table("villages", table, ImportOptions(today=today()))
    assert result.added == len(rows) and not result.errors


async def _farmer(harness: Harness, lang: str):  # type: ignore[no-untyped-def]
    await load_county(harness)
    await _import_villages([("前进村", "伦河镇"), ("红星村", "通江镇")])
    await warm_up()
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 10001).values(language=lang))
    return farmer


@pytest.mark.parametrize("text", ["俺是伦河镇前进村的", "我家住伦河镇前进村", "俺家在伦河镇前进村"])
async def test_township_and_village_both_known(harness: Harness, text: str) -> None:
    farmer = await _farmer(harness, "zh")
    reply = (await farmer.send(text))[0].text or ""
    assert not reply.startswith(t("zh", "kb.declined")[:8])
    assert "前进村（伦河镇）" in reply and "没找到" not in reply


async def test_only_the_village_known_says_so(harness: Harness) -> None:
    farmer = await _farmer(harness, "zh")
    reply = (await farmer.send("我是双河镇红星村的"))[0].text or ""
    assert reply.startswith("没找到「双河镇」，先按「红星村」找的")
    assert "红星村（通江镇）" in reply


async def test_only_the_township_known_says_so(harness: Harness) -> None:
    farmer = await _farmer(harness, "zh")
    reply = (await farmer.send("俺是稻田镇新发村的"))[0].text or ""
    assert reply.startswith("没找到「新发村」，先按「稻田镇」找的")


async def test_neither_part_known_is_no_place(harness: Harness) -> None:
    farmer = await _farmer(harness, "zh")
    reply = (await farmer.send("俺是双河镇新发村的"))[0].text or ""
    assert "最近的服务站" not in reply

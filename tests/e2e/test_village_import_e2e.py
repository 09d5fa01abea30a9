"""A village imported from the command line while the bot runs is found at once (sandbox walk).

`farmhub villages import` runs in its own process: the bot's place catalogue, which the
message filters read without waiting for the database, was the one built before it, so a
farmer typing the new village was told 答不上来 until the bot restarted.
"""

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


async def _import_village(name: str) -> None:
    # As the command line imports it: its own unit of work, through the same importer.
    cells = {"name": name, "town": "稻田镇", "lat": "36.81", "lon": "118.81"}
    table = Table(["name", "town", "lat", "lon"], [Row(2, cells)])
    result = await import_table("villages", table, ImportOptions(today=today()))
    assert result.added == 1 and not result.errors


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_village_imported_while_the_bot_runs_is_found(harness: Harness, lang: str) -> None:
    await load_county(harness)
    await warm_up()  # as at start-up, on the county's villages
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 10001).values(language=lang))
    # The catalogue is built and in use before the import.
    known = (await farmer.send("东关村"))[0].text or ""
    assert "东关村" in known
    await _import_village("柳树湾村")
    found = await farmer.send("柳树湾村")
    text = found[0].text or ""
    assert not text.startswith(t(lang, "kb.declined")[:8]) and "柳树湾村" in text
    assert "稻田镇" in text or "Daotian" in text

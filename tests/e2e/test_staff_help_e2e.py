"""The staff's /help says /pickups takes a day (/pickups 明天, /pickups 周五), in zh and en,
and the day it names there is one /pickups understands."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("lang", "examples", "not_said"),
    [
        ("zh", ["/pickups 明天", "/pickups 周五"], "今天的预约收货\n"),
        ("en", ["/pickups tomorrow", "/pickups Friday"], "today's pickups\n"),
    ],
)
async def test_help_says_pickups_takes_a_day(
    harness: Harness, lang: str, examples: list[str], not_said: str
) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 20001).values(language=lang))
    help_text = (await staff.send("/help")).last.text or ""
    for example in examples:
        assert example in help_text
        # What the help offers works: the day's list, not "which day is that?".
        listed = (await staff.send(example)).last.text or ""
        assert listed.startswith("🏪") or "没有收货时段" in listed or "No collection" in listed
    assert not_said not in help_text

"""我的服务站是哪个 / "which is my station": the usual (⭐) station, or how to pick one."""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from bot.sandbox.harness import Harness
from tests.e2e.county import SANJIA, load_county

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("lang", "asked"),
    [("zh", "我的服务站是哪个"), ("zh", "我是哪个站的"), ("en", "which is my station")],
)
async def test_my_station_is_named_with_its_hours_and_how_to_change(
    harness: Harness, lang: str, asked: str
) -> None:
    # Sandbox walk: answered 答不上来 (or "send your location") instead of the station.
    await load_county(harness)
    farmer = harness.user(10001, "张大爷", language_code=lang)
    # No station yet: how to pick one, and the place is waited for.
    none = await farmer.send(asked)
    assert none.last.text == t(lang, "stations.mine_none")
    await farmer.share_location(*SANJIA)  # the nearest becomes the usual station
    mine = await farmer.send(asked)
    text = mine[0].text or ""
    assert text.startswith("⭐")
    assert "三元朱村蔬菜合作社" in text and "06:30-17:00" in text and "0536-5000105" in text
    assert text.endswith(t(lang, "stations.mine_change"))
    assert any("三元朱村蔬菜合作社" in b for b in mine[0].buttons)  # book there
    assert mine.last.kind == "location"


async def test_my_station_after_picking_another(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    await farmer.press("📍 孙家集京东服务站")  # picked on the list: now theirs
    mine = await farmer.send("俺的服务站在哪")
    assert "孙家集京东服务站" in (mine[0].text or "")
    assert "三元朱村蔬菜合作社" not in (mine[0].text or "")

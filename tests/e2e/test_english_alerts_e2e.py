"""English mode: alerts, station search and misspelt products in English (issue 13)."""

from __future__ import annotations

import re

import pytest

from bot.core.db import session_scope
from bot.sandbox.harness import Harness
from bot.users import get_user
from tests.e2e.county import SANJIA, load_county
from tests.e2e.test_english_e2e import english

pytestmark = pytest.mark.e2e

__all__ = ["english"]


async def test_english_alert_requests_are_understood(english: Harness) -> None:
    farmer = english.user(10001, "张大爷")
    above = await farmer.send("tell me when tomatoes go above 3 yuan")
    assert above.last.text.startswith("✅ Done! tomato")
    assert "alert when it reaches 3.00 yuan/jin or more" in above.last.text
    below = await farmer.send("alert me if potato drops below 1 yuan")
    assert "potato" in below.last.text
    assert "alert when it falls to 1.00 yuan/jin or less" in below.last.text
    move = await farmer.send("tell me when the potato price changes")
    assert "alert when it moves more than 5% in a day" in move.last.text
    daily = await farmer.send("send me tomato prices every morning")
    assert "today's prices every day at 07:00" in daily.last.text
    listed = await farmer.send("/alerts")
    assert listed.last.text.startswith("🔔 Your price alerts (4):")


async def test_the_english_alert_examples_work_as_written(english: Harness) -> None:
    farmer = english.user(10001, "张大爷")
    how_to = await farmer.send("🔔 Price alerts")
    lines = how_to.last.text.splitlines()
    examples = [line.removeprefix("• ") for line in lines if line.startswith("• ")]
    assert len(examples) == 4
    assert not re.search(r"[\u3400-\u9fff]", how_to.last.text)
    for example in examples:
        replies = await farmer.send(example)
        assert replies.last.text.startswith("✅ Done!"), (example, replies.last.text)


@pytest.mark.parametrize("question", ["nearest station", "where is the nearest service station"])
async def test_an_english_station_search(english: Harness, question: str) -> None:
    await load_county(english)
    async with session_scope() as session:
        user = await get_user(session, 10001)
        assert user is not None
        user.home_lat, user.home_lon = SANJIA
    farmer = english.user(10001, "张大爷")
    found = await farmer.send(question)
    assert found[0].text.startswith("Stations nearest to")
    assert "三元朱村蔬菜合作社" in found[0].text


async def test_english_place_labels_have_ascii_brackets(english: Harness) -> None:
    await load_county(english)
    farmer = english.user(10001, "张大爷")
    found = await farmer.send("三元朱村附近的服务站")
    assert found[0].text.startswith(
        "Stations nearest to 三元朱村 (Sanyuanzhu Cun), 孙家集街道 (Sunjiaji Jiedao):"
    )
    assert "（" not in found[0].text and "）" not in found[0].text
    which = await farmer.send("王家庄村附近的服务站")
    assert sorted(which.last.buttons) == ["王家庄村 (田柳镇)", "王家庄村 (稻田镇)"]
    chosen = await farmer.press("王家庄村 (稻田镇)")
    assert chosen[0].text.startswith("Stations nearest to 王家庄村 (Wangjiazhuang Cun), 稻田镇")


@pytest.mark.parametrize(
    ("typed", "label"),
    [("tomatoe", "tomato"), ("tomatos", "tomato"), ("potatoe", "potato"), ("potatoes", "potato")],
)
async def test_a_misspelt_english_product_gets_its_price(
    english: Harness, typed: str, label: str
) -> None:
    farmer = english.user(10001, "张大爷")
    replies = await farmer.send(typed)
    assert replies.last.text.startswith(f"💰 {label}")

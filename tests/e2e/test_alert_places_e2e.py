"""An alert for a place no market quotes in (潍坊), a village of the county's gazetteer
(三元朱村), or a place found nowhere (火星村): through the local Bot API server."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.core.db import session_scope
from bot.markets.prices import local_today
from bot.models.alerts import AlertSubscription
from bot.sandbox.harness import Harness
from bot.stations.gazetteer import VillageRecord, store_villages
from bot.users import Visitor, touch
from tests.e2e.test_english_e2e import english
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

__all__ = ["english"]

SANYUANZHU = VillageRecord("三元朱村", "孙家集街道", 36.8051, 118.6641)


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Three markets (新发地, 江桥, 哈达), the gazetteer's 三元朱村, and 张大爷 with no home."""
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))
        await store_villages(session, [SANYUANZHU])
        await touch(session, Visitor(10001, "张大爷"))
    return harness


async def subscriptions() -> int:
    async with session_scope() as session:
        return await session.scalar(select(func.count()).select_from(AlertSubscription)) or 0


async def test_an_alert_names_the_markets_it_watches_for_a_place_without_one(
    county: Harness,
) -> None:
    farmer = county.user(10001, "张大爷")
    weifang = (await farmer.send("潍坊西红柿跌到2块提醒我")).last.text or ""
    assert weifang.startswith("✅ 订好了！西红柿（潍坊附近的市场）：跌到 2.00 元/斤 以下时提醒")
    assert "📍 潍坊没有报价的批发市场，西红柿的提醒看离潍坊最近的市场：新发地（约 4" in weifang
    assert weifang.index("新发地（约") < weifang.index("江桥（约") < weifang.index("哈达（约")
    # The place narrows it: no "share your location, or it watches all of China".
    assert "您还没发位置" not in weifang
    village = (await farmer.send("三元朱村西红柿涨到5块提醒我")).last.text or ""
    assert village.startswith("✅ 订好了！西红柿（三元朱村附近的市场）：涨到 5.00 元/斤 以上时提醒")
    assert (
        "📍 三元朱村没有报价的批发市场，西红柿的提醒看离三元朱村最近的市场：新发地（约" in village
    )
    # No product said: which one? (三元朱村 is the place, not an unknown product.)
    which = (await farmer.send("三元朱村 跌到1块提醒我")).last.text or ""
    assert which.startswith("您想订阅哪个产品的价格？")
    potato = (await farmer.send("土豆")).last.text or ""
    assert potato.startswith("✅ 订好了！土豆（三元朱村附近的市场）：跌到 1.00 元/斤 以下时提醒")
    listed = (await farmer.send("/alerts")).last.text or ""
    assert "西红柿（潍坊附近的市场）" in listed and "西红柿（三元朱村附近的市场）" in listed


async def test_a_place_found_nowhere_is_asked_about_not_replaced(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    asked = (await farmer.send("火星村土豆跌到1块提醒我")).last
    assert (asked.text or "").startswith("🤔 没找到「火星村」这个地方，提醒还没订。您说的是哪里？")
    assert asked.buttons == ["🔔 土豆：看全国各地市场"]
    assert await subscriptions() == 0
    # Another place found nowhere is named back too, and still asked about.
    again = (await farmer.send("水星村")).last.text or ""
    assert again.startswith("🤔 没找到「水星村」这个地方")
    done = (await farmer.send("潍坊")).last.text or ""
    assert done.startswith("✅ 订好了！土豆（潍坊附近的市场）：跌到 1.00 元/斤 以下时提醒")
    assert "土豆的提醒看离潍坊最近的市场：新发地（约 4" in done
    # Or the button: home's markets (all of China without a home), said so.
    asked = (await farmer.send("火星村西红柿涨到4块提醒我")).last
    pressed = (await farmer.press(asked.buttons[0])).last.text or ""
    assert pressed.startswith("✅ 订好了！西红柿（全国各地市场）：涨到 4.00 元/斤 以上时提醒")
    assert await subscriptions() == 2


async def test_a_village_typed_as_the_answer_is_the_alerts_place(county: Harness) -> None:
    # The station search takes a village said out of the blue (王家庄); asked "您说的是哪里？"
    # the village is the alert's place, not a station search (the last walk's bug).
    farmer = county.user(10001, "张大爷")
    await farmer.send("火星村大蒜跌到3块提醒我")
    done = (await farmer.send("三元朱村")).last.text or ""
    assert done.startswith("✅ 订好了！大蒜（三元朱村附近的市场）：跌到 3.00 元/斤 以下时提醒"), (
        done
    )
    assert await subscriptions() == 1
    # Out of the blue, the same village is still a station search (none near, in this county).
    assert "服务站" in ((await farmer.send("三元朱村")).last.text or "")
    assert await subscriptions() == 1


async def test_english_alerts_for_a_place_and_a_village(english: Harness) -> None:
    async with session_scope() as session:
        await store_villages(session, [SANYUANZHU])
    farmer = english.user(10001, "张大爷")
    weifang = (await farmer.send("tell me when tomatoes drop below 2 yuan in Weifang")).last.text
    assert (weifang or "").startswith(
        "✅ Done! tomato (markets near 潍坊 (Weifang)): alert when it falls to 2.00 yuan/jin"
    )
    assert (
        "📍 No wholesale market quotes prices in 潍坊 (Weifang); the tomato alert watches the "
        "markets nearest to 潍坊 (Weifang): 新发地 (Xinfadi) (about 4"
    ) in (weifang or "")
    village = (await farmer.send("tell me when tomatoes go above 5 yuan at 三元朱村")).last.text
    assert (village or "").startswith(
        "✅ Done! tomato (markets near 三元朱村 (Sanyuanzhu Cun)): alert when it reaches 5.00"
    )
    assert "the tomato alert watches the markets nearest to 三元朱村 (Sanyuanzhu Cun)" in (
        village or ""
    )
    asked = (await farmer.send("tell me when potatoes drop below 1 yuan in Mars")).last
    assert (asked.text or "").startswith('🤔 I could not find a place called "Mars"')
    # 张大爷 shared a home (Beijing): the button watches his nearest markets.
    assert asked.buttons == ["🔔 potato: your nearest markets"]
    done = (await farmer.send("Weifang")).last.text or ""
    assert done.startswith("✅ Done! potato (markets near 潍坊 (Weifang))")


async def test_the_bell_under_a_price_answer_subscribes_at_that_place(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    answer = (await farmer.send("潍坊西红柿啥价")).last
    assert answer.buttons == ["📈 看走势图", "🔔 订阅价格"]
    done = (await farmer.press("🔔 订阅价格", message=answer)).last.text or ""
    # At 潍坊's nearest markets, as the answer was: not home's (or all of China).
    assert done.startswith("✅ 订好了！西红柿（潍坊附近的市场）：每天 07:00 推送今日行情"), done
    assert "西红柿的提醒看离潍坊最近的市场：新发地（约 4" in done
    market = (await farmer.send("江桥西红柿多少钱")).last
    done = (await farmer.press("🔔 订阅价格", message=market)).last.text or ""
    assert done.startswith("✅ 订好了！西红柿（江桥）：每天 07:00 推送今日行情"), done
    # No place named: the farmer's own markets, as before.
    plain = (await farmer.send("西红柿多少钱")).last
    done = (await farmer.press("🔔 订阅价格", message=plain)).last.text or ""
    assert done.startswith("✅ 订好了！西红柿（全国各地市场）：每天 07:00 推送今日行情"), done
    assert await subscriptions() == 3


async def test_the_bell_keeps_its_place_in_english(english: Harness) -> None:
    farmer = english.user(10001, "张大爷")
    answer = (await farmer.send("tomato price in Weifang")).last
    done = (await farmer.press("🔔 Alert me", message=answer)).last.text or ""
    assert done.startswith(
        "✅ Done! tomato (markets near 潍坊 (Weifang)): today's prices every day at 07:00"
    ), done

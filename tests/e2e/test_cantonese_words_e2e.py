"""Written Cantonese from a Guangxi farmer (blind test), through the local Bot API server:
days (听日, 后日, 上昼), 唔卖喇 (not for sale any more), 话我知 (tell me), chatter (多谢晒,
食咗饭未, 今日落雨冇), 冇人收…点算 (nobody buys) and 样搞 (what to do).

Before: 听日送西红柿 got a disease answer, 后日/听日 bookings and 话我知 alerts 答不上来,
上昼 and 听日 at the day step were ignored, 唔卖喇 got a shop-opening answer, and chatter was
offered to the station. Each now gets what its Mandarin says. The clock is pinned
(tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.sample import load_knowledge
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import living_by_sg01, load_county

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米, rounds 08:00-10:00 and 14:00-16:00
DECLINED = "答不上来"


async def _farmer(harness: Harness, english: bool = False) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if english:
        await farmer.send("/language")
        await farmer.press("English")
    await farmer.share_location(*HUALONG)
    return farmer


@pytest.mark.parametrize(
    ("cantonese", "mandarin", "day"),
    [
        ("我想听日送两千斤玉米到站里", "我想明天送两千斤玉米到站里", "6月11日 周四（明天）"),
        ("我想后日送两千斤玉米到站里", "我想后天送两千斤玉米到站里", "6月12日 周五（后天）"),
        ("我想明天上昼送两千斤玉米到站里", "我想明天上午送两千斤玉米到站里", "08:00-10:00"),
        ("听日下昼送两千斤玉米到站里", "明天下午送两千斤玉米到站里", "14:00-16:00"),
    ],
)
async def test_a_cantonese_day_books_as_its_mandarin(
    harness: Harness, cantonese: str, mandarin: str, day: str
) -> None:
    farmer = await _farmer(harness)
    replies = []
    for said in (cantonese, mandarin):
        asked = await farmer.send(said)
        assert DECLINED not in asked.last.text
        if not asked.last.text.startswith("请确认您的预约"):
            await farmer.press(asked.last.buttons[0])
        replies.append(farmer.last.text)
        await farmer.send("✖️ 取消")
    assert replies[0] == replies[1]
    assert day in replies[0]


async def test_tomorrow_and_a_product_alone_starts_a_booking(harness: Harness) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("听日送玉米")
    # Was a disease answer (番茄青枯病 for 西红柿).
    assert asked.last.text == (await farmer.send("明天送玉米")).last.text
    assert "玉米" in asked.last.text and DECLINED not in asked.last.text


@pytest.mark.parametrize(
    ("typed", "day"), [("听日", "6月11日 周四（明天）"), ("后日", "6月12日 周五（后天）")]
)
async def test_a_cantonese_day_at_the_day_step(harness: Harness, typed: str, day: str) -> None:
    farmer = await _farmer(harness)
    await farmer.send("预约收货")
    await farmer.press("玉米")
    stations = await farmer.send("两千斤")
    await farmer.press(stations.last.buttons[0])
    assert "哪天送过去" in farmer.last.text
    slots = await farmer.send(typed)
    assert slots.last.text.startswith(f"{day}，选个时间段")


async def test_a_cantonese_day_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, english=True)
    replies = []
    for said in ("听日上昼送两千斤玉米到站里", "明天上午送两千斤玉米到站里"):
        asked = await farmer.send(said)
        if not asked.last.text.startswith("Please confirm"):
            await farmer.press(asked.last.buttons[0])
        replies.append(farmer.last.text)
        await farmer.send("/cancel")
    assert replies[0] == replies[1]
    assert replies[0].startswith("Please confirm your booking:")
    assert "08:00-10:00" in replies[0]


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county; 张大爷 lives by SG01 and uses it."""
    return await living_by_sg01(harness)


async def test_not_for_sale_any_more_offers_to_withdraw(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("我有两千斤大葱要卖")
    await farmer.press("✅ 确认登记")
    asked = await farmer.send("我嘅大葱唔卖喇")
    assert asked.last.text.startswith("确定要撤回您的大葱 2000斤 这条登记")
    assert asked.last.buttons == ["是，撤回", "不撤回"]


@pytest.mark.parametrize(
    ("cantonese", "mandarin"),
    [
        ("西红柿超过4蚊一斤就话我知", "西红柿超过4元一斤就提醒我"),
        ("西红柿过咗4蚊话我知", "西红柿过了4元提醒我"),
        ("西红柿超过4蚊话俾我知", "西红柿超过4元提醒我"),
        ("西红柿超过4蚊同我讲", "西红柿超过4元提醒我"),
    ],
)
async def test_tell_me_makes_an_alert(county: Harness, cantonese: str, mandarin: str) -> None:
    farmer = county.user(10001, "张大爷")
    made = (await farmer.send(cantonese)).last.text
    # Was 答不上来; now the alert its Mandarin makes, which then is the same one.
    assert made.startswith("✅ 订好了！西红柿（离您最近的市场）：涨到 4.00 元/斤 以上时提醒")
    same = (await farmer.send(mandarin)).last.text
    assert same == "这个提醒您已经订过了：西红柿（离您最近的市场）：涨到 4.00 元/斤 以上时提醒"


@pytest.mark.parametrize(
    ("cantonese", "mandarin"),
    [
        ("多谢晒", "谢谢"),
        ("唔该晒", "谢谢"),
        ("食咗饭未", "吃饭了吗"),
        ("今日落雨冇", "今天下雨吗"),
    ],
)
async def test_cantonese_chatter_is_never_offered_to_the_station(
    county: Harness, cantonese: str, mandarin: str
) -> None:
    farmer = county.user(10001, "张大爷")
    said = await farmer.send(cantonese)
    assert DECLINED not in said.last.text
    assert said.last.text == (await farmer.send(mandarin)).last.text


async def test_nobody_buys_shows_the_buyers(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    cantonese = (await farmer.send("冇人收我嘅大葱点算")).last.text
    assert DECLINED not in cantonese
    assert cantonese == (await farmer.send("没人收我的大葱怎么办")).last.text
    assert cantonese.split("\n")[0] == (await farmer.send("谁收大葱")).last.text.split("\n")[0]


@pytest.mark.parametrize("ending", ["样搞", "点算", "点搞", "咋搞", "咋个搞"])
async def test_what_to_do_endings_ask_as_zenmeban(county: Harness, ending: str) -> None:
    async with session_scope() as session:
        await load_knowledge(session)  # the shipped knowledge base, as in the sandbox
    farmer = county.user(10001, "张大爷")
    asked = (await farmer.send(f"西红柿叶子发黄{ending}")).last.text
    assert DECLINED not in asked
    assert asked == (await farmer.send("西红柿叶子发黄怎么办")).last.text

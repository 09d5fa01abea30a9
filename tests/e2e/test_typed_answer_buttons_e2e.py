"""A ✅ / ✖️ question answered by typing (要得, 好的, 是的, yes, 不中) loses its buttons, as it
does when one of them is pressed: a booking's summary, a sale listing's summary, 撤回这条登记？,
确定要取消预约…吗？. They used to stay pressable after the typed answer had done the work.

Through the local Bot API server; the clock is pinned (tests/conftest.py).
"""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, living_by_sg01, load_county

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables


async def _farmer(harness: Harness, lang: str) -> SandboxUser:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    return farmer


@pytest.mark.parametrize(
    ("lang", "said", "typed", "done"),
    [
        ("zh", "我想明天上午送两千斤玉米到站里", "要得", "✅ 预约好了！"),
        ("zh", "我想明天上午送两千斤玉米到站里", "好的", "✅ 预约好了！"),
        ("zh", "我想明天上午送两千斤玉米到站里", "不中", t("zh", "bookings.flow_cancelled")),
        ("en", "I want to bring 2000 jin of corn tomorrow morning", "yes", "✅ Booked!"),
        ("en", "I want to bring 2000 jin of corn tomorrow morning", "nope", ""),
    ],
)
async def test_a_typed_answer_at_the_booking_summary_takes_its_buttons_off(
    harness: Harness, lang: str, said: str, typed: str, done: str
) -> None:
    await load_county(harness)
    farmer = await _farmer(harness, lang)
    await farmer.share_location(*HUALONG)
    asked = await farmer.send(said)
    await farmer.press(asked.last.buttons[0])
    summary = farmer.last
    assert (summary.text or "").startswith("请确认" if lang == "zh" else "Please confirm"), (
        summary.text
    )
    assert len(summary.buttons) >= 2
    answered = await farmer.send(typed)
    assert (answered.last.text or "").startswith(done), answered.texts
    assert summary.buttons == []


@pytest.mark.parametrize(
    ("lang", "sell", "typed"),
    [
        ("zh", "我有两千斤大葱要卖", "要得"),
        ("zh", "我有两千斤大葱要卖", "是的"),
        ("en", "I have 1000 jin of corn to sell", "yes"),
    ],
)
async def test_a_typed_yes_at_a_listing_summary_takes_its_buttons_off(
    harness: Harness, lang: str, sell: str, typed: str
) -> None:
    await living_by_sg01(harness)
    farmer = await _farmer(harness, lang)
    draft = await farmer.send(sell)
    summary = draft.last
    assert len(summary.buttons) >= 2
    listed = await farmer.send(typed)
    assert (listed.last.text or "").startswith("登记好了" if lang == "zh" else "Done!"), (
        listed.texts
    )
    assert summary.buttons == []


@pytest.mark.parametrize(
    ("lang", "sell", "withdraw", "typed"),
    [
        ("zh", "我有两千斤大葱要卖", "我的大葱不卖了", "是的"),
        ("zh", "我有两千斤大葱要卖", "我的大葱不卖了", "不"),
        ("en", "I have 1000 jin of corn to sell", "withdraw my corn listing", "yes"),
    ],
)
async def test_a_typed_answer_to_withdraw_it_takes_its_buttons_off(
    harness: Harness, lang: str, sell: str, withdraw: str, typed: str
) -> None:
    await living_by_sg01(harness)
    farmer = await _farmer(harness, lang)
    draft = await farmer.send(sell)
    await farmer.press(draft.last.buttons[0])
    asked = (await farmer.send(withdraw)).last
    assert len(asked.buttons) == 2
    await farmer.send(typed)
    assert asked.buttons == []


async def test_a_typed_yes_to_cancel_a_booking_takes_its_buttons_off(harness: Harness) -> None:
    await load_county(harness)
    farmer = await _farmer(harness, "zh")
    cabbage = await direct_booking(10001, "SG07", 0, product="大白菜")
    asked = (await farmer.send("取消白菜的预约")).last
    assert len(asked.buttons) == 2
    done = await farmer.send("要得")
    assert done.last.text == t("zh", "bookings.mine.cancelled", code=cabbage.code)
    assert asked.buttons == []


async def test_a_pressed_answer_still_takes_them_off(harness: Harness) -> None:
    await living_by_sg01(harness)
    farmer = await _farmer(harness, "zh")
    draft = await farmer.send("我有两千斤大葱要卖")
    await farmer.press(draft.last.buttons[0])
    asked = (await farmer.send("我的大葱不卖了")).last
    await farmer.press("不撤回")
    assert asked.buttons == []

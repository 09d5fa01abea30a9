"""Live animals in a farmer's words (sandbox walk in a pastoral county): 我的羊不卖了 did not
find the 羊肉 listing (animals are listed as their meat) and asked which listing; 我的芒果不卖啦
(啦 for 了) was no withdrawal; 我有20只羊, a count alone, got 「这个问题我暂时答不上来」."""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.test_listing_words_e2e import _farmer, county

pytestmark = pytest.mark.e2e

__all__ = ["county"]


async def _listed(farmer: SandboxUser, lang: str, listing: str, weight: str = "") -> None:
    await farmer.send(listing)
    if weight:
        await farmer.send(weight)
    done = await farmer.press(t(lang, "supply.confirm_button"))
    if done.last.buttons and done.last.buttons[0].startswith("🏪"):
        await farmer.press(done.last.buttons[0])  # no station near buys it: keep the own one


@pytest.mark.parametrize(
    ("lang", "withdraw", "asked"),
    [
        ("zh", "我的羊不卖了", "确定要撤回您的羊肉 20只"),
        ("zh", "羊不卖啦", "确定要撤回您的羊肉 20只"),
        ("en", "I don't want to sell my sheep anymore", "Withdraw your listing of mutton"),
    ],
)
async def test_the_animal_s_withdrawal_finds_its_meat_listing(
    county: Harness, lang: str, withdraw: str, asked: str
) -> None:
    farmer = await _farmer(county, lang)
    await _listed(farmer, lang, "我有20只羊要卖", "每只80斤")
    await _listed(farmer, lang, "我有两千斤大葱要卖")
    question = await farmer.send(withdraw)
    assert (question.last.text or "").startswith(asked), question.texts
    assert len(question.last.buttons) == 2  # 是，撤回 / 不撤回: no list to pick from


@pytest.mark.parametrize(("lang", "withdraw"), [("zh", "我的大葱不卖啦"), ("zh", "大葱不卖咯")])
async def test_la_and_luo_for_le_withdraw_too(county: Harness, lang: str, withdraw: str) -> None:
    farmer = await _farmer(county, lang)
    await _listed(farmer, lang, "我有两千斤大葱要卖")
    question = await farmer.send(withdraw)
    assert (question.last.text or "").startswith("确定要撤回您的大葱 2000斤"), question.texts

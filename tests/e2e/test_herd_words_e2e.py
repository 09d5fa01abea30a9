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


@pytest.mark.parametrize(
    ("lang", "told", "asked", "weight", "amount"),
    [
        (
            "zh",
            "我有20只羊",
            "20只羊大概一共多少斤？也可以说每只多少斤。",
            "每只80斤",
            "20只 约1600斤",
        ),
        (
            "en",
            "I have 20 sheep",
            "About how many jin do your 20 sheep weigh in all?",
            "1600 jin in all",
            "20 head, about 1600 jin",
        ),
    ],
)
async def test_a_head_count_told_alone_asks_whether_to_sell(
    county: Harness, lang: str, told: str, asked: str, weight: str, amount: str
) -> None:
    farmer = await _farmer(county, lang)
    reply = await farmer.send(told)
    meat = "羊肉" if lang == "zh" else "mutton"
    assert reply.last.text == t(
        lang,
        "supply.herd_told",
        herd="20只羊" if lang == "zh" else "20 sheep",
        meat=meat,
    )
    assert "head of" not in (reply.last.text or "")
    assert reply.last.buttons == [
        t(lang, "supply.herd_sell_button"),
        t(lang, "supply.herd_price_button", meat=meat),
    ]
    # The price button shows the meat's price, and the question stays to sell after.
    prices = await farmer.press(t(lang, "supply.herd_price_button", meat=meat))
    assert meat in (prices.last.text or "")
    sell = await farmer.press(t(lang, "supply.herd_sell_button"), message=reply.last)
    assert (sell.last.text or "").startswith(asked), sell.texts
    summary = await farmer.send(weight)
    assert amount in (summary.last.text or "")
    done = await farmer.press(t(lang, "supply.confirm_button"))
    if done.last.buttons and done.last.buttons[0].startswith("🏪"):
        await farmer.press(done.last.buttons[0])
    mine = await farmer.send("我的卖货登记" if lang == "zh" else "my listings")
    assert amount in (mine.last.text or "")

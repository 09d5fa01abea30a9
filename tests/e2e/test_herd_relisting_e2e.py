"""Sheep listed by the head, said again (sandbox walk in a pastoral county): 我有20只羊要卖 sent
twice made two listings; 要卖 typed under 「您有20只羊。是想卖吗？」 listed nothing; the tip after
withdrawing them said 我有两千斤羊肉要卖; English said "your 5 head of cows" and did not take
"my cows are not for sale anymore" as a withdrawal."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.markets import OfferStatus, SupplyOffer
from bot.sandbox.harness import Harness
from tests.e2e.test_herd_words_e2e import _listed
from tests.e2e.test_listing_words_e2e import _farmer, county

pytestmark = pytest.mark.e2e

__all__ = ["county"]

# What each language says of 20 sheep at 80斤 each, and then of 25.
SAID = {
    "zh": {
        "list": "我有20只羊要卖",
        "list_25": "我有25只羊要卖",
        "told": "我有20只羊",
        "each": "每只80斤",
        "meat": "羊肉",
        "twenty": "20只 约1600斤",
        "herd_25": "25只羊",
        "twenty_five": "25只 约2000斤",
        "ask_25": "25只羊大概一共多少斤？",
        "ask_20": "20只羊大概一共多少斤？",
    },
    "en": {
        "list": "I have 20 sheep to sell",
        "list_25": "I have 25 sheep to sell",
        "told": "I have 20 sheep",
        "each": "80 jin each",
        "meat": "mutton",
        "twenty": "20 head, about 1600 jin",
        "herd_25": "25 sheep",
        "twenty_five": "25 head, about 2000 jin",
        "ask_25": "About how many jin do your 25 sheep weigh in all?",
        "ask_20": "About how many jin do your 20 sheep weigh in all?",
    },
}


async def _statuses() -> list[OfferStatus]:
    async with session_scope() as session:
        return list(await session.scalars(select(SupplyOffer.status).order_by(SupplyOffer.id)))


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_same_sheep_said_again_are_their_open_listing(county: Harness, lang: str) -> None:
    said = SAID[lang]
    farmer = await _farmer(county, lang)
    await _listed(farmer, lang, said["list"], said["each"])
    assert await _statuses() == [OfferStatus.open]
    listed = {"id": 1, "product": said["meat"], "quantity": said["twenty"]}

    again = await farmer.send(said["list"])
    assert again.last.text == t(lang, "supply.mine.already", **listed), again.texts
    assert again.last.buttons == [
        t(lang, "supply.mine.change_button"),
        t(lang, "supply.mine.list_button"),
    ]
    # Told alone, then 📦 pressed: the same listing, not a second.
    told = await farmer.send(said["told"])
    pressed = await farmer.press(t(lang, "supply.herd_sell_button"), message=told.last)
    assert pressed.last.text == t(lang, "supply.mine.already", **listed), pressed.texts
    assert await _statuses() == [OfferStatus.open]  # nothing drafted

    # 25 this time: offered as the listing's new count, its weight asked when pressed.
    more = await farmer.send(said["list_25"])
    assert more.last.text == t(lang, "supply.mine.already_new", said=said["herd_25"], **listed)
    asked = await farmer.press(t(lang, "supply.mine.change_to_button", said=said["herd_25"]))
    assert (asked.last.text or "").startswith(said["ask_25"]), asked.texts
    changed = await farmer.send(said["each"])
    assert changed.last.text == t(
        lang, "supply.mine.changed", id=1, product=said["meat"], quantity=said["twenty_five"]
    )
    assert await _statuses() == [OfferStatus.open]
    mine = await farmer.send("我的卖货登记" if lang == "zh" else "my listings")
    assert said["twenty_five"] in (mine.last.text or "")


@pytest.mark.parametrize(
    ("lang", "answer"),
    [
        ("zh", "要卖"),
        ("zh", "卖"),
        ("zh", "是的"),
        ("zh", "想卖"),
        ("zh", "卖吧"),
        ("en", "yes"),
        ("en", "sell"),
        ("en", "Yes, sell them"),
    ],
)
async def test_selling_typed_to_are_they_for_sale_is_the_sell_button(
    county: Harness, lang: str, answer: str
) -> None:
    said = SAID[lang]
    farmer = await _farmer(county, lang)
    await farmer.send(said["told"])
    asked = await farmer.send(answer)
    assert (asked.last.text or "").startswith(said["ask_20"]), asked.texts
    summary = await farmer.send(said["each"])
    assert said["twenty"] in (summary.last.text or "")
    assert await _statuses() == [OfferStatus.draft]


@pytest.mark.parametrize(("lang", "answer"), [("zh", "不卖"), ("zh", "先不卖"), ("en", "no")])
async def test_not_selling_typed_lists_nothing(county: Harness, lang: str, answer: str) -> None:
    said = SAID[lang]
    farmer = await _farmer(county, lang)
    await farmer.send(said["told"])
    kept = await farmer.send(answer)
    herd = "20只羊" if lang == "zh" else "20 sheep"
    assert kept.last.text == t(lang, "supply.herd_kept", herd=herd)
    assert await _statuses() == []


async def test_selling_typed_later_is_a_question_again(county: Harness) -> None:
    # The question is open for the next message only: 要卖 said after something else is not
    # its answer (it asks how to sell, as before).
    farmer = await _farmer(county, "zh")
    await farmer.send("我有20只羊")
    await farmer.send("西红柿多少钱")
    later = await farmer.send("要卖")
    assert not (later.last.text or "").startswith("20只羊大概一共多少斤")
    assert await _statuses() == []


@pytest.mark.parametrize(
    ("lang", "withdraw", "tip"),
    [
        ("zh", "我的羊不卖了", "以后还要卖，说「我有20只羊要卖」就行。"),
        ("en", "my sheep are not for sale anymore", 'say "I have 20 sheep to sell"'),
        ("en", "I’m not selling my sheep anymore", 'say "I have 20 sheep to sell"'),
    ],
)
async def test_the_tip_after_withdrawing_sheep_is_of_sheep(
    county: Harness, lang: str, withdraw: str, tip: str
) -> None:
    said = SAID[lang]
    farmer = await _farmer(county, lang)
    await _listed(farmer, lang, said["list"], said["each"])
    asked = await farmer.send(withdraw)
    assert asked.last.text == t(
        lang, "supply.mine.confirm", id=1, product=said["meat"], quantity=said["twenty"]
    ), asked.texts
    done = await farmer.press(t(lang, "supply.mine.yes_withdraw"))
    text = done.edited[0].text or ""
    assert tip in text, text
    assert "两千斤" not in text and "2000 jin" not in text
    assert await _statuses() == [OfferStatus.withdrawn]
    # Said as the tip says: listed again (the withdrawn one is no open listing).
    relisted = await farmer.send(said["list"])
    assert (relisted.last.text or "").startswith(said["ask_20"]), relisted.texts


async def test_cows_in_english_read_naturally_and_withdraw(county: Harness) -> None:
    farmer = await _farmer(county, "en")
    told = await farmer.send("I have 5 cows")
    assert (told.last.text or "").startswith("You have 5 cows. Would you like to sell them?")
    asked = await farmer.send("sell them")
    assert (asked.last.text or "").startswith("About how many jin do your 5 cows weigh in all?")
    assert "head of" not in (asked.last.text or "")
    await farmer.send("400 jin each")
    done = await farmer.press(t("en", "supply.confirm_button"))
    if done.last.buttons and done.last.buttons[0].startswith("🏪"):
        await farmer.press(done.last.buttons[0])
    gone = await farmer.send("my cows are not for sale anymore")
    assert gone.last.text == t(
        "en", "supply.mine.confirm", id=1, product="beef", quantity="5 head, about 2000 jin"
    ), gone.texts
    withdrawn = await farmer.press(t("en", "supply.mine.yes_withdraw"))
    assert 'say "I have 5 cattle to sell"' in (withdrawn.edited[0].text or "")

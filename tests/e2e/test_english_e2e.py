"""English mode: the help's own examples work as written (issue 13)."""

from __future__ import annotations

import re

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.sandbox.harness import Harness
from knowledge.kb.entries import Entry, read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from knowledge.text.english import romanise
from tests.e2e.county import load_county
from tests.e2e.questions_util import farmer_and_staff
from tests.e2e.test_knowledge_e2e import ENTRIES
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e


@pytest.fixture
async def english(harness: Harness) -> Harness:
    """Markets, a small knowledge base, station 1 with staff, and a farmer switched to English."""
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        await seed_markets(session, today)
        await upsert_entries(session, ENTRIES, engine(), by="test")
        farmer = await farmer_and_staff(session)
        farmer.home_lat, farmer.home_lon = 39.9, 116.4
    harness.user(20001, "李站长")  # staff started the bot: told of a new listing (staff_offers)
    farmer_chat = harness.user(10001, "张大爷")
    await farmer_chat.send("/language")
    await farmer_chat.press("English")
    return harness


async def test_an_english_supply_offer_in_jin(english: Harness) -> None:
    farmer = english.user(10001, "张大爷")
    draft = await farmer.send("I have 1000 jin of corn to sell")
    assert "corn" in draft.last.text and "1000" in draft.last.text
    assert len(draft.last.buttons) == 2
    done = await farmer.press(draft.last.buttons[0])
    assert "corn" in done.last.text
    staff = english.user(20001, "李站长")
    listed = await staff.send("/offers")
    assert "玉米 1000斤" in listed.last.text


async def test_an_english_booking_with_an_amount_in_jin(english: Harness) -> None:
    farmer = english.user(10001, "张大爷")
    start = await farmer.send("book a pickup")
    assert "tomato" in start.last.buttons
    await farmer.press("tomato")
    asked = await farmer.send("2000 jin")
    assert "did not understand" not in asked.last.text


async def test_prices_by_english_product_and_pinyin_market(english: Harness) -> None:
    farmer = english.user(10001, "张大爷")
    near = await farmer.send("price of tomatoes")
    assert near.last.text.startswith("💰 tomato")
    at_market = await farmer.send("potatoes at Xinfadi")
    assert at_market.last.text.startswith("💰 potato")
    assert "新发地" in at_market.last.text
    shanghai = await farmer.send("tomato price in Shanghai")
    assert "江桥" in shanghai.last.text and "新发地" not in shanghai.last.text


async def test_an_english_question_finds_the_chinese_entry_and_says_so(english: Harness) -> None:
    farmer = english.user(10001, "张大爷")
    replies = await farmer.send("tomato leaves turning yellow")
    # No English version: said so, and the Chinese answer is one tap away.
    _says_chinese_only(replies.texts, "tomato")
    assert replies.last.buttons == [t("en", "kb.show_chinese"), t("en", "kb.ask_station_button")]
    shown = await farmer.press(t("en", "kb.show_chinese"))
    assert shown.last.text.startswith(
        "📖 tomato: leaves turning yellow · 西红柿叶子发黄怎么办\n下部老叶均匀发黄多为缺氮"
    )
    assert shown.last.buttons == [t("en", "kb.ask_station_button")]


async def test_an_entry_with_an_english_version_answers_in_english(english: Harness) -> None:
    async with session_scope() as session:
        await upsert_entries(session, [ENGLISH_ENTRY], engine(), by="test")
    farmer = english.user(10001, "张大爷")
    replies = await farmer.send("how to store potatoes so they do not sprout")
    assert replies.last.text.startswith(
        "📖 How do I store potatoes so they don't sprout?\nKeep them somewhere cool and dark"
    )
    assert replies.last.buttons == [t("en", "kb.ask_station_button")]
    # A Chinese-mode farmer still gets the Chinese answer.
    other = english.user(10002, "王婶")
    assert (await other.send("土豆怎么储存不发芽")).last.text.startswith(
        "📖 土豆怎么储存不发芽\n放阴凉黑暗处"
    )


ENGLISH_ENTRY = Entry(
    "store-1",
    "土豆怎么储存不发芽",
    "放阴凉黑暗处，温度2-4℃，湿度85%。",
    ["洋芋发芽了"],
    ["土豆", "储存"],
    "storage",
    question_en="How do I store potatoes so they don't sprout?",
    answer_en="Keep them somewhere cool and dark: 2-4 °C, humidity about 85%.",
)


async def test_english_replies_of_the_main_flows_have_no_chinese(english: Harness) -> None:
    await load_county(english)
    farmer = english.user(10001, "张大爷")
    texts: list[str] = []

    async def say(text: str) -> None:
        texts.extend((await farmer.send(text)).texts)  # captions of charts included

    async def tap(label: str) -> None:
        replies = await farmer.press(label)
        texts.extend(replies.texts + [m.text for m in replies.edited])

    await say("/help")
    await say("price of tomatoes")
    await say("potatoes at Xinfadi")
    await say("how much were tomatoes last month")
    await say("tomato prices this time last year")
    await say("who buys corn")
    await say("I have 1000 jin of corn to sell")
    await tap(farmer.last.buttons[0])
    await say("nearest station")
    await say("book a pickup")
    await tap("tomato")
    await say("what is the price of tomatoes?")  # leaves the booking, kept
    await say("book a pickup")  # resumed
    await say("2000 jin")
    while not any("Confirm" in b for b in farmer.last.buttons):
        await tap(farmer.last.buttons[0])
    await tap(next(b for b in farmer.last.buttons if "Confirm" in b))
    await say("book a pickup on Saturday afternoon for 500 kg of cucumbers")
    await tap(farmer.last.buttons[0])
    await tap(farmer.last.buttons[-1])  # cancel
    await say("my bookings")
    await say("subscribe to cabbage prices")
    await say("send me potato prices every morning at 8")
    await say("/alerts")
    await say("tomato leaves turning yellow")
    await say("/cancel")
    leaks = [text for text in texts if chinese_outside_names(text)]
    assert leaks == []


# The farmer's own Telegram name, and a language's name in its own script, stay as
# they are; every other Chinese name is shown with its pinyin: 新发地 (Xinfadi).
_OWN = ("张大爷", "中文")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_WITH_PINYIN = re.compile(r"([\u3400-\u9fff][^()\n]*?) \(([^()]+)\)")


def chinese_outside_names(text: str) -> list[str]:
    """The Chinese runs of an English reply that are not a name shown with its pinyin."""

    def drop(match: re.Match[str]) -> str:
        return "" if romanise(match.group(1)) == match.group(2) else match.group(0)

    rest = _WITH_PINYIN.sub(drop, text)
    for name in _OWN:
        rest = rest.replace(name, "")
    return _CJK.findall(rest)


async def test_english_questions_find_shipped_chinese_entries(english: Harness) -> None:
    wanted = {"live-012", "live-014", "pest-001", "station-001", "policy-001"}
    async with session_scope() as session:
        shipped = [e for e in read_shipped() if e.id in wanted]
        await upsert_entries(session, shipped, engine(), by="test")
    farmer = english.user(10001, "张大爷")
    by_id = {e.id: e for e in shipped}
    # The Chinese answer comes under its question in English words and in Chinese.
    for question, entry_id, english in (
        ("my pigs have diarrhea what do I do", "live-012", "baby pig: diarrhea"),
        ("my cow is not eating", "live-014", "cow: no eat grass, not chewing cud"),
        ("aphids on my vegetables", "pest-001", "aphids"),
        ("station opening hours", "station-001", "station"),
    ):
        replies = await farmer.send(question)
        _says_chinese_only(replies.texts)
        shown = await farmer.press(t("en", "kb.show_chinese"))
        entry = by_id[entry_id]
        expected = f"📖 {english} · {entry.question}\n{entry.answer}\n\n"
        assert shown.last.text.startswith(expected), (question, shown.last.text)
    # "how much" is in the glossary; a price question is still a price question.
    prices = await farmer.send("how much are potatoes")
    assert prices.last.text.startswith("💰 potato")


async def test_english_buyers_and_pickups_as_farmers_say_them(english: Harness) -> None:
    farmer = english.user(10001, "张大爷")
    for question in ("is anyone buying corn", "where can I sell my corn"):
        replies = await farmer.send(question)
        assert "buying corn" in replies.last.text, (question, replies.last.text)
    pickup = await farmer.send("pick up my tomatoes tomorrow morning")
    assert pickup.last.text.startswith("About how much tomato do you have?")


async def test_what_sells_well_in_english_lists_the_risers(english: Harness) -> None:
    # Sandbox walk: "what sells well this week" was declined as an unknown question.
    farmer = english.user(10001, "张大爷")
    for question in ("what sells well this week", "what is rising"):
        replies = await farmer.send(question)
        assert replies.texts[0].startswith("📈 "), (question, replies.texts)
        assert "can't answer" not in " ".join(replies.texts)


def _says_chinese_only(texts: list[str], *english: str) -> None:
    """The one reply says an answer was found, names it in English and Chinese, and that
    it is only in Chinese."""
    before, after = t("en", "kb.chinese_only").split("{topic}")
    [said] = texts
    assert said.startswith(before + "“") and said.endswith(after), said
    topic = said[len(before) : len(said) - len(after)]
    # A short English label, no raw tags joined with "·" (review).
    assert re.fullmatch(r"“[a-z][a-z ,:]*(?: — [a-z ]+\?)?”", topic), topic
    assert all(word in topic for word in english), topic

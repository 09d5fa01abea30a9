"""An admin's request typed in words gets the command to send, not the knowledge base's
"no answer yet" (sandbox walk: 把李站长的权限撤了, 昨天寿光大蒜的价打错了，应该是3块1)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.sample import load_markets
from bot.models.users import Role
from bot.roles.service import grant
from bot.sandbox.harness import Harness
from tests.stations_util import make_station

pytestmark = pytest.mark.e2e

ADMIN = 30001


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Station T1 with 李站长 (20001) as its staff; the sample markets; everyone started."""
    async with session_scope() as session:
        await make_station(session, external_id="T1", name="东关站")
        await load_markets(session)
    for telegram_id, name in ((ADMIN, "王管理员"), (20001, "李站长"), (10005, "赵师傅")):
        await harness.user(telegram_id, name).send("/start")
    async with session_scope() as session:
        await grant(session, 20001, Role.staff, "T1")
    return harness


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_admin_requests_in_words_get_the_command(county: Harness, lang: str) -> None:
    admin = county.user(ADMIN, "王管理员")
    if lang == "en":
        await admin.send("/language")
        await admin.press("English")
    li = t(lang, "roles.who", name="李站长", id=20001)
    for words in ("把李站长的权限撤了", "撤销李站长的权限", "把20001的权限撤掉"):
        said = (await admin.send(words)).last.text
        assert said == t(lang, "adminwords.revoke", who=li, id=20001)
    # In English the command names the product and market as English replies do (/price
    # takes garlic and Shouguang as it takes 大蒜 and 寿光).
    garlic, unit_kg = ("大蒜", "公斤") if lang == "zh" else ("garlic", "kg")
    # Everything /price needs said (product, market, price): its preview at once, ✅ to save.
    said = (await admin.send("昨天寿光大蒜的价打错了，应该是3块1")).last
    assert said.text is not None and said.text.startswith(t(lang, "price.confirm"))
    assert "山东寿光农产品物流园" in said.text and " 3.1 " in said.text
    assert said.buttons == [t(lang, "price.save"), t(lang, "admindata.cancel")]
    await admin.press(t(lang, "admindata.cancel"))
    said = (await admin.send("新发地西红柿的价格录错了，改成2.8")).last
    assert said.text is not None and "北京新发地" in said.text and " 2.8 " in said.text
    await admin.press(t(lang, "admindata.cancel"))
    # A market not said: the command to send, the blank to fill in.
    said = (await admin.send("大蒜的价格录错了，应该是3块1一公斤")).last
    market = t(lang, "adminwords.blank.market")
    assert said.text is not None and f"/price {garlic} {market} 3.1 {unit_kg}" in said.text
    zhao = t(lang, "roles.who", name="赵师傅", id=10005)
    said = (await admin.send("让赵师傅当东关站的工作人员")).last.text
    assert said == t(
        lang,
        "adminwords.grant",
        who=zhao,
        role=t(lang, "roles.name.staff"),
        id=10005,
        role_word="staff",
        station="T1",
    )
    # Nothing changed: the command asks itself.
    said = (await admin.send("把王五的权限撤了")).last.text
    assert said is not None and said.startswith(t(lang, "adminwords.nobody", name="王五"))


async def test_a_farmers_same_words_are_a_question_as_before(county: Harness) -> None:
    farmer = county.user(10005, "赵师傅")
    for words in ("把李站长的权限撤了", "昨天寿光大蒜的价打错了，应该是3块1"):
        texts = (await farmer.send(words)).texts
        assert not any("/revoke" in x or "/price" in x for x in texts)


async def test_english_words_name_the_market_in_pinyin(county: Harness) -> None:
    """Review: "the shouguang garlic price yesterday should be 3.1" found garlic but no market
    (markets were looked for in characters only); the market is found by its pinyin, one word
    or several, by its short name or its city, and the command is the one to send."""
    admin = county.user(ADMIN, "王管理员")
    await admin.send("/language")
    await admin.press("English")
    for words, market, price in (
        ("the shouguang garlic price yesterday should be 3.1", "Shandong Shouguang", "3.1"),
        ("garlic price at Shou Guang is wrong, should be 3.1", "Shandong Shouguang", "3.1"),
        ("XINFADI tomato price is wrong, should be 2.8", "Beijing Xinfadi", "2.8"),
        ("the tomato price in Chongqing should be 2.5", "Chongqing Shuangfu", "2.5"),
    ):
        # The market found: the price previewed there at once.
        said = (await admin.send(words)).last.text
        assert said is not None and said.startswith(t("en", "price.confirm")), (words, said)
        assert market in said and f" {price} " in said, (words, said)
        await admin.press(t("en", "admindata.cancel"))
    # No market said: the blank to fill in, with an example in English.
    said = (await admin.send("the garlic price yesterday should be 3.1")).last.text
    assert said is not None and "/price garlic MARKET 3.1 yesterday" in said
    assert "/price garlic Shouguang 3.1 yesterday." in said and "大蒜" not in said


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_days_price_said_is_previewed_to_save(county: Harness, lang: str) -> None:
    """Sandbox walk: 西红柿今天新发地3块5一斤 from the admin got the knowledge entry on how to
    look prices up. Said as a report, it is the price to enter: previewed, saved on ✅."""
    admin = county.user(ADMIN, "王管理员")
    if lang == "en":
        await admin.send("/language")
        await admin.press("English")
    said = (await admin.send("西红柿今天新发地3块5一斤")).last
    assert said.text is not None and said.text.startswith(t(lang, "price.confirm"))
    assert "北京新发地" in said.text and " 3.5 " in said.text
    saved = (await admin.press(t(lang, "price.save"))).last.text
    assert saved is not None and " 3.5 " in saved and "/undo" in saved
    # No market said: the command with the market to fill in, in the unit said.
    said = (await admin.send("大蒜一公斤6块")).last.text
    unit = "公斤" if lang == "zh" else "kg"
    market = t(lang, "adminwords.blank.market")
    garlic = "大蒜" if lang == "zh" else "garlic"
    command = t(
        lang,
        "adminwords.price_new",
        what=garlic,
        product=garlic,
        market=market,
        price="6",
        unit=f" {unit}",
        day="",
    )
    assert said is not None and said.startswith(command), said
    # Asked, it is a farmer's price question as before: the price card, no preview.
    said = (await admin.send("西红柿3块5一斤贵不贵")).last.text
    assert said is not None and not said.startswith(t(lang, "price.confirm"))

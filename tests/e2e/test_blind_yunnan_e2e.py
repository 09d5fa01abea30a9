"""A blind user test in a 云南 county (施甸), through the local Bot API server.

哪点买咖啡苗 was answered with the stations that buy coffee (buying seedlings is no sale);
板扎 after a forward was joined to the forwarded question; 核桃比上个礼拜涨了莫得 got last
week's table and a chart and never said whether it rose; 后天送五百斤洋芋克仁和 (克 = 去) picked
no station; 三七 was offered 芹菜、西红柿、香菜 as the closest. (莫得用 after an answer is in
test_not_helped_e2e.py.) The clock is pinned (tests/conftest.py): Wednesday 10 June 2026.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from bot.sandbox.harness import Harness
from knowledge.kb import threads
from tests.e2e.county import farmer_of_sg01, load_county
from tests.e2e.prices_util import NEAR_BEIJING, markets_and_farmer
from tests.e2e.questions_util import speaks, station_county, stored_questions

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "哪点买辣椒苗"),
        ("zh", "哪里买核桃苗"),
        ("zh", "在哪买化肥"),
        ("zh", "哪点买洋芋种"),
        ("en", "where can I buy tomato seedlings"),
    ],
)
async def test_buying_seedlings_is_a_question_not_a_sale(
    harness: Harness, lang: str, text: str
) -> None:
    await farmer_of_sg01(harness, lang)
    replies = await harness.user(10001, "张大爷").send(text)
    # The knowledge base (empty here), then the offer to ask the station: no buyers.
    assert replies.last.text in (t(lang, "kb.declined"), t(lang, "kb.declined_unstaffed"))
    assert not any("送过去就能卖" in said or "🛒" in said for said in replies.texts)


@pytest.mark.parametrize("text", ["哪点收土豆", "谁要核桃", "哪点卖土豆"])
async def test_who_buys_stays_a_selling_question(harness: Harness, text: str) -> None:
    await farmer_of_sg01(harness)
    replies = await harness.user(10001, "张大爷").send(text)
    assert replies.last.text not in (t("zh", "kb.declined"), t("zh", "kb.declined_unstaffed"))


@pytest.mark.parametrize(
    ("lang", "praise"), [("zh", "板扎"), ("zh", "安逸得很"), ("zh", "巴适"), ("en", "great job")]
)
async def test_praise_after_a_forward_is_never_joined_to_it(
    harness: Harness, lang: str, praise: str
) -> None:
    county = await station_county(harness)
    await speaks(lang, chosen=False)
    farmer = county.user(10001, "张大爷")
    asked = "烤烟叶子花花的皱起来咋个整" if lang == "zh" else "my tobacco leaves are mottled"
    offer = (await farmer.send(asked)).last
    await farmer.press(t(lang, "kb.ask_station_button"), message=offer)
    said = await farmer.send(praise)
    assert said.last.text == t(lang, "kb.chatter.praise")
    [question] = await stored_questions()
    assert threads.parts(question.text) == [asked]  # nothing joined: staff see only the question
    staff = county.user(20001, "李站长")
    assert not any(praise in m.content for m in staff.messages)


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """The three test markets (tests/markets_util.py), farmer 10001 living near Beijing."""
    return await markets_and_farmer(harness, home=NEAR_BEIJING)


async def test_did_it_rise_since_last_week_says_so_first(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    # 西红柿 at 新发地: 2.25 to 2.55 last week (1–7 June), 2.70 today.
    replies = await farmer.send("西红柿比上个礼拜涨了莫得")
    lines = replies.texts[0].split("\n")
    assert lines[0] == (
        "📈 西红柿比上周（6月1日–6月7日）涨了 0.30 元/斤（+12.5%）：新发地现在 2.70，上周平均 2.40。"
    )
    assert lines[2].startswith("📅 西红柿 上周的批发价")  # then the card, and its chart
    assert replies.last.kind == "photo"
    # 土豆: 1.20 every day.
    flat = await farmer.send("上周土豆涨没涨")
    assert flat.texts[0].split("\n")[0] == (
        "➖ 土豆比上周（6月1日–6月7日）没怎么变：新发地现在 1.20，上周平均 1.20。"
    )
    # No period said: against 7 days before, on top of the card.
    week = await farmer.send("西红柿涨了没")
    assert week.texts[0].split("\n")[0] == (
        "📈 西红柿比7天前（6月3日）涨了 0.35 元/斤（+14.9%）：新发地现在 2.70，那时 2.35。"
    )
    assert "💰 西红柿 批发价" in week.texts[0]
    # A plain price question gets the card alone, as before.
    plain = await farmer.send("西红柿多少钱")
    assert plain.texts[0].startswith("💰 西红柿 批发价")


async def test_did_it_rise_in_english(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    replies = await farmer.send("have tomatoes gone up since last week")
    assert replies.texts[0].split("\n")[0] == (
        "📈 tomato is up 0.30 yuan/jin (+12.5%) compared with last week (Jun 1–Jun 7): "
        "2.70 now at 新发地 (Xinfadi), 2.40 on average last week."
    )
    assert replies.last.kind == "photo"


async def test_ke_before_a_station_is_going_there(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    asked = await farmer.send("后天送五百斤大葱克圣城邮政")
    text = asked.last.text or ""
    assert "送到哪个服务站" not in text, text
    for _ in range(2):  # its round, then the summary naming the station
        if "确认" in text:
            break
        await farmer.press(farmer.last.buttons[0])
        text = farmer.last.text or ""
    assert "圣城街道邮政便民服务站" in text, text


async def test_an_unknown_product_is_offered_nothing_unlike_it(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    said = await farmer.send("三七多少钱")
    # Said plainly, with the most asked products: never 芹菜、西红柿、香菜 as "the closest".
    assert said.last.text == t("zh", "prices.unknown_product_none", word="三七")
    async with session_scope() as session:
        values = {"language": "en", "language_chosen": True}
        await session.execute(update(User).where(User.telegram_id == 10001).values(values))
    english = await farmer.send("三七 price")
    assert english.last.text == t("en", "prices.unknown_product_none", word="三七")

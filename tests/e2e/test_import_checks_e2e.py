"""An admin's uploads in a new county, through the local Bot API server (blind tester,
Guangxi 田阳): a buyer's absurd price, the first price file checked against itself, and a
decimal comma reported with every other bad row, in Chinese and in English."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from bot.core.db import session_scope
from bot.markets.prices import local_today
from bot.models import DemandListing, MarketPrice, User
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e
PRICES = "date,product,market,price,unit\n"
DEMAND = "buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact\n"


def today_of(harness: Harness) -> date:
    return local_today(harness.app.bot_data["settings"].tz)


async def _admin(harness: Harness, lang: str) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(30001, "县管理员"), admin_ids=[30001])
        await session.execute(update(User).where(User.telegram_id == 30001).values(language=lang))


async def _count(model: type) -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(
    ("lang", "head", "far"),
    [
        ("zh", "第 2 行，price 列：300 元/斤 和西红柿最近的中位价", "什么都没改"),
        (
            "en",
            "row 2, column price: 300 元/斤 is far from the recent median",
            "nothing was changed",
        ),
    ],
)
async def test_a_buyers_absurd_price_is_refused_in_the_preview(
    harness: Harness, lang: str, head: str, far: str
) -> None:
    # Before: 甘蔗 at 560 元/斤 (median 0.30) previewed as a clean 「新增 1」.
    async with session_scope() as session:
        await seed_markets(session, today_of(harness))
    await _admin(harness, lang)
    admin = harness.user(30001, "县管理员")
    until = (today_of(harness) + timedelta(days=30)).isoformat()
    rows = f"果商,西红柿,5,吨,300,元/斤,,,{until},站\n果商二,土豆,5,吨,1.2,元/斤,,,{until},站\n"
    preview = (await admin.send_document((DEMAND + rows).encode(), "demand.csv"))[0]
    text = preview.text or ""
    assert head in text and far in text.lower(), text
    assert "row 3" not in text and "第 3 行" not in text
    assert preview.buttons == []
    assert await _count(DemandListing) == 0
    # A buyer's real price previews as before.
    fair = f"果商,西红柿,5,吨,2.8,元/斤,,,{until},站\n"
    ok = (await admin.send_document((DEMAND + fair).encode(), "demand2.csv")).last
    assert ok.buttons[0] in ("✅ 确认导入", "✅ Apply"), ok.text


@pytest.mark.parametrize(
    ("lang", "far", "comma"),
    [
        (
            "zh",
            "第 16 行，price 列：28 元/斤 和文件里甘蔗的 15 个价格的中位价 0.28 元/斤 差得太远",
            "第 2 行：有 6 个单元格，但表头只有 5 列：3,5 像是用逗号写了小数（请写成 3.5）",
        ),
        (
            "en",
            "row 16, column price: 28 元/斤 is far from the median 0.28 元/斤 of the file's 15",
            "row 2, column -: 6 cells but the header has 5: 3,5 looks like a decimal comma "
            "(write 3.5)",
        ),
    ],
)
async def test_a_first_price_file_is_checked_against_itself_and_every_row_at_once(
    harness: Harness, lang: str, far: str, comma: str
) -> None:
    await _admin(harness, lang)
    admin = harness.user(30001, "县管理员")
    today = today_of(harness)
    rows = (
        "".join(f"{today - timedelta(days=15 - i)},甘蔗,田阳,0.28,元/斤\n" for i in range(14))
        + f"{today},甘蔗,田阳,28,元/斤\n"
    )
    # The problems, then the full report attached.
    preview = (await admin.send_document((PRICES + rows).encode(), "first.csv"))[0]
    assert far in (preview.text or "") and preview.buttons == [], preview.text
    assert await _count(MarketPrice) == 0
    # A decimal comma, then more bad rows: all said in one preview.
    bad = f"{today},芒果,田阳,3,5,元/斤\n{today},芒果,百色,x,元/斤\n{today},荔枝,田阳,-2,元/斤\n"
    said = (await admin.send_document((PRICES + bad).encode(), "comma.csv"))[0].text or ""
    assert comma in said, said
    assert ("第 3 行" in said or "row 3" in said) and ("第 4 行" in said or "row 4" in said)

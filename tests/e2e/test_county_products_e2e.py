"""A county's own products file (FARMHUB_PRODUCTS) in `farmhub run`: a price file for its
product is imported by the admin, and farmers ask its price, zh and en (blind tester, 定边县:
沙棘 and 荞麦 were refused as unknown products)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.e2e.test_admin_errors_e2e import HEADER
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e
ADMIN, FARMER, TOM = 30001, 10001, 10003
COUNTY = "products:\n  沙棘: {category: 水果, en: sea buckthorn, aliases: [醋柳, 酸刺]}\n"


async def test_a_county_product_is_imported_and_asked_for(
    settings: Settings, tmp_path: Path
) -> None:
    products = tmp_path / "dingbian.yaml"
    products.write_text(COUNTY, encoding="utf-8")
    day = local_today(settings.tz)
    async with session_scope() as session:
        await seed_markets(session, day)
        await touch(session, Visitor(FARMER, "张大爷"))
        await touch(session, Visitor(TOM, "Tom"))
        await touch(session, Visitor(ADMIN, "县管理员"), admin_ids=[ADMIN])
    env = {"FARMHUB_PRODUCTS": str(products)}
    async with Harness.start_process(settings, env=env) as county:
        admin = county.user(ADMIN, "县管理员")
        data = (HEADER + f"{day},沙棘,新发地,6.5,元/斤\n{day},荞麦,新发地,3.2,元/斤\n").encode()
        preview = (await admin.send_document(data, "prices.csv", within=30)).last
        assert (preview.text or "").splitlines()[:2] == [
            "📄 prices.csv：价格，共 2 行",
            "新增 2 · 修改 0 · 不变 0",
        ]
        await admin.press("✅ 确认导入", within=30)
        for _ in range(100):
            if (admin.last.text or "").startswith("✅ 已导入"):
                break
            await asyncio.sleep(0.1)
        assert (admin.last.text or "").startswith("✅ 已导入 prices.csv（价格）：新增 2")
        farmer = county.user(FARMER, "张大爷")
        for question in ("沙棘多少钱", "醋柳啥价一斤"):
            answer = (await farmer.send(question)).texts
            assert any("沙棘" in a and "均价 6.50" in a for a in answer), (question, answer)
        answer = (await farmer.send("荞麦多少钱")).texts
        assert any("荞麦" in a and "均价 3.20" in a for a in answer), answer
        # Nobody buys it: said plainly, with the invitation to list it.
        assert (await farmer.send("哪里收沙棘")).texts[-1] == t("zh", "demand.none", product="沙棘")
        # A produce nobody in the county named: nobody buys it, said first.
        said = (await farmer.send("哪里收黄芪")).texts
        assert said[0] == t("zh", "demand.none_word", word="黄芪")
        tom = county.user(TOM, "Tom")
        await tom.send("/language")
        await tom.press("English")
        answer = (await tom.send("sea buckthorn price")).texts
        assert any("sea buckthorn" in a and "6.50" in a for a in answer), answer
        answer = (await tom.send("buckwheat price")).texts
        assert any("buckwheat" in a and "3.20" in a for a in answer), answer


TIANYANG = "products:\n  番茄: {aliases: [毛秀才]}\n  香蕉: {aliases: [蕉]}\n"


async def test_a_county_local_name_of_a_shipped_product_shares_its_prices(
    settings: Settings, tmp_path: Path
) -> None:
    """田阳县 (blind tester): 毛秀才 is 西红柿 and 蕉 is 香蕉 there; a county file adding them
    was refused, and 蕉几多钱 was asked "您想查什么的价格？"."""
    products = tmp_path / "tianyang.yaml"
    products.write_text(TIANYANG, encoding="utf-8")
    day = local_today(settings.tz)
    async with session_scope() as session:
        await seed_markets(session, day)
        await touch(session, Visitor(FARMER, "张大爷"))
        await touch(session, Visitor(TOM, "Tom"))
        await touch(session, Visitor(ADMIN, "县管理员"), admin_ids=[ADMIN])
    async with Harness.start_process(settings, env={"FARMHUB_PRODUCTS": str(products)}) as county:
        admin = county.user(ADMIN, "县管理员")
        # A price file may name the product by its local name: it is the one product.
        data = (HEADER + f"{day},毛秀才,新发地,2.4,元/斤\n{day},蕉,新发地,1.8,元/斤\n").encode()
        preview = (await admin.send_document(data, "prices.csv", within=30)).last
        assert "共 2 行" in (preview.text or ""), preview.text
        await admin.press("✅ 确认导入", within=30)
        for _ in range(100):
            if (admin.last.text or "").startswith("✅ 已导入"):
                break
            await asyncio.sleep(0.1)
        assert (admin.last.text or "").startswith("✅ 已导入 prices.csv（价格）"), admin.last.text
        farmer = county.user(FARMER, "张大爷")
        for question, name, price in (
            ("毛秀才几多钱", "西红柿", "2.40"),
            ("西红柿多少钱", "西红柿", "2.40"),
            ("蕉几多钱", "香蕉", "1.80"),
            ("香蕉多少钱", "香蕉", "1.80"),
        ):
            answer = (await farmer.send(question)).texts
            assert any(name in a and f"均价 {price}" in a for a in answer), (question, answer)
        tom = county.user(TOM, "Tom")
        await tom.send("/language")
        await tom.press("English")
        answer = (await tom.send("毛秀才 price")).texts
        assert any("tomato" in a and "2.40" in a for a in answer), answer

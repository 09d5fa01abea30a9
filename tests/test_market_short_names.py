"""A county's market named in full gets the short name farmers say (blind walk: 定边洋芋啥价 found
the township 定边街道, and /price needed 定边县马铃薯批发市场 in full)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.alerts.importer import import_prices
from bot.core.db import session_scope
from bot.imports import ImportOptions, read_table
from bot.markets.asked import asked_place
from bot.markets.names import find_market, short_name_of
from bot.markets.prices import all_markets
from bot.models.markets import Market

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("北京新发地农产品批发市场", "新发地"),
        ("定边县马铃薯批发市场", "定边"),
        ("榆林市定边县马铃薯交易中心", "定边"),
        ("寿光农产品物流园", "寿光"),
        ("上海江桥批发市场", "江桥"),
        ("银川市北环批发市场", "北环"),
        ("靖边县农产品批发市场", "靖边"),
        # 红星 alone is 伊春's 红星区 (blind test: 长沙红星市场 shown as 红星): the city is kept.
        ("长沙红星农产品批发市场", "长沙红星"),
        ("长沙红星市场", "长沙红星"),
    ],
)
def test_the_short_name_is_the_markets_own_part(name: str, short: str) -> None:
    assert short_name_of(name) == short


def test_a_short_name_another_market_has_is_not_given() -> None:
    assert short_name_of("定边县马铃薯批发市场", taken={"定边"}) == ""
    assert short_name_of("新发地") == ""  # the name is short already


async def _nowhere(_session: object, _text: str) -> None:
    return None


async def test_an_imported_market_is_found_by_its_short_name(db: str, tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text(
        "date,product,market,price,unit,low,high,province,city,lat,lon,source\n"
        "2026-11-28,洋芋,定边县马铃薯批发市场,0.98,元/斤,,,陕西,榆林,37.59,107.6,县农业局\n",
        encoding="utf-8",
    )
    async with session_scope() as session:
        await import_prices(session, read_table(path), options=ImportOptions(today=TODAY))
    async with session_scope() as session:
        market = await session.scalar(select(Market).where(Market.name == "定边县马铃薯批发市场"))
        assert market is not None and market.short_name == "定边"
        markets = await all_markets(session)
        place = await asked_place(session, "定边洋芋啥价", markets, _nowhere)  # type: ignore[arg-type]
    assert place.kind == "market" and place.label in ("定边", "定边县马铃薯批发市场")
    assert find_market("定边", markets) is not None

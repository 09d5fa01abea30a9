"""`farmhub demand import`: buyers' open requests, CSV or XLSX, checked whole, all or nothing.

Rules (also in docs/markets.md):
- Listings are keyed by (buyer, product): the same pair twice in one file is a
  duplicate; a listing already stored is updated when any field differs.
- A buyer's price per weight (元/斤, 元/公斤) is checked as a market's is
  (bot/markets/plausible.py); livestock may be counted and priced by the head
  (300 只 at 1400 元/只, 元/头), below 100,000 元 a head.
- An empty price is 面议 (to be agreed). The optional `place`, left out or empty,
  keeps the stored one; `-` clears it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.imports import (
    Checker,
    ImportOptions,
    ImportResult,
    Keep,
    ProblemError,
    Table,
    check_header,
    parse_date,
    parse_positive,
    problem,
)
from bot.markets.importer import coordinates, parse_product, text_of
from bot.markets.plausible import (
    HEAD_UNITS,
    PricedRow,
    check_near_median,
    demand_price_unit,
    plausible_demand_price,
)
from bot.markets.prices import sync_products
from bot.models.markets import DemandListing, Product
from knowledge.text.numbers import UNIT_KG

DEMAND_REQUIRED = (
    "buyer",
    "product",
    "quantity",
    "unit",
    "price",
    "unit_price",
    "lat",
    "lon",
    "valid_until",
    "contact",
)
DEMAND_OPTIONAL = ("place",)
MAX_VALID_DAYS = 366
QUANTITY_UNITS = {
    "斤": "斤",
    "市斤": "斤",
    "公斤": "公斤",
    "千克": "公斤",
    "kg": "公斤",
    "吨": "吨",
    "t": "吨",
    # Livestock bought by the head (a demand file's 300 只 肉羊).
    "只": "只",
    "头": "头",
    "head": "头",
}
# More animals than this in one listing is a typing mistake.
MAX_HEADS = 1_000_000


def parse_quantity_unit(raw: str) -> str:
    """斤, 公斤 or 吨 (千克, kg, t accepted), or 只 / 头 for livestock by the head."""
    unit = QUANTITY_UNITS.get(raw.strip().lower())
    if unit is None:
        raise ProblemError("unknown_quantity_unit", raw=raw)
    return unit


def _too_many(quantity: float, unit: str) -> bool:
    # Over 100,000 t, or a million animals, in one listing.
    if unit in HEAD_UNITS:
        return quantity > MAX_HEADS
    return quantity * UNIT_KG[unit] > 1e8


async def import_demand(
    session: AsyncSession, table: Table, *, options: ImportOptions
) -> ImportResult:
    """Check every row of a demand file, then add or update every listing, or raise ImportFailed."""
    today = options.today
    check_header(table, DEMAND_REQUIRED, DEMAND_OPTIONAL)
    checker = Checker()
    records: list[dict[str, Any]] = []
    priced: list[PricedRow] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        buyer = checker.cell(row, "buyer", text_of(100))
        product = checker.cell(row, "product", parse_product)
        quantity = checker.cell(row, "quantity", parse_positive)
        unit = checker.cell(row, "unit", parse_quantity_unit)
        if quantity is not None and unit is not None and _too_many(quantity, unit):
            implausible = problem("implausible_quantity", quantity=f"{quantity:g}", unit=unit)
            checker.add(row, "quantity", implausible)
        # An empty price is "面议" (to be agreed); a given price needs its unit, per weight
        # or per head (元/只). A unit not understood is the problem said: the price is then
        # only read as a number, not judged in a unit the file does not say.
        price_unit_ = checker.cell(
            row, "unit_price", demand_price_unit, required=bool(row.get("price"))
        )
        unit_said = price_unit_ is not None or not row.get("unit_price")
        parse = plausible_demand_price(price_unit_ or "斤") if unit_said else parse_positive
        price = checker.cell(row, "price", parse, required=False)
        lat, lon = coordinates(checker, row)
        valid_until = checker.cell(row, "valid_until", parse_date)
        if valid_until is not None and valid_until < today:
            checker.add(row, "valid_until", problem("already_past", day=valid_until.isoformat()))
        elif valid_until is not None and (valid_until - today).days > MAX_VALID_DAYS:
            checker.add(row, "valid_until", problem("over_a_year", day=valid_until.isoformat()))
        contact = checker.cell(row, "contact", text_of(100))
        # Left out or empty, the place stays as stored; `-` clears it.
        place = checker.kept(row, "place", text_of(100))
        # Per head there is no median to compare with (market prices are per weight).
        per_weight = price_unit_ if price_unit_ not in HEAD_UNITS else None
        if product is not None and price is not None and per_weight is not None:
            priced.append(PricedRow(row.number, product, price, per_weight))
        if buyer is None or product is None:
            continue
        key = (buyer, product)
        if key in seen:
            checker.add(row, "buyer", problem("duplicate_demand", row=seen[key]))
            continue
        seen[key] = row.number
        record: dict[str, Any] = {
            "buyer": buyer,
            "product": product,
            "quantity": quantity,
            "quantity_unit": unit,
            "price": price,
            "price_unit": price_unit_ or "斤",
            "lat": lat,
            "lon": lon,
            "valid_until": valid_until,
            "contact": contact,
        }
        if not isinstance(place, Keep):
            record["place"] = place or ""
        records.append(record)
    # A buyer's price is checked as a market's is (docs/markets.md, "as above").
    await check_near_median(session, checker, priced)
    checker.raise_if_any()
    return await _apply_demand(session, records)


async def _apply_demand(session: AsyncSession, records: list[dict[str, Any]]) -> ImportResult:
    result = ImportResult()
    await sync_products(session)
    products = {p.name: p.id for p in await session.scalars(select(Product))}
    stored = {(d.buyer, d.product_id): d for d in await session.scalars(select(DemandListing))}
    for record in records:
        values = {k: v for k, v in record.items() if k != "product"}
        values["product_id"] = products[record["product"]]
        listing = stored.get((values["buyer"], values["product_id"]))
        if listing is None:
            session.add(DemandListing(**values))
            result.added += 1
        elif all(getattr(listing, k) == v for k, v in values.items()):
            result.unchanged += 1
        else:
            for k, v in values.items():
                setattr(listing, k, v)
            result.updated += 1
    await session.flush()
    return result

"""Single records from the chat, through the same path as a file: one entry, one price.

Telegram-free. `/kb add`, `/kb edit ID` and `/price ...` make a one-row file of
the import format and stage it as an upload, so the admin sees the same preview,
confirms with the same button, and the apply is the same import (a price fires
its alerts, anything can be /undo-ne). `/kb delete ID` is not an import: it is
kept as an apply of its own, with the rows it removed, so /undo restores them.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Table as SqlTable
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admindata.changes import Scope, diff, snapshot
from bot.admindata.previews import HAND_ENTRY_PREFIX, HAND_PRICE_PREFIX, Preview, TypedPrice
from bot.admindata.review import Flag, flags
from bot.admindata.uploads import pending_file, product_name, receive
from bot.audit import record
from bot.core import clock
from bot.core.db import session_scope
from bot.imports import ImportFailed, ProblemError, read_table, sheet_bytes
from bot.markets.exports import PRICE_COLUMNS
from bot.markets.names import find_market
from bot.markets.prices import all_markets, convert, price_unit
from bot.models import DataApply, KbEntry, KbPhrasing, Market, MarketPrice, OpenQuestion, Product
from knowledge.kb.entries import MAX_ANSWER, MAX_QUESTION, Entry, entries_from_table, entry_rows
from knowledge.kb.repository import to_entry
from knowledge.kb.search import engine
from knowledge.text.english import chinese_tags
from knowledge.text.lexicon import lexicon


async def get(entry_id: str) -> Entry | None:
    """One entry by id."""
    async with session_scope() as session:
        row = await session.get(KbEntry, entry_id)
        return None if row is None else to_entry(row)


def new_entry_id(tz: ZoneInfo) -> str:
    """An id for an entry an admin adds in the chat, dated where the admin is (settings.tz)."""
    return f"admin-{clock.local_now(tz):%Y%m%d%H%M%S}"


async def free_entry_id(tz: ZoneInfo) -> str:
    """new_entry_id, with -2, -3 … when an entry has it already (two added in one second:
    the second must not replace the first)."""
    base = new_entry_id(tz)
    async with session_scope() as session:
        taken = set(await session.scalars(select(KbEntry.id).where(KbEntry.id.startswith(base))))
    entry_id, n = base, 1
    while entry_id in taken:
        n += 1
        entry_id = f"{base}-{n}"
    return entry_id


@dataclass(frozen=True)
class Staged:
    """An entry staged as a one-row upload: its preview and the words to check."""

    entry: Entry
    preview: Preview
    flags: list[Flag]


async def stage_entry(user_id: int, entry: Entry, today: date) -> Staged:
    """Stage a new or changed entry for the admin's confirmation (the kb import's preview)."""
    header, rows = entry_rows([entry], every_column=True)
    data = sheet_bytes(".csv", header, rows)
    preview = await receive(user_id, f"{HAND_ENTRY_PREFIX}{entry.id}.csv", data, today)
    # The English answer too: an English-mode farmer reads that one.
    return Staged(entry, preview, flags(entry.answer) + flags(entry.answer_en or ""))


async def restage_entry(user_id: int, upload_id: int, today: date) -> Staged | None:
    """A staged entry not yet confirmed, staged again (to be shown anew: in another language);
    None when it was confirmed, cancelled or replaced since, or is no entry."""
    kept = await pending_file(user_id, upload_id)
    if kept is None or not kept[0].startswith(HAND_ENTRY_PREFIX):
        return None
    file_name, data = kept
    try:
        found = entries_from_table(read_table(data, file_name))
    except ImportFailed:
        return None
    return await stage_entry(user_id, found[0], today) if len(found) == 1 else None


# ---------------------------------------------------------------- /kb edit, field by field

# Tags typed in the chat: separated by any of these (the import's `|` included), and by
# spaces once English is read ("sweet potato" is one tag, 红薯: knowledge.text.english).
_PARTS = re.compile(r"[|,，、;；\n]+")
# Typed to empty a field that may be empty (tags).
CLEAR = "-"


class BadValue(ValueError):
    """A typed value that cannot go in the field (`limit`: its maximum length, 0 if empty)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} characters" if limit else "empty")
        self.limit = limit


def draft_of(entry: Entry) -> dict[str, Any]:
    """An entry as a JSON-safe draft (kept in the conversation across restarts)."""
    return asdict(entry)


def entry_of(draft: dict[str, Any]) -> Entry:
    """The entry a draft holds."""
    return Entry(**draft)


def _one_line(text: str, limit: int) -> str:
    # `|` separates phrasings in the import format: it cannot be part of one.
    value = " ".join(text.replace("|", " ").split())
    if not value:
        raise BadValue(0)
    if len(value) > limit:
        raise BadValue(limit)
    return value


def _answer(text: str) -> str:
    value = text.strip()
    if not value:
        raise BadValue(0)
    if len(value) > MAX_ANSWER:
        raise BadValue(MAX_ANSWER)
    return value


def change(entry: Entry, field: str, text: str) -> Entry:
    """The entry with one typed field changed (alt_add adds a phrasing); BadValue if it cannot."""
    if field == "question":
        return replace(entry, question=_one_line(text, MAX_QUESTION))
    if field == "answer":
        return replace(entry, answer=_answer(text))
    if field == "question_en":
        return replace(entry, question_en=_one_line(text, MAX_QUESTION))
    if field == "answer_en":
        return replace(entry, answer_en=_answer(text))
    if field == "tags":
        if text.strip() == CLEAR:
            return replace(entry, tags=[])
        # Typed in English (tomato, sweet potato): the base's Chinese product names.
        typed = [tag for part in _PARTS.split(text) for tag in chinese_tags(part)]
        tags = [_one_line(tag, 40) for tag in typed if tag.strip()]
        if not tags:
            raise BadValue(0)
        return replace(entry, tags=list(dict.fromkeys(tags)))
    if field == "alt_add":
        alt = _one_line(text, MAX_QUESTION)
        if alt == entry.question or alt in entry.alt_questions:
            return entry
        return replace(entry, alt_questions=[*entry.alt_questions, alt])
    raise ValueError(f"no such field: {field}")


def drop_phrasing(entry: Entry, index: int) -> Entry:
    """The entry without its alternative phrasing number `index` (unchanged if none)."""
    if not 0 <= index < len(entry.alt_questions):
        return entry
    alts = [alt for i, alt in enumerate(entry.alt_questions) if i != index]
    return replace(entry, alt_questions=alts)


async def stage_price(
    user_id: int,
    product: str,
    market: str,
    price: str,
    unit: str | None,
    day: date,
    today: date,
    said: str | None = None,
) -> Preview:
    """Stage a price typed by hand (checked by the price import, applied on confirmation).

    The market may be named by its pinyin (Xinfadi): the market meant is staged, by its
    name. Without a unit the price is per the unit the market quotes it in (江桥 quotes
    per 公斤: /price 土豆 江桥 2.2 read per 斤 doubled its price), per 斤 at a market
    with no price yet. A price typed per another unit than the market's is staged in
    the market's (1.2 元/公斤 at 新发地 is 0.6 元/斤), the typed one said beside it.
    `said`: the price as typed (三块五), when `price` is what it read.
    """
    async with session_scope() as session:
        known = find_market(market, await all_markets(session))
    market = market if known is None else known.name
    quote = await _last_quote(market, product)
    own = _unit_of(quote)
    typed_as = None
    if unit is not None and quote is not None:
        converted = _in_unit(price, unit, own)
        if converted is not None:
            # Stored in the market's own unit: a market's series stays in one unit, so
            # farmers see its prices (and their change) as the market quotes them.
            typed_as, price = (price, unit), converted
    unit = own if unit is None or typed_as is not None else unit
    # The price being replaced when the day has one (sandbox walk: a price for 昨天 was set
    # beside today's), else the latest before it: what the typed one is checked by.
    earlier = await _price_by(market, product, day)
    row = {"date": day.isoformat(), "product": product, "market": market}
    # No low or high: the import keeps the day's stored ones while they hold the price. The
    # source (who reported the price replaced) is cleared: the price is the admin's own now.
    row |= {"price": price, "unit": unit, "source": CLEAR}
    data = sheet_bytes(".csv", list(PRICE_COLUMNS), [row])
    preview = await receive(user_id, f"{HAND_PRICE_PREFIX}{product}-{market}.csv"[:80], data, today)
    name = product_name(product)
    before, replaces = None, False
    if preview.applicable and earlier is not None:
        before, replaces = (earlier.avg, earlier.unit), earlier.day == day
    typed = TypedPrice(name, market, price, unit, day, before, said or price, typed_as, replaces)
    return replace(preview, typed=typed)


class _DayPrice(NamedTuple):
    """A market's price of a product on a day: its average, unit and day."""

    avg: float
    unit: str
    day: date


async def _price_by(market: str, product: str, day: date) -> _DayPrice | None:
    """The market's price of the product on `day`, else its latest before."""
    name = lexicon().term_of.get(product, product)
    async with session_scope() as session:
        found = (
            await session.execute(
                select(MarketPrice.avg, MarketPrice.unit, MarketPrice.day)
                .join(Market, Market.id == MarketPrice.market_id)
                .join(Product, Product.id == MarketPrice.product_id)
                .where((Market.name == market) | (Market.short_name == market))
                .where(Product.name == name, MarketPrice.day <= day)
                .order_by(MarketPrice.day.desc())
                .limit(1)
            )
        ).first()
    return None if found is None else _DayPrice(*found)


def _in_unit(price: str, unit: str, own: str) -> str | None:
    """A price typed per another unit than the market's, per the market's; else None.

    None too when the price or the unit cannot be read: the import says why.
    """
    try:
        weight, wanted = price_unit(unit), price_unit(own)
        yuan = float(price)
    except (ProblemError, ValueError):
        return None
    if weight == wanted or not math.isfinite(yuan):
        return None
    return f"{round(convert(yuan, weight, wanted), 4):g}"


class _Quote(NamedTuple):
    """A market's latest price: its average, its unit (斤, 公斤), whether of the product asked."""

    avg: float
    unit: str
    this_product: bool


async def _last_quote(market: str, product: str) -> _Quote | None:
    """The market's (by name or short name) latest price of the product, else of any product."""
    name = lexicon().term_of.get(product, product)
    same = Product.name == name
    async with session_scope() as session:
        found = (
            await session.execute(
                select(MarketPrice.avg, MarketPrice.unit, same)
                .join(Market, Market.id == MarketPrice.market_id)
                .join(Product, Product.id == MarketPrice.product_id)
                .where((Market.name == market) | (Market.short_name == market))
                .order_by(same.desc(), MarketPrice.day.desc())
                .limit(1)
            )
        ).first()
    return None if found is None else _Quote(found[0], found[1], bool(found[2]))


def _unit_of(quote: _Quote | None) -> str:
    # Per 斤 at a market with no price yet, as markets mostly quote.
    return "元/斤" if quote is None else f"元/{quote.unit}"


async def quoted_unit(market: str, product: str) -> str:
    """The unit a market last quoted (this product first): 元/斤 or 元/公斤."""
    return _unit_of(await _last_quote(market, product))


async def restage_price(
    user_id: int, upload_id: int, market_id: int, today: date
) -> Preview | None:
    """The staged /price again, at a known market instead of the unknown one it named.

    None when there is no such pending /price of this admin (confirmed, cancelled or
    replaced since) or no such market. The new preview replaces the old one.
    """
    pending = await pending_file(user_id, upload_id)
    async with session_scope() as session:
        market = await session.get(Market, market_id)
        market_name = None if market is None else market.name
    if pending is None or market_name is None or not pending[0].startswith(HAND_PRICE_PREFIX):
        return None
    file_name, data = pending
    try:
        rows = read_table(data, file_name).rows
    except ImportFailed:
        return None
    if len(rows) != 1:
        return None
    row = rows[0]
    try:
        day = date.fromisoformat(row.get("date"))
    except ValueError:
        return None
    product, price, unit = row.get("product"), row.get("price"), row.get("unit")
    return await stage_price(user_id, product, market_name, price, unit, day, today)


def _t(model: object) -> SqlTable:
    table: SqlTable = model.__table__  # type: ignore[attr-defined]
    return table


async def delete_entry(session: AsyncSession, user_id: int, entry_id: str) -> bool:
    """Delete an entry (its phrasings go with it), kept for /undo; False if there is none."""
    if await session.get(KbEntry, entry_id) is None:
        return False
    entries, phrasing_rows, questions = _t(KbEntry), _t(KbPhrasing), _t(OpenQuestion)
    scopes = [
        Scope(entries, entries.c.id == entry_id),
        Scope(phrasing_rows, phrasing_rows.c.entry_id == entry_id),
        Scope(questions, questions.c.kb_entry_id == entry_id),
    ]
    before = await snapshot(session, scopes)
    # Phrasings and links from questions go explicitly: SQLite may run without FKs.
    await session.execute(delete(KbPhrasing).where(KbPhrasing.entry_id == entry_id))
    linked = await session.scalars(select(OpenQuestion).where(OpenQuestion.kb_entry_id == entry_id))
    for question in linked:
        question.kb_entry_id = None
    await session.execute(delete(KbEntry).where(KbEntry.id == entry_id))
    # The rows removed are read before the delete, so the snapshot after must
    # not see the deleted objects: expire what the session holds.
    session.expire_all()
    changes = diff(before, await snapshot(session, scopes))
    name = f"/kb delete {entry_id}"
    applied = DataApply(
        user_id=user_id,
        via="chat",
        kind="kb",
        file_name=name[:255],
        counts={"added": 0, "updated": 0, "unchanged": 0, "deleted": 1},
        changes=changes.to_json(),
        applied_at=clock.utcnow(),
    )
    session.add(applied)
    await session.flush()
    await record(session, user_id, "kb.delete", entry_id, after={"apply_id": applied.id})
    engine().remove(entry_id)
    return True

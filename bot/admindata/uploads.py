"""Uploads from the chat: receive a file, preview it, apply it on confirmation, undo it.

Telegram-free. Every step is the command line's import (bot.imports): the same
reader, the same checks, the same importer; the preview runs it and rolls it back,
the apply runs it for real (a price file queues its alerts then, in the same
transaction; a price typed by hand holds them a few minutes, bot.admindata.alerts)
and keeps the rows it changed (bot.admindata.changes) for /undo, which is
bot.admindata.undo (its names are importable from here too, where they began).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admindata.alerts import TYPED_PRICE_GRACE, held_alerts, supersede_held
from bot.admindata.changes import ChangeSet, diff, snapshot
from bot.admindata.kinds import KINDS, recognise
from bot.admindata.previews import (
    HAND_PRICE_PREFIX,
    Applied,
    KnownMarket,
    NewMarket,
    Preview,
    TypedPrice,
    hand_entry_id,
)
from bot.admindata.review import flags
from bot.admindata.undo import Undone as Undone
from bot.admindata.undo import last_apply as last_apply
from bot.admindata.undo import undo as undo
from bot.audit import record
from bot.core import clock
from bot.core.db import session_scope
from bot.imports import (
    ImportFailed,
    ImportOptions,
    ImportResult,
    Table,
    WarningsNotAccepted,
    preview_table,
    read_table,
    run_import,
)
from bot.markets.importer import MARKETS_ADDED
from bot.markets.names import closest_markets
from bot.markets.prices import all_markets
from bot.models import DataApply, DataUpload, UploadStatus
from bot.models.knowledge import KbEntry
from bot.models.markets import MarketPrice as Price
from knowledge.text.lexicon import lexicon

# A pending upload older than this is forgotten: its bytes dropped at the next upload,
# and the row deleted by the nightly housekeeping (prune_pending).
PENDING_FOR = timedelta(days=1)
# The new markets of a price file shown with their closest known ones (the count says all).
NEW_MARKETS_SHOWN = 20


async def _read(data: bytes, name: str) -> Table:
    # Parsing a 20 MB workbook takes seconds: off the event loop, so other chats go on.
    # A row that does not fit the header is previewed with every other row's problems.
    return await asyncio.to_thread(partial(read_table, keep_bad_rows=True), data, name)


def _label(user_id: int | None, file_name: str) -> str:
    who = "cli" if user_id is None else f"admin:{user_id}"
    return f"{who}:{file_name}"[:64]


def _options(
    today: date,
    user_id: int | None,
    file_name: str,
    preview: bool = False,
    new_markets: bool = False,
    anyway: bool = False,
) -> ImportOptions:
    by_hand = file_name.startswith(HAND_PRICE_PREFIX)
    return ImportOptions(
        today=today,
        by=_label(user_id, file_name),
        preview=preview,
        replace_sample=not by_hand,
        # A file adds the markets it names (documented); a price typed by hand only
        # once the admin confirmed its new market. The preview shows what would be
        # added either way, so the admin can be asked.
        new_markets=preview or not by_hand or new_markets,
        # One admin's typed word alerts farmers only after a grace: /undo can stop it,
        # and so does any later write of the same product, market and day (a /price typed
        # again, a file sent here or imported on the command line): only the latest alerts.
        hold_alerts=TYPED_PRICE_GRACE if by_hand else timedelta(0),
        before_alerts=None if preview else supersede_held,
        # A price doubled overnight is imported only through 「⚠️ 照样导入」; a /price
        # asks about a big change in its own preview (TypedPrice.jump) instead.
        accept_warnings=by_hand or anyway,
    )


async def receive(user_id: int, file_name: str, data: bytes, today: date) -> Preview:
    """Read a sent file, keep it until confirmed, and preview it (its kind from the header)."""
    name = file_name[:255]
    try:
        table = await _read(data, name)
    except ImportFailed as failed:
        return Preview(None, name, result=ImportResult.refused(failed.errors))
    kind = recognise(table.header)
    async with session_scope() as session:
        # One pending upload per admin: a new file replaces the one not confirmed.
        await session.execute(
            update(DataUpload)
            .where(
                DataUpload.status == UploadStatus.pending,
                (DataUpload.user_id == user_id)
                | (DataUpload.created_at < clock.utcnow() - PENDING_FOR),
            )
            .values(status=UploadStatus.cancelled, data=b"")
        )
        upload = DataUpload(
            user_id=user_id, file_name=name, data=data, kind=kind, created_at=clock.utcnow()
        )
        session.add(upload)
        await session.flush()
        upload_id = upload.id
    if kind is None:
        ranked = sorted(KINDS.values(), key=lambda k: -k.overlap(table.header))
        candidates = [k.name for k in ranked]
        return Preview(
            upload_id,
            name,
            candidates=candidates,
            rows=len(table.rows),
            entries=table.entries,
            header=table.header,
        )
    return await _preview(upload_id, name, kind, table, today, user_id)


async def prune_pending(session: AsyncSession) -> int:
    """Delete the uploads left unconfirmed for more than PENDING_FOR; how many were deleted."""
    # Only pending ones: applied uploads are kept (their bytes are already dropped)
    # as the record of what was confirmed.
    deleted = await session.execute(
        delete(DataUpload)
        .where(
            DataUpload.status == UploadStatus.pending,
            DataUpload.created_at < clock.utcnow() - PENDING_FOR,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(deleted, "rowcount", 0) or 0)


async def _preview(
    upload_id: int, name: str, kind: str, table: Table, today: date, user_id: int
) -> Preview:
    result = await preview_table(kind, table, _options(today, user_id, name, preview=True))
    added = result.names.get(MARKETS_ADDED, []) if not result.errors else []
    flagged = []
    if kind == "kb":
        for row in table.rows:
            found = flags(row.get("answer"))
            if found:
                flagged.append((row.number, found))
    return Preview(
        upload_id,
        name,
        kind,
        rows=len(table.rows),
        entries=table.entries,
        result=result,
        header=table.header,
        flagged=flagged,
        new_markets=await _new_markets(added[:NEW_MARKETS_SHOWN]),
    )


async def _new_markets(names: list[str]) -> list[NewMarket]:
    if not names:
        return []
    async with session_scope() as session:
        known = await all_markets(session)
    return [
        NewMarket(
            name,
            tuple(
                KnownMarket(m.id, m.name, m.short_name or "") for m in closest_markets(name, known)
            ),
        )
        for name in names
    ]


async def pending_file(user_id: int, upload_id: int) -> tuple[str, bytes] | None:
    """The name and bytes of this admin's pending upload (None: no such upload)."""
    async with session_scope() as session:
        upload = await _pending(session, user_id, upload_id)
        return None if upload is None else (upload.file_name, upload.data)


async def is_typed_price(user_id: int, upload_id: int) -> bool:
    """True when this admin's upload (pending or not) was a price typed with /price."""
    async with session_scope() as session:
        upload = await session.get(DataUpload, upload_id)
        if upload is None or upload.user_id != user_id:
            return False
        return upload.file_name.startswith(HAND_PRICE_PREFIX)


async def _pending(session: AsyncSession, user_id: int, upload_id: int) -> DataUpload | None:
    upload = await session.get(DataUpload, upload_id)
    if upload is None or upload.user_id != user_id or upload.status is not UploadStatus.pending:
        return None
    return upload


async def choose_kind(user_id: int, upload_id: int, kind: str, today: date) -> Preview | None:
    """The admin said which kind the file is: preview it as that (None: no such upload)."""
    if kind not in KINDS:
        return None
    async with session_scope() as session:
        upload = await _pending(session, user_id, upload_id)
        if upload is None:
            return None
        upload.kind = kind
        name, data = upload.file_name, upload.data
    return await _preview(upload_id, name, kind, await _read(data, name), today, user_id)


async def cancel(user_id: int, upload_id: int) -> bool:
    """Forget a pending upload; False if there is none by that id."""
    async with session_scope() as session:
        upload = await _pending(session, user_id, upload_id)
        if upload is None:
            return False
        upload.status, upload.data = UploadStatus.cancelled, b""
    return True


async def apply_table(
    session: AsyncSession,
    kind: str,
    table: Table,
    *,
    file_name: str,
    today: date,
    user_id: int | None,
    via: str = "chat",
    new_markets: bool = False,
    anyway: bool = False,
) -> tuple[DataApply, ImportResult]:
    """Import a table in the caller's unit of work, keeping what it changed; ImportFailed if bad.

    The chat applies through here (and the command line through apply_cli), so
    both can be undone and both are in the audit log. `new_markets`: the admin
    confirmed the new market of a price typed by hand (a file's are always added);
    `anyway`: the admin pressed 「⚠️ 照样导入」 under the preview's warnings.
    """
    options = _options(today, user_id, file_name, new_markets=new_markets, anyway=anyway)
    applied, result = await _apply_kept(
        session, kind, table, table, options, file_name, user_id, via, keep_empty=True
    )
    assert applied is not None  # keep_empty: always kept
    return applied, result


async def apply_cli(
    session: AsyncSession,
    kind: str,
    table: Table,
    rows: Table,
    options: ImportOptions,
    file_name: str,
) -> ImportResult:
    """`farmhub KIND import`: the import, kept as an apply of the command line (user None).

    `rows` is the table the importer walks (progress bars count it); `table` the
    same rows read once more to find what the import may touch. An import that
    changed nothing is not kept: it would only stand in the way of `imports undo`.
    """
    if kind not in KINDS:
        # A kind the chat does not take (villages): imported and audited as
        # before, not kept for undo (nothing says which rows it may touch).
        result = await run_import(session, kind, rows, options)
        if result.added or result.updated or any(result.extra.values()):
            await record(
                session,
                None,
                "import",
                f"{kind} {file_name}",
                after={"summary": result.summary()},
                via="cli",
            )
        return result
    if options.before_alerts is None and not options.preview:
        # A price imported here withdraws the held alerts of a /price of the same rows.
        options = replace(options, before_alerts=supersede_held)
    _, result = await _apply_kept(
        session, kind, table, rows, options, file_name, None, "cli", keep_empty=False
    )
    return result


async def _apply_kept(
    session: AsyncSession,
    kind: str,
    table: Table,
    rows: Table,
    options: ImportOptions,
    file_name: str,
    user_id: int | None,
    via: str,
    *,
    keep_empty: bool,
) -> tuple[DataApply | None, ImportResult]:
    scopes = KINDS[kind].scopes(table)
    before = await snapshot(session, scopes)
    result = await run_import(session, kind, rows, options)
    changes = diff(before, await snapshot(session, scopes))
    if not changes.tables and not keep_empty:
        return None, result
    counts = {"added": result.added, "updated": result.updated, "unchanged": result.unchanged}
    applied = DataApply(
        user_id=user_id,
        via=via,
        kind=kind,
        file_name=file_name[:255],
        counts=counts,
        changes=changes.to_json(),
        applied_at=clock.utcnow(),
        alert_run_id=result.alert_run,
    )
    session.add(applied)
    await session.flush()
    # A price typed by hand is read in the log as its old → new price (README: before, after),
    # with the day it is for; an entry typed by hand by its question.
    typed_price = file_name.startswith(HAND_PRICE_PREFIX)
    was, now = await _typed_price(session, changes) if typed_price else (None, None)
    said: dict[str, str] = {}
    if now is not None:
        said["price"] = now
    if rows.rows and (typed_price or hand_entry_id(file_name) is not None):
        field = "date" if typed_price else "question"
        said |= {field: str(rows.rows[0].get(field) or "")[:200]}
    # An entry edited by hand (/kb edit): each field it changed, old → new (README promise).
    entry_was, entry_now = _typed_entry(changes) if hand_entry_id(file_name) else ({}, {})
    was_said: dict[str, object] | None = {"price": was} if was is not None else entry_was or None
    await record(
        session,
        user_id,
        "data.apply",
        f"{kind}:{file_name}",
        before=was_said,
        after={**said, **entry_now, **counts, "apply_id": applied.id},
        via=via,
    )
    return applied, result


async def _typed_price(session: AsyncSession, changes: ChangeSet) -> tuple[str | None, str | None]:
    """A typed price's old and new price (1.1 元/斤, 1.6 元/斤): the day's own price it replaced,
    or else the market's last price before that day; None where there is none."""
    part = next((p for p in changes.tables if p.table == Price.__tablename__), None)
    if part is None:
        return None, None
    if part.changed:
        key, old, new = part.changed[0]
        row = await session.get(Price, key.get("id"))
        unit = row.unit if row is not None else ""
        if "avg" not in new:
            return None, None
        return _said_price(old["avg"], unit), _said_price(new["avg"], unit)
    if not part.added:
        return None, None
    added = part.added[0]
    earlier = await session.scalar(
        select(Price)
        .where(
            Price.product_id == added["product_id"],
            Price.market_id == added["market_id"],
            Price.day < date.fromisoformat(str(added["day"])),
        )
        .order_by(Price.day.desc())
        .limit(1)
    )
    was = _said_price(earlier.avg, earlier.unit) if earlier is not None else None
    return was, _said_price(added["avg"], str(added["unit"]))


# An entry's columns that are no field its editor changed (kept by the base itself).
_UNSAID = frozenset({"id", "tokens", "tokens_version", "updated_at", "updated_by"})


def _typed_entry(changes: ChangeSet) -> tuple[dict[str, object], dict[str, object]]:
    """The fields an entry edited by hand changed, as (before, after); a list (its other
    phrasings, its tags) as what was taken out and what was put in."""
    part = next((p for p in changes.tables if p.table == KbEntry.__tablename__), None)
    if part is None or not part.changed:
        return {}, {}
    _, old, new = part.changed[0]
    was: dict[str, object] = {}
    now: dict[str, object] = {}
    for name, value in new.items():
        earlier = old.get(name)
        if name in _UNSAID or earlier == value:
            continue
        if isinstance(value, list) and isinstance(earlier, list | None):
            kept = earlier or []
            was[name] = [item for item in kept if item not in value]
            now[name] = [item for item in value if item not in kept]
        else:
            was[name], now[name] = earlier, value
    return was, now


def _said_price(value: object, unit: str) -> str:
    # 1.6 元/斤 as typed, not 1.6000000000000001.
    return f"{float(str(value)):g} 元/{unit}" if unit else f"{float(str(value)):g}"


async def apply(
    user_id: int,
    upload_id: int,
    today: date,
    *,
    new_markets: bool = False,
    anyway: bool = False,
) -> Applied | None:
    """Apply a previewed upload as one unit of work (None: no such pending upload).

    Checked again as it is applied: the data may have changed since the preview.
    `new_markets`: the admin confirmed creating the market a /price names (without
    it, a price typed by hand for an unknown market is refused, never stored).
    """
    async with session_scope() as session:
        upload = await _pending(session, user_id, upload_id)
        if upload is None or upload.kind is None:
            return None
        kind, name, data = upload.kind, upload.file_name, upload.data
    try:
        table = await _read(data, name)
        async with session_scope() as session:
            # Claimed first, by a conditional update: of two ✅ handled at once (a
            # double tap, a redelivered update) only one finds it pending; the other
            # waits for the row and then finds it applied. Rolled back with the rest.
            claimed = await session.execute(
                update(DataUpload)
                .where(
                    DataUpload.id == upload_id,
                    DataUpload.user_id == user_id,
                    DataUpload.status == UploadStatus.pending,
                )
                .values(status=UploadStatus.applied)
                .execution_options(synchronize_session=False)
            )
            upload = await session.get(DataUpload, upload_id)
            if getattr(claimed, "rowcount", 0) != 1 or upload is None:
                return None  # a double tap applied it meanwhile
            applied, result = await apply_table(
                session,
                kind,
                table,
                file_name=name,
                today=today,
                user_id=user_id,
                new_markets=new_markets,
                anyway=anyway,
            )
            upload.status, upload.data = UploadStatus.applied, b""
            by_hand = name.startswith(HAND_PRICE_PREFIX)
            held = await held_alerts(session, applied.alert_run_id) if by_hand else 0
            return Applied(
                applied.id,
                kind,
                name,
                result,
                _typed(name, table),
                _entry(name, table),
                alerts_held=held,
                alerts_replaced=result.alerts_replaced,
            )
    except ImportFailed as failed:
        # Raised inside the unit of work: it was rolled back, nothing changed.
        refused = ImportResult.refused(failed.errors)
        if isinstance(failed, WarningsNotAccepted):
            refused.warnings = failed.errors  # ✅ on prices that jump: said as warnings
        return Applied(None, kind, name, refused)


def _typed(file_name: str, table: Table) -> TypedPrice | None:
    # A /price's one row, said back once saved (the market is the one it was saved at).
    if not file_name.startswith(HAND_PRICE_PREFIX) or len(table.rows) != 1:
        return None
    row = table.rows[0]
    try:
        day = date.fromisoformat(row.get("date"))
    except ValueError:
        return None
    fields = (row.get("market"), row.get("price"), row.get("unit"))
    return TypedPrice(product_name(row.get("product")), *fields, day)


def _entry(file_name: str, table: Table) -> tuple[str, str] | None:
    # A /kb add or edit's one entry, named once saved by its id and question.
    if hand_entry_id(file_name) is None or len(table.rows) != 1:
        return None
    row = table.rows[0]
    return row.get("id"), row.get("question")


def product_name(word: str) -> str:
    """A product as typed (番茄, tomato) by its canonical name (西红柿); unknown ones as typed."""
    product = lexicon().product(word)
    return word if product is None else product.name

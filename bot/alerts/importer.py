"""`farmhub alerts import FILE`: farmers' price alert subscriptions, all or nothing.

The import (a contract) reads `telegram_id,product,market,kind,value` [+ `unit`]:
`kind` is daily, above, below or move; `value` is a time HH:MM, a price per `unit` or
a percentage; `unit` (above and below only) is 斤 or 公斤 (元/斤, 元/公斤, jin, kg),
the unit the farmer reads the alert in; no such column, or an empty cell, is 斤. An
empty `market` means the farmer's nearest markets (a market's
name, short name or their pinyin — Xinfadi —, a city or a province otherwise).
Every farmer must have started the bot. Like every import: every bad row is reported as `row N,
column C: problem` and nothing changes unless the whole file is valid; rows are
keyed by (telegram_id, product, market, kind), so importing the same file again
changes nothing and a new value updates the subscription.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.firing import fire
from bot.alerts.model import AlertError, AlertSpec
from bot.alerts.parsing import parse_value
from bot.alerts.service import subscribe
from bot.core import clock
from bot.imports import (
    Checker,
    ImportOptions,
    ImportResult,
    Param,
    Problem,
    ProblemError,
    Table,
    check_header,
    parse_int,
    problem,
)
from bot.markets.importer import store_prices
from bot.markets.names import find_market
from bot.markets.prices import all_markets
from bot.models.alerts import AlertKind

COLUMNS = ("telegram_id", "product", "market", "kind", "value")
# Appended after `alerts list`'s own columns: the unit a rise or fall's value is in.
OPTIONAL_COLUMNS = ("unit",)
KINDS = tuple(kind.value for kind in AlertKind)
UNITS = ("斤", "公斤")
# How a unit cell may say them (as the prices import's 元/斤, 元/公斤; in English).
UNIT_WORDS = {
    "斤": "斤",
    "元/斤": "斤",
    "jin": "斤",
    "公斤": "公斤",
    "元/公斤": "公斤",
    "kg": "公斤",
}
# Telegram user ids have at most 52 significant bits (Bot API documentation).
MAX_TELEGRAM_ID = 2**52 - 1


def alert_problem(exc: AlertError) -> Problem:
    """A refused subscription as the admin importing it reads it (imports.problem.alert.*).

    The farmer's own sentence (alerts.error.*) speaks to the farmer; this one to the admin.
    """
    params: dict[str, Param] = {
        k: v if isinstance(v, str | int | float) else str(v)
        for k, v in exc.params.items()
        if k != "closest"
    }
    found = problem(f"alert.{exc.code}", **params)
    closest = exc.params.get("closest")
    return problem("with_closest", problem=found, closest=str(closest)) if closest else found


async def import_alerts(
    session: AsyncSession, table: Table, *, options: ImportOptions
) -> ImportResult:
    """Check every row, then subscribe every farmer in it, or raise ImportFailed."""
    check_header(table, COLUMNS, OPTIONAL_COLUMNS)
    checker = Checker()
    specs: list[tuple[int, int, AlertSpec]] = []
    seen: dict[tuple[int, str, str, str], int] = {}
    markets = await all_markets(session)
    named: dict[str, str] = {}  # a market named by its pinyin (Xinfadi): its name

    def kind_of(raw: str) -> AlertKind:
        if raw.lower() not in KINDS:
            raise ProblemError("not_one_of", raw=raw, choices=KINDS)
        return AlertKind(raw.lower())

    def unit_of(raw: str) -> str:
        unit = UNIT_WORDS.get(raw.strip().lower())
        if unit is None:
            raise ProblemError("not_one_of", raw=raw, choices=UNITS)
        return unit

    for row in table.rows:
        telegram_id = checker.cell(row, "telegram_id", parse_int)
        if telegram_id is not None and not 0 < telegram_id <= MAX_TELEGRAM_ID:
            checker.add(row, "telegram_id", problem("not_telegram_id", id=telegram_id))
            telegram_id = None
        product = checker.cell(row, "product", str)
        kind = checker.cell(row, "kind", kind_of)
        # No unit column, or an empty cell: 斤 (files written before the column).
        unit = checker.cell(row, "unit", unit_of, required=False)
        bad_unit, unit = unit is None and bool(row.get("unit")), unit or "斤"
        threshold = at_time = None
        if kind is not None:
            raw = row.get("value")
            if not raw:
                checker.add(row, "value", problem("empty"))
                continue
            try:
                threshold, at_time = parse_value(kind, raw, unit)
            except AlertError as exc:
                checker.add(row, "value", alert_problem(exc))
                continue
        if telegram_id is None or product is None or kind is None or bad_unit:
            continue
        market = row.get("market") or None
        if market is not None:
            if market not in named:
                # Only a name said otherwise is replaced: 新发地 stays as the farmer's own.
                found = find_market(market, markets)
                said = found is None or market in (found.name, found.short_name)
                named[market] = market if said or found is None else found.name
            market = named[market]
        key = (telegram_id, product, market or "", kind.value)
        if key in seen:
            checker.add(row, "product", problem("duplicate_alert", row=seen[key]))
            continue
        seen[key] = row.number
        spec = AlertSpec(product, kind, threshold, at_time, market, unit=unit)
        specs.append((row.number, telegram_id, spec))
    result = ImportResult()
    for number, telegram_id, spec in specs:
        # Checked row by row inside this transaction, even when other rows are
        # already refused (so one run reports every problem): the limit counts
        # the file's earlier rows too, and any problem rolls every row back.
        try:
            _, state = await subscribe(session, telegram_id, spec)
        except AlertError as exc:
            checker.add(number, exc.column, alert_problem(exc))
            continue
        if state == "added":
            result.added += 1
        elif state == "updated":
            result.updated += 1
        else:
            result.unchanged += 1
    checker.raise_if_any()
    return result


async def import_prices(
    session: AsyncSession, table: Table, *, options: ImportOptions
) -> ImportResult:
    """Store a price file, and queue the alerts its new prices trigger, in one transaction.

    Alerts exist exactly when the prices that caused them do; a re-import changes
    nothing and so queues nothing.
    """
    stored = await store_prices(session, table, options=options)
    if options.preview:
        return stored.result
    if options.before_alerts is not None:
        stored.result.alerts_replaced = await options.before_alerts(session, stored.stored)
    held = clock.utcnow() + options.hold_alerts if options.hold_alerts else None
    run = await fire(session, stored.stored, options.today, not_before=held)
    if run is not None and run.queued:
        stored.result.alert_run = run.id
    return stored.result

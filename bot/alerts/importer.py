"""`farmhub alerts import FILE`: farmers' price alert subscriptions, all or nothing.

The import (a contract) reads `telegram_id,product,market,kind,value`: `kind` is
daily, above, below or move; `value` is a time HH:MM, a price in 元/斤 or a
percentage; an empty `market` means the farmer's nearest markets (a market's
name or short name, a city or a province otherwise). Every farmer must have
started the bot. Like every import: every bad row is reported as `row N,
column C: problem` and nothing changes unless the whole file is valid; rows are
keyed by (telegram_id, product, market, kind), so importing the same file again
changes nothing and a new value updates the subscription.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.firing import on_new_prices
from bot.alerts.model import AlertError, AlertSpec
from bot.alerts.parsing import parse_value
from bot.alerts.service import subscribe
from bot.imports import (
    Checker,
    ImportOptions,
    ImportResult,
    Table,
    check_header,
    parse_int,
)
from bot.markets.importer import store_prices
from bot.models.alerts import AlertKind

COLUMNS = ("telegram_id", "product", "market", "kind", "value")
KINDS = tuple(kind.value for kind in AlertKind)
# Telegram user ids have at most 52 significant bits (Bot API documentation).
MAX_TELEGRAM_ID = 2**52 - 1

# What each refusal means to the admin running the import (English, like every CLI).
CLI_PROBLEMS = {
    "price_missing": "expected a price in 元/斤, e.g. 3.5",
    "negative": "a price must be greater than 0",
    "too_high": "{price} 元/斤 is not plausible",
    "percent_missing": "expected a percentage, e.g. 10 or 10%",
    "percent": "a percentage must be between {low} and {high}",
    "time": "expected a time HH:MM, e.g. 07:00",
    "unknown_product": "unknown product {word!r}",
    "unknown_market": "unknown market or region {word!r}",
    "not_started": "user {user} has not started the bot",
    "limit": "this farmer would have more than {max} alerts",
}


def problem(exc: Exception) -> str:
    """An AlertError as the CLI says it."""
    if not isinstance(exc, AlertError):
        return str(exc)
    text = CLI_PROBLEMS.get(exc.code, exc.code).format(**exc.params)
    closest = exc.params.get("closest")
    return f"{text} (closest: {closest})" if closest else text


async def import_alerts(
    session: AsyncSession, table: Table, *, options: ImportOptions
) -> ImportResult:
    """Check every row, then subscribe every farmer in it, or raise ImportFailed."""
    check_header(table, COLUMNS)
    checker = Checker()
    specs: list[tuple[int, int, AlertSpec]] = []
    seen: dict[tuple[int, str, str, str], int] = {}

    def kind_of(raw: str) -> AlertKind:
        if raw.lower() not in KINDS:
            raise ValueError(f"{raw!r} is not one of {', '.join(KINDS)}")
        return AlertKind(raw.lower())

    for row in table.rows:
        telegram_id = checker.cell(row, "telegram_id", parse_int)
        if telegram_id is not None and not 0 < telegram_id <= MAX_TELEGRAM_ID:
            checker.add(row, "telegram_id", f"{telegram_id} is not a user's Telegram id")
            telegram_id = None
        product = checker.cell(row, "product", str)
        kind = checker.cell(row, "kind", kind_of)
        threshold = at_time = None
        if kind is not None:
            raw = row.get("value")
            if not raw:
                checker.add(row, "value", "is empty")
                continue
            try:
                threshold, at_time = parse_value(kind, raw)
            except AlertError as exc:
                checker.add(row, "value", problem(exc))
                continue
        if telegram_id is None or product is None or kind is None:
            continue
        market = row.get("market") or None
        key = (telegram_id, product, market or "", kind.value)
        if key in seen:
            checker.add(
                row,
                "product",
                f"duplicate of row {seen[key]} (same farmer, product, market and kind)",
            )
            continue
        seen[key] = row.number
        specs.append(
            (row.number, telegram_id, AlertSpec(product, kind, threshold, at_time, market))
        )
    result = ImportResult()
    for number, telegram_id, spec in specs:
        # Checked row by row inside this transaction, even when other rows are
        # already refused (so one run reports every problem): the limit counts
        # the file's earlier rows too, and any problem rolls every row back.
        try:
            _, state = await subscribe(session, telegram_id, spec)
        except AlertError as exc:
            checker.add(number, exc.column, problem(exc))
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
    await on_new_prices(session, stored.stored, options.today)
    return stored.result
